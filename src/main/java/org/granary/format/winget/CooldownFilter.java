package org.granary.format.winget;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.granary.core.ReleaseListing;

/**
 * WinGet manifests and search results through the supply-chain guards, pure. A version's release time is the
 * earliest {@code ReleaseDate} of its installers (the manifest's root-level {@code ReleaseDate} is every installer's
 * default, so a REST document carries it per installer), at the start of that day in UTC: a manifest names a day, not
 * a moment. A version none of whose installers has one has no release time (for a proxy the policy's
 * {@code missingReleaseTime} decides; a hosted version counts from its publish). The same version in several channels
 * is one release: the earliest date of any of them.
 */
public final class CooldownFilter {

    private CooldownFilter() {
    }

    /** Every version of a {@code packageManifests} document (or an upstream's answer), with its release time. */
    public static Map<String, Instant> releaseTimes(byte[] document) throws IOException {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (JsonObject v : WingetDocuments.versions(WingetDocuments.data(document))) {
            String version = ManifestJson.string(v, "PackageVersion");
            if (version == null) {
                continue;
            }
            ReleaseListing.putEarliest(out, version, releasedAt(v));
        }
        return out;
    }

    /** The release time of one element of {@code Versions}: its installers' earliest {@code ReleaseDate}. */
    public static Instant releasedAt(JsonObject version) {
        Instant earliest = releaseDate(ManifestJson.string(version, "ReleaseDate"));
        for (JsonValue i : ManifestJson.array(version, "Installers")) {
            Instant at = i instanceof JsonObject o ? releaseDate(ManifestJson.string(o, "ReleaseDate")) : null;
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        return earliest;
    }

    /**
     * A {@code ReleaseDate} as a moment: a date ({@code 2024-05-31}, what the schema asks for) at 00:00 UTC; a full
     * timestamp with an offset as it says; {@code null} for none or anything else.
     */
    static Instant releaseDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            return ReleaseListing.time(text);
        }
    }

    /** A document's {@code Data} with only the versions {@code allows} lets through (empty {@code Versions}: none). */
    public static JsonObject filter(JsonObject data, Predicate<String> allows) {
        List<JsonObject> versions = WingetDocuments.versions(data);
        List<JsonObject> kept = versions.stream()
                .filter(v -> allows.test(String.valueOf(ManifestJson.string(v, "PackageVersion")))).toList();
        return kept.size() == versions.size() ? data : WingetDocuments.withVersions(data, kept);
    }

    /** A search result's package with only the versions {@code allows} lets through; empty when none is left. */
    public static Optional<PackageSummary> filter(PackageSummary p, Predicate<String> allows) {
        List<PackageSummary.VersionSummary> kept = p.versions().stream()
                .filter(v -> allows.test(v.packageVersion())).toList();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(kept.size() == p.versions().size() ? p
                : new PackageSummary(p.packageIdentifier(), p.packageName(), p.publisher(), kept));
    }
}
