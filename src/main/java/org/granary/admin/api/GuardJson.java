package org.granary.admin.api;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.granary.core.GuardPolicy;
import org.granary.core.GuardRule;
import org.granary.core.Guards;
import org.granary.core.InvalidRequestException;

/** The supply-chain policy in the REST API's JSON: the repository fields, exemptions, held versions. */
final class GuardJson {

    private GuardJson() {
    }

    /** The policy fields of a repository body: {@code minimumReleaseAge}, {@code missingReleaseTime}, break-glass. */
    static Guards.PolicyChange policyChange(JsonObject body) {
        String missing = Json2.string(body, "missingReleaseTime");
        GuardPolicy.MissingReleaseTime m = null;
        if (missing != null) {
            try {
                m = GuardPolicy.MissingReleaseTime.valueOf(missing.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("missingReleaseTime must be allow or deny, not '" + missing + "'");
            }
        }
        Optional<Instant> until = null;
        if (body.containsKey("breakGlassUntil")) {
            String at = Json2.string(body, "breakGlassUntil");
            until = at == null ? Optional.empty() : Optional.of(instant(at, "breakGlassUntil"));
        }
        return new Guards.PolicyChange(duration(body, "minimumReleaseAge"), m, Json2.bool(body, "breakGlass"), until);
    }

    /** An ISO-8601 duration ({@code "P3D"}) or a number of seconds. */
    static Duration duration(JsonObject body, String field) {
        JsonValue v = body.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            try {
                Duration d = Duration.parse(s.getString().trim());
                if (d.isNegative()) {
                    throw new InvalidRequestException("'" + field + "' cannot be negative");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("'" + field + "' must be an ISO-8601 duration such as \"P3D\" or "
                        + "\"PT12H\", or a number of seconds, not '" + s.getString() + "'");
            }
        }
        Long seconds = Json2.number(body, field);
        if (seconds < 0) {
            throw new InvalidRequestException("'" + field + "' cannot be negative");
        }
        return Duration.ofSeconds(seconds);
    }

    static Instant instant(String text, String field) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("'" + field + "' must be a UTC time such as \"2025-07-01T00:00:00Z\", not '"
                    + text + "'");
        }
    }

    /** {@code P3D} rather than {@code PT72H} for whole days. */
    static String duration(Duration d) {
        return !d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    static JsonObjectBuilder policy(JsonObjectBuilder repository, GuardPolicy p) {
        return repository.add("minimumReleaseAge", duration(p.minimumReleaseAge()))
                .add("missingReleaseTime", p.missingReleaseTime().name().toLowerCase(Locale.ROOT))
                .add("breakGlass", p.breakGlass())
                .add("breakGlassUntil", Json2.nullable(p.breakGlassUntil()))
                .add("exemptions", p.rules().size());
    }

    static String describe(GuardPolicy p) {
        return "minimumReleaseAge=" + duration(p.minimumReleaseAge()) + " missingReleaseTime="
                + p.missingReleaseTime().name().toLowerCase(Locale.ROOT) + " breakGlass=" + p.breakGlass()
                + (p.breakGlassUntil() != null ? " until " + p.breakGlassUntil() : "");
    }

    static JsonObject rule(GuardRule r, Instant now) {
        return Json.createObjectBuilder()
                .add("id", r.id())
                .add("action", r.actionName())
                .add("package", r.packagePattern())
                .add("version", r.versions().isAll() ? JsonValue.NULL : Json.createValue(r.versions().text()))
                .add("minimumReleaseAge", r.minimumReleaseAge() == null ? JsonValue.NULL
                        : Json.createValue(duration(r.minimumReleaseAge())))
                .add("reason", r.reason())
                .add("expiresAt", Json2.nullable(r.expiresAt()))
                .add("expired", !r.inForce(now))
                .add("createdBy", Json2.nullable(r.createdBy()))
                .add("createdAt", r.createdAt().toString())
                .build();
    }

    static JsonObject held(Guards.Held h) {
        return Json.createObjectBuilder()
                .add("repository", h.member())
                .add("package", h.packageName())
                .add("version", h.version())
                .add("reason", h.verdict().blockReason())
                .add("detail", h.verdict().describe(h.packageName() + "@" + h.version()))
                .add("decidedBy", h.verdict().repository())
                .add("releasedAt", Json2.nullable(h.verdict().releasedAt()))
                .add("availableAfter", Json2.nullable(h.verdict().availableAt() != null ? h.verdict().availableAt()
                        : h.verdict().until()))
                .build();
    }
}
