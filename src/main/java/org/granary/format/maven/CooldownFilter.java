package org.granary.format.maven;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.granary.core.VersionGate;

/**
 * {@code maven-metadata.xml} through the supply-chain guards, pure: an artifact's document lists its versions without
 * times (a version's time is its POM's upstream {@code Last-Modified}, probed by the adapter); a filtered document
 * lists only the visible versions, its {@code <latest>} and {@code <release>} kept when visible and otherwise the
 * greatest visible (non-snapshot for release) version, or left out when there is none.
 */
public final class CooldownFilter {

    private CooldownFilter() {
    }

    /** The versions of an artifact-level document, in document order, none with a time. */
    public static Map<String, Instant> releaseTimes(byte[] document) throws IOException {
        Map<String, Instant> out = new LinkedHashMap<>();
        MavenMetadata.parse(document).versioning().versions().stream()
                .filter(v -> !v.endsWith(MavenPath.SNAPSHOT_SUFFIX))
                .forEach(v -> out.put(v, null));
        return out;
    }

    public static byte[] filter(byte[] document, VersionGate gate) throws IOException {
        MavenMetadata m = MavenMetadata.parse(document);
        MavenMetadata filtered = filter(m, gate::allows);
        return filtered == m ? document : filtered.render();
    }

    /** {@code m} without the versions {@code visible} refuses (snapshots are never judged). */
    public static MavenMetadata filter(MavenMetadata m, Predicate<String> visible) {
        Predicate<String> shown = v -> v.endsWith(MavenPath.SNAPSHOT_SUFFIX) || visible.test(v);
        MavenMetadata.Versioning v = m.versioning();
        List<String> versions = v.versions().stream().filter(shown).toList();
        boolean latestOk = v.latest() == null || shown.test(v.latest());
        boolean releaseOk = v.release() == null || shown.test(v.release());
        if (versions.size() == v.versions().size() && latestOk && releaseOk) {
            return m;
        }
        String latest = latestOk ? v.latest() : MavenVersionOrder.INSTANCE.max(versions);
        String release = releaseOk ? v.release() : MavenVersionOrder.INSTANCE.max(versions.stream()
                .filter(x -> !x.endsWith(MavenPath.SNAPSHOT_SUFFIX)).toList());
        return new MavenMetadata(m.groupId(), m.artifactId(), m.version(), new MavenMetadata.Versioning(latest, release,
                v.snapshot(), versions, v.lastUpdated(), v.snapshotVersions()), m.plugins());
    }
}
