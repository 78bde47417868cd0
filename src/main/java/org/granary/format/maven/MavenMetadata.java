package org.granary.format.maven;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A {@code maven-metadata.xml} at group level (plugin prefixes), artifact level (the versions of an artifact) or
 * version level (the timestamped builds of a snapshot): read, merged and written. Granary keeps the metadata of
 * a hosted repository itself, from the files deployed there, and merges the metadata of a group's members.
 * Elements this model does not know are dropped when a document is rewritten. Pure.
 *
 * @param groupId    {@code null} in group-level documents
 * @param artifactId {@code null} in group-level documents
 * @param version    set in version-level documents
 */
public record MavenMetadata(String groupId, String artifactId, String version, Versioning versioning,
                            List<Plugin> plugins) {

    /**
     * @param latest           the greatest version, snapshots included
     * @param release          the greatest version that is not a snapshot
     * @param snapshot         the latest build of a snapshot (version level)
     * @param lastUpdated      {@code yyyyMMddHHmmss}, UTC
     * @param snapshotVersions the latest build of each file of a snapshot (version level)
     */
    public record Versioning(String latest, String release, Snapshot snapshot, List<String> versions,
                             String lastUpdated, List<SnapshotVersion> snapshotVersions) {

        public Versioning {
            versions = List.copyOf(versions);
            snapshotVersions = List.copyOf(snapshotVersions);
        }

        static final Versioning EMPTY = new Versioning(null, null, null, List.of(), null, List.of());

        boolean isEmpty() {
            return latest == null && release == null && snapshot == null && versions.isEmpty() && lastUpdated == null
                    && snapshotVersions.isEmpty();
        }
    }

    /** A snapshot build: {@code timestamp} as {@code yyyyMMdd.HHmmss}. */
    public record Snapshot(String timestamp, int buildNumber) {
    }

    /** One file of a snapshot build: {@code value} is the timestamped version, {@code updated} {@code yyyyMMddHHmmss}. */
    public record SnapshotVersion(String classifier, String extension, String value, String updated) {

        String key() {
            return (classifier == null ? "" : classifier) + ":" + extension;
        }
    }

    /** A Maven plugin of the group, by its prefix. */
    public record Plugin(String name, String prefix, String artifactId) {
    }

    public MavenMetadata {
        versioning = versioning == null ? Versioning.EMPTY : versioning;
        plugins = List.copyOf(plugins);
    }

    /** An artifact-level (or, with a {@code version}, version-level) document with nothing in it yet. */
    public static MavenMetadata of(String groupId, String artifactId, String version) {
        return new MavenMetadata(groupId, artifactId, version, Versioning.EMPTY, List.of());
    }

    // ------------------------------------------------------------------ changes

    /** This artifact-level document with {@code v} among its versions and latest/release recomputed. */
    public MavenMetadata withVersion(String v, String lastUpdated) {
        Set<String> versions = new LinkedHashSet<>(versioning.versions());
        versions.add(v);
        return new MavenMetadata(groupId, artifactId, version, recomputed(new Versioning(versioning.latest(),
                versioning.release(), versioning.snapshot(), List.copyOf(versions), lastUpdated,
                versioning.snapshotVersions())), plugins);
    }

    /**
     * This artifact-level document without {@code v}: latest and release recomputed from the versions left (none when
     * none is left of that kind).
     */
    public MavenMetadata withoutVersion(String v, String lastUpdated) {
        List<String> left = versioning.versions().stream().filter(x -> !x.equals(v)).toList();
        Versioning next = new Versioning(null, null, versioning.snapshot(), left, lastUpdated,
                versioning.snapshotVersions());
        return new MavenMetadata(groupId, artifactId, version, left.isEmpty() ? next : recomputed(next), plugins);
    }

    /**
     * This version-level document with a deployed file of build {@code build} of the snapshot: the file's entry
     * replaces an older one of the same classifier and extension, and the build becomes the snapshot's latest
     * when it is newer than the one recorded.
     */
    public MavenMetadata withSnapshotFile(Snapshot build, SnapshotVersion file, String lastUpdated) {
        Map<String, SnapshotVersion> byKey = new LinkedHashMap<>();
        versioning.snapshotVersions().forEach(sv -> byKey.put(sv.key(), sv));
        SnapshotVersion existing = byKey.get(file.key());
        if (existing == null || compareBuilds(file.value(), existing.value()) >= 0) {
            byKey.put(file.key(), file);
        }
        Snapshot current = versioning.snapshot();
        Snapshot latest = current == null || build.buildNumber() > current.buildNumber()
                || (build.buildNumber() == current.buildNumber() && build.timestamp().compareTo(current.timestamp()) > 0)
                ? build : current;
        return new MavenMetadata(groupId, artifactId, version, new Versioning(versioning.latest(), versioning.release(),
                latest, versioning.versions(), maxOf(versioning.lastUpdated(), lastUpdated),
                List.copyOf(byKey.values())), plugins);
    }

    /** This document with {@code more} plugins; a plugin replaces one of the same prefix. */
    public MavenMetadata withPlugins(List<Plugin> more) {
        Map<String, Plugin> byPrefix = new LinkedHashMap<>();
        plugins.forEach(p -> byPrefix.put(p.prefix(), p));
        more.forEach(p -> byPrefix.put(p.prefix(), p));
        return new MavenMetadata(groupId, artifactId, version, versioning, List.copyOf(byPrefix.values()));
    }

    /**
     * One document from several, in order of precedence (a group's members, hosted first): the union of versions,
     * snapshot files and plugins, the earlier document winning where two disagree (the same snapshot file or
     * plugin prefix); latest and release recomputed; the latest {@code lastUpdated}.
     */
    public static MavenMetadata merge(List<MavenMetadata> documents) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        String groupId = null;
        String artifactId = null;
        String version = null;
        String latest = null;
        String release = null;
        Snapshot snapshot = null;
        String lastUpdated = null;
        Set<String> versions = new LinkedHashSet<>();
        Map<String, SnapshotVersion> files = new LinkedHashMap<>();
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        for (MavenMetadata d : documents) {
            groupId = groupId != null ? groupId : d.groupId();
            artifactId = artifactId != null ? artifactId : d.artifactId();
            version = version != null ? version : d.version();
            Versioning v = d.versioning();
            latest = latest != null ? latest : v.latest();
            release = release != null ? release : v.release();
            snapshot = snapshot != null ? snapshot : v.snapshot();
            lastUpdated = maxOf(lastUpdated, v.lastUpdated());
            versions.addAll(v.versions());
            v.snapshotVersions().forEach(sv -> files.putIfAbsent(sv.key(), sv));
            d.plugins().forEach(p -> plugins.putIfAbsent(p.prefix(), p));
        }
        Versioning merged = new Versioning(latest, release, snapshot, List.copyOf(versions), lastUpdated,
                List.copyOf(files.values()));
        return new MavenMetadata(groupId, artifactId, version, recomputed(merged), List.copyOf(plugins.values()));
    }

    /** Versions in Maven's order; latest and release recomputed from them (kept as they are without versions). */
    private static Versioning recomputed(Versioning v) {
        if (v.versions().isEmpty()) {
            return v;
        }
        List<String> sorted = new ArrayList<>(v.versions());
        sorted.sort(MavenVersionOrder.INSTANCE);
        String release = MavenVersionOrder.INSTANCE.max(sorted.stream()
                .filter(x -> !x.endsWith(MavenPath.SNAPSHOT_SUFFIX)).toList());
        return new Versioning(MavenVersionOrder.INSTANCE.max(sorted), release, v.snapshot(), sorted, v.lastUpdated(),
                v.snapshotVersions());
    }

    /** Orders timestamped snapshot versions ({@code 1.0-20250101.123456-7}) by build number, then timestamp. */
    private static int compareBuilds(String a, String b) {
        int c = Integer.compare(buildNumber(a), buildNumber(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int buildNumber(String timestamped) {
        int dash = timestamped.lastIndexOf('-');
        try {
            return Integer.parseInt(timestamped.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String maxOf(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    // ------------------------------------------------------------------ reading

    private static final XMLInputFactory FACTORY = newFactory();

    /** @throws IOException saying why {@code xml} is not a {@code maven-metadata.xml} */
    public static MavenMetadata parse(byte[] xml) throws IOException {
        Builder b = new Builder();
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                Deque<String> path = new ArrayDeque<>();
                StringBuilder text = new StringBuilder();
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new IOException("maven-metadata.xml declares a DTD, which Maven metadata never does");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (path.isEmpty() && !"metadata".equals(r.getLocalName()) && !b.rootSeen) {
                            throw new IOException("maven-metadata.xml has root element <" + r.getLocalName()
                                    + ">, not <metadata>");
                        }
                        b.rootSeen = true;
                        path.addLast(r.getLocalName());
                        text.setLength(0);
                        b.start(String.join("/", path));
                    } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                        text.append(r.getText());
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        b.end(String.join("/", path), text.toString().trim());
                        path.removeLast();
                        text.setLength(0);
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException("maven-metadata.xml is not well-formed XML: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IOException("maven-metadata.xml has a buildNumber that is not a number: " + e.getMessage(), e);
        }
        if (!b.rootSeen) {
            throw new IOException("maven-metadata.xml has no root element");
        }
        return b.build();
    }

    /** Collects elements by their path from the root. */
    private static final class Builder {
        private boolean rootSeen;
        private String groupId;
        private String artifactId;
        private String version;
        private String latest;
        private String release;
        private String lastUpdated;
        private String timestamp;
        private Integer buildNumber;
        private final List<String> versions = new ArrayList<>();
        private final List<SnapshotVersion> snapshotVersions = new ArrayList<>();
        private final List<Plugin> plugins = new ArrayList<>();
        private final Map<String, String> current = new LinkedHashMap<>();

        void start(String path) {
            if (path.equals("metadata/versioning/snapshotVersions/snapshotVersion") || path.equals("metadata/plugins/plugin")) {
                current.clear();
            }
        }

        void end(String path, String text) {
            String value = text.isEmpty() ? null : text;
            switch (path) {
                case "metadata/groupId" -> groupId = value;
                case "metadata/artifactId" -> artifactId = value;
                case "metadata/version" -> version = value;
                case "metadata/versioning/latest" -> latest = value;
                case "metadata/versioning/release" -> release = value;
                case "metadata/versioning/lastUpdated" -> lastUpdated = value;
                case "metadata/versioning/versions/version" -> {
                    if (value != null && !versions.contains(value)) {
                        versions.add(value);
                    }
                }
                case "metadata/versioning/snapshot/timestamp" -> timestamp = value;
                case "metadata/versioning/snapshot/buildNumber" -> buildNumber = value == null ? null : Integer.valueOf(value);
                case "metadata/versioning/snapshotVersions/snapshotVersion" -> {
                    if (current.get("extension") != null && current.get("value") != null) {
                        snapshotVersions.add(new SnapshotVersion(current.get("classifier"), current.get("extension"),
                                current.get("value"), current.get("updated")));
                    }
                }
                case "metadata/plugins/plugin" -> {
                    if (current.get("prefix") != null && current.get("artifactId") != null) {
                        plugins.add(new Plugin(current.get("name"), current.get("prefix"), current.get("artifactId")));
                    }
                }
                default -> {
                    int slash = path.lastIndexOf('/');
                    String parent = slash < 0 ? "" : path.substring(0, slash);
                    if (parent.equals("metadata/versioning/snapshotVersions/snapshotVersion")
                            || parent.equals("metadata/plugins/plugin")) {
                        current.put(path.substring(slash + 1), value);
                    }
                }
            }
        }

        MavenMetadata build() {
            Snapshot snapshot = timestamp != null || buildNumber != null
                    ? new Snapshot(timestamp, buildNumber == null ? 0 : buildNumber) : null;
            return new MavenMetadata(groupId, artifactId, version, new Versioning(latest, release, snapshot, versions,
                    lastUpdated, snapshotVersions), plugins);
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    // ------------------------------------------------------------------ writing

    /** The document as Maven writes it (UTF-8, two-space indentation, elements in the schema's order). */
    public byte[] render() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata");
        if (version != null || versioning.snapshot() != null || !versioning.snapshotVersions().isEmpty()) {
            x.append(" modelVersion=\"1.1.0\"");
        }
        x.append(">\n");
        element(x, 1, "groupId", groupId);
        element(x, 1, "artifactId", artifactId);
        element(x, 1, "version", version);
        Versioning v = versioning;
        if (!v.isEmpty()) {
            x.append("  <versioning>\n");
            element(x, 2, "latest", v.latest());
            element(x, 2, "release", v.release());
            if (v.snapshot() != null) {
                x.append("    <snapshot>\n");
                element(x, 3, "timestamp", v.snapshot().timestamp());
                element(x, 3, "buildNumber", String.valueOf(v.snapshot().buildNumber()));
                x.append("    </snapshot>\n");
            }
            if (!v.versions().isEmpty()) {
                x.append("    <versions>\n");
                v.versions().forEach(ver -> element(x, 3, "version", ver));
                x.append("    </versions>\n");
            }
            element(x, 2, "lastUpdated", v.lastUpdated());
            if (!v.snapshotVersions().isEmpty()) {
                x.append("    <snapshotVersions>\n");
                for (SnapshotVersion sv : v.snapshotVersions()) {
                    x.append("      <snapshotVersion>\n");
                    element(x, 4, "classifier", sv.classifier());
                    element(x, 4, "extension", sv.extension());
                    element(x, 4, "value", sv.value());
                    element(x, 4, "updated", sv.updated());
                    x.append("      </snapshotVersion>\n");
                }
                x.append("    </snapshotVersions>\n");
            }
            x.append("  </versioning>\n");
        }
        if (!plugins.isEmpty()) {
            x.append("  <plugins>\n");
            for (Plugin p : plugins) {
                x.append("    <plugin>\n");
                element(x, 3, "name", p.name());
                element(x, 3, "prefix", p.prefix());
                element(x, 3, "artifactId", p.artifactId());
                x.append("    </plugin>\n");
            }
            x.append("  </plugins>\n");
        }
        x.append("</metadata>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder x, int depth, String name, String value) {
        if (value == null) {
            return;
        }
        x.append("  ".repeat(depth)).append('<').append(name).append('>');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> x.append("&amp;");
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                default -> x.append(c);
            }
        }
        x.append("</").append(name).append(">\n");
    }

    /** Whether this document names coordinates at all (group-level plugin documents name none). */
    boolean namesArtifact() {
        return artifactId != null && groupId != null;
    }
}
