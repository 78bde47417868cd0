package org.granary.admin.api;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.granary.core.InvalidRequestException;
import org.granary.core.RepositoryInfo;
import org.granary.persistence.ApiToken;
import org.granary.persistence.AuditEvent;
import org.granary.persistence.UserAccount;

/** JSON rendering of API objects and reading of request fields, with 400s that say which field is wrong. */
final class Json2 {

    private Json2() {
    }

    static JsonObject user(UserAccount u) {
        return Json.createObjectBuilder()
                .add("username", u.getUsername())
                .add("roles", strings(u.getRoles()))
                .add("email", nullable(u.getEmail()))
                .add("enabled", u.isEnabled())
                .add("identitySource", u.getIdentitySource())
                .add("createdAt", u.getCreatedAt().toString())
                .build();
    }

    static JsonObjectBuilder token(ApiToken t) {
        return Json.createObjectBuilder()
                .add("id", t.getId())
                .add("name", t.getName())
                .add("user", t.getUser().getUsername())
                .add("prefix", t.getTokenPrefix())
                .add("key", t.getTokenHash())
                .add("readOnly", t.isReadOnly())
                .add("createdAt", t.getCreatedAt().toString())
                .add("expiresAt", nullable(t.getExpiresAt()))
                .add("revokedAt", nullable(t.getRevokedAt()))
                .add("lastUsedAt", nullable(t.getLastUsedAt()));
    }

    static JsonObjectBuilder repository(RepositoryInfo r) {
        return Json.createObjectBuilder()
                .add("name", r.name())
                .add("format", r.format().id())
                .add("type", r.type().name().toLowerCase())
                .add("upstreamUrl", nullable(r.upstream().map(Object::toString).orElse(null)))
                .add("members", strings(r.members()))
                .add("anonymousRead", r.anonymousRead())
                .add("publishers", strings(r.publishers()))
                .add("metadataMaxAgeSeconds", r.metadataMaxAge().toSeconds())
                .add("maxUploadBytes", r.maxUploadBytes())
                .add("maxMetadataBytes", r.maxMetadataBytes())
                .add("requireDeclaredHash", r.requireDeclaredHash())
                .add("maxBytes", nullableNumber(r.cleanup().maxBytes()))
                .add("maxIdleDays", nullableNumber(r.cleanup().maxIdleDays()))
                .add("keepLatest", nullableNumber(r.cleanup().keepLatest()));
    }

    static JsonObject audit(AuditEvent e) {
        return Json.createObjectBuilder()
                .add("id", e.getId())
                .add("at", e.getAt().toString())
                .add("actor", nullable(e.getActor()))
                .add("action", e.getAction())
                .add("target", nullable(e.getTarget()))
                .add("outcome", e.getOutcome())
                .add("detail", nullable(e.getDetail()))
                .add("clientAddress", nullable(e.getClientAddress()))
                .build();
    }

    static JsonArrayBuilder strings(Collection<String> values) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        values.forEach(a::add);
        return a;
    }

    static JsonValue nullableNumber(Number v) {
        return v == null ? JsonValue.NULL : Json.createValue(v.longValue());
    }

    static JsonValue nullable(Object v) {
        return v == null ? JsonValue.NULL : Json.createValue(v instanceof Instant i ? i.toString() : v.toString());
    }

    static String string(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new InvalidRequestException("'" + field + "' must be a string");
    }

    static Boolean bool(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw new InvalidRequestException("'" + field + "' must be true or false");
    }

    static Long number(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof jakarta.json.JsonNumber n)) {
            throw new InvalidRequestException("'" + field + "' must be a number");
        }
        if (!n.isIntegral()) {
            throw new InvalidRequestException("'" + field + "' must be a whole number, not " + n);
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new InvalidRequestException("'" + field + "' is too large: " + n);
        }
    }

    static List<String> list(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof jakarta.json.JsonArray a)) {
            throw new InvalidRequestException("'" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : a) {
            if (!(item instanceof JsonString s)) {
                throw new InvalidRequestException("'" + field + "' must be an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    static Set<String> set(JsonObject body, String field) {
        List<String> l = list(body, field);
        return l == null ? null : new LinkedHashSet<>(l);
    }
}
