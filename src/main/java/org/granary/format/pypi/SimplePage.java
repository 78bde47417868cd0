package org.granary.format.pypi;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project page of the Simple API as Granary understands it, whichever form (HTML or JSON) the upstream
 * sent. Upstream URLs are absolute; hash names are lower case and values lower-case hex.
 *
 * @param name       the normalised project name
 * @param apiVersion the upstream's PEP 629 version, e.g. {@code 1.0}
 * @param versions   the project's versions (PEP 700): the upstream's list, else derived from file names
 * @param files      the distribution files, in upstream order
 */
public record SimplePage(String name, String apiVersion, List<String> versions, List<Distribution> files) {

    public SimplePage {
        versions = List.copyOf(versions);
        files = List.copyOf(files);
    }

    /** The file named {@code filename} (exact match, as PEP 503 requires file names to be unique). */
    public Optional<Distribution> file(String filename) {
        return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
    }

    /** Whether every file's size is known, which PEP 700 (API version 1.1) requires. */
    public boolean sizesKnown() {
        return files.stream().allMatch(f -> f.size() != null);
    }

    /**
     * The pages of one project from a group's members, merged in member order (hosted first): every file of the
     * first page, then the files of each later page whose file name is not listed yet (an earlier member wins a
     * file name, as the group serves that member's file); versions likewise. (The served API version is the renderer's.)
     */
    public static SimplePage merge(String project, List<SimplePage> pages) {
        if (pages.size() == 1) {
            return pages.get(0);
        }
        Map<String, Distribution> files = new LinkedHashMap<>();
        Set<String> versions = new LinkedHashSet<>();
        for (SimplePage page : pages) {
            page.files().forEach(f -> files.putIfAbsent(f.filename(), f));
            versions.addAll(page.versions());
        }
        return new SimplePage(project, pages.isEmpty() ? "1.0" : pages.get(0).apiVersion(), List.copyOf(versions),
                List.copyOf(files.values()));
    }

    /** Versions in order of first appearance in the file names, for upstreams that do not list them. */
    static List<String> versionsOf(String project, List<Distribution> files) {
        Set<String> versions = new LinkedHashSet<>();
        for (Distribution f : files) {
            String v = DistributionFilename.version(project, f.filename());
            if (v != null) {
                versions.add(v);
            }
        }
        return List.copyOf(versions);
    }

    /**
     * One file of a project.
     *
     * @param filename       the file name (the last path segment of its URL)
     * @param url            the absolute upstream URL, without fragment
     * @param hashes         hash name to hex value, possibly empty
     * @param requiresPython the {@code Requires-Python} specifier, or {@code null}
     * @param yanked         {@code null} when not yanked; otherwise the reason, possibly empty (PEP 592)
     * @param coreMetadata   {@code null} when no {@code .metadata} file exists; otherwise its hashes, possibly
     *                       empty (PEP 658/714)
     * @param size           the size in bytes, or {@code null} when the upstream did not say (PEP 700)
     * @param uploadTime     the ISO-8601 upload time, or {@code null} (PEP 700)
     */
    public record Distribution(String filename, URI url, Map<String, String> hashes, String requiresPython,
                               String yanked, Map<String, String> coreMetadata, Long size, String uploadTime) {

        public Distribution {
            hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
            coreMetadata = coreMetadata == null ? null
                    : Collections.unmodifiableMap(new LinkedHashMap<>(coreMetadata));
        }

        public boolean isYanked() {
            return yanked != null;
        }

        public boolean hasCoreMetadata() {
            return coreMetadata != null;
        }

        /** The upstream URL of the core metadata file: the file's URL with {@code .metadata} appended. */
        public URI coreMetadataUrl() {
            String u = url.toString();
            int query = u.indexOf('?');
            return URI.create(query < 0 ? u + PypiPath.METADATA_SUFFIX
                    : u.substring(0, query) + PypiPath.METADATA_SUFFIX + u.substring(query));
        }
    }
}
