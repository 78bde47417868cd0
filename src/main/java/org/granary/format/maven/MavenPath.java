package org.granary.format.maven;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.format.PathText;

/**
 * Parses the part of a request path after the repository name in the standard Maven 2 repository layout
 * ({@code group/as/path/artifactId/version/artifactId-version[-classifier].ext}) into what is being asked for.
 * <p>
 * Pure and strict: percent-encoding, {@code .}/{@code ..} segments, empty segments and characters outside
 * {@code A-Z a-z 0-9 . _ - + ~} are rejected (400) before anything else looks at the path; shapes the layout
 * does not define (directory listings, files of another artifact) are 404 or 400 with a message.
 */
public sealed interface MavenPath {

    /** The path inside the repository, exactly as the client asked for it. */
    String path();

    /** {@code .../maven-metadata.xml} at group, artifact or version level: mutable. */
    record Metadata(String path) implements MavenPath {
    }

    /**
     * A file of one artifact version.
     *
     * @param fileVersion the version as it appears in the file name: equal to {@code version}, or for a
     *                    snapshot its timestamped form ({@code 1.0-20250101.123456-1})
     * @param classifier  {@code null} when the file has none
     * @param extension   everything after the first dot that follows version and classifier
     *                    ({@code jar}, {@code pom}, {@code tar.gz}, {@code jar.asc})
     */
    record ArtifactFile(String path, String groupId, String artifactId, String version, String fileVersion,
                        String classifier, String extension) implements MavenPath {

        /** A file of a {@code -SNAPSHOT} version (timestamped or not): it may change upstream. */
        public boolean snapshot() {
            return version.endsWith(SNAPSHOT_SUFFIX);
        }

        /**
         * The build of a timestamped snapshot file ({@code 1.0-20250101.123456-7}: {@code 20250101.123456}, 7);
         * empty for release files and for the plain {@code -SNAPSHOT} file.
         */
        public Optional<MavenMetadata.Snapshot> snapshotBuild() {
            if (!snapshot() || fileVersion.equals(version)) {
                return Optional.empty();
            }
            String build = fileVersion.substring(version.length() - SNAPSHOT_SUFFIX.length() + 1);
            int dash = build.lastIndexOf('-');
            return Optional.of(new MavenMetadata.Snapshot(build.substring(0, dash), Integer.parseInt(build.substring(dash + 1))));
        }

        /** {@code groupId:artifactId:version[:classifier]:extension}, for messages. */
        public String display() {
            return groupId + ":" + artifactId + ":" + fileVersion + (classifier == null ? "" : ":" + classifier)
                    + ":" + extension;
        }
    }

    /** {@code <file>.sha1}, {@code .md5}, {@code .sha256} or {@code .sha512} of a metadata or artifact file. */
    record Checksum(String path, MavenPath target, ChecksumAlgorithm algorithm) implements MavenPath {
    }

    String METADATA = "maven-metadata.xml";
    String SNAPSHOT_SUFFIX = "-SNAPSHOT";
    int MAX_SEGMENT_LENGTH = 255;
    int MAX_PATH_LENGTH = 1000;
    Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+~-]+");

    /**
     * @param rawPath the path after {@code /{repository}/}, as the client sent it
     * @throws InvalidRequestException for paths that break the layout's character rules or try to escape it
     * @throws NotFoundException for shapes the layout does not define
     */
    static MavenPath parse(String rawPath) {
        String path = rawPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty() || path.endsWith("/")) {
            throw new NotFoundException("this Maven repository does not list directories; ask for a file");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidRequestException("path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.indexOf('%') >= 0) {
            throw new InvalidRequestException("'" + PathText.printable(path) + "' is not a valid Maven repository path: "
                    + "percent-encoded characters never occur in the Maven layout");
        }
        List<String> segments = Arrays.asList(path.split("/", -1));
        for (String segment : segments) {
            validSegment(segment, path);
        }
        String fileName = segments.get(segments.size() - 1);
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofFileName(fileName);
        if (algorithm != null) {
            String targetPath = path.substring(0, path.length() - algorithm.extension().length() - 1);
            if (ChecksumAlgorithm.ofFileName(targetPath) != null) {
                throw new NotFoundException("checksums of checksum files are not served: " + PathText.printable(path));
            }
            if (targetPath.endsWith("/") || targetPath.isEmpty()) {
                throw new InvalidRequestException("'" + PathText.printable(path) + "' names a checksum of nothing");
            }
            return new Checksum(path, parse(targetPath), algorithm);
        }
        if (fileName.equals(METADATA)) {
            if (segments.size() < 2) {
                throw new NotFoundException("there is no repository-level " + METADATA);
            }
            return new Metadata(path);
        }
        if (segments.size() < 4) {
            throw new NotFoundException("'" + PathText.printable(path) + "' is not a Maven artifact path "
                    + "(group/path/artifactId/version/artifactId-version[-classifier].ext)");
        }
        return artifactFile(path, segments);
    }

    private static ArtifactFile artifactFile(String path, List<String> segments) {
        int n = segments.size();
        String fileName = segments.get(n - 1);
        String version = segments.get(n - 2);
        String artifactId = segments.get(n - 3);
        String groupId = String.join(".", segments.subList(0, n - 3));
        String prefix = artifactId + "-";
        String expected = " (expected " + artifactId + "-" + version + "[-classifier].extension)";
        if (!fileName.startsWith(prefix)) {
            throw new InvalidRequestException("'" + fileName + "' is not a file of " + groupId + ":" + artifactId
                    + ":" + version + expected);
        }
        String rest = fileName.substring(prefix.length());
        String fileVersion = fileVersion(rest, version);
        if (fileVersion == null) {
            throw new InvalidRequestException("'" + fileName + "' is not a file of " + groupId + ":" + artifactId
                    + ":" + version + expected);
        }
        String tail = rest.substring(fileVersion.length());
        String classifier = null;
        if (tail.startsWith("-")) {
            int dot = tail.indexOf('.');
            if (dot <= 1) {
                throw new InvalidRequestException("'" + fileName + "' has an empty classifier or no extension");
            }
            classifier = tail.substring(1, dot);
            tail = tail.substring(dot);
        }
        if (!tail.startsWith(".") || tail.length() < 2 || tail.endsWith(".")) {
            throw new InvalidRequestException("'" + fileName + "' has no extension" + expected);
        }
        return new ArtifactFile(path, groupId, artifactId, version, fileVersion, classifier, tail.substring(1));
    }

    /**
     * The version as written at the start of {@code rest}: the directory's version itself, or for a snapshot
     * the timestamped form {@code base-yyyyMMdd.HHmmss-buildNumber}; {@code null} when neither fits.
     */
    private static String fileVersion(String rest, String version) {
        if (startsWithVersion(rest, version)) {
            return version;
        }
        if (!version.endsWith(SNAPSHOT_SUFFIX)) {
            return null;
        }
        String base = version.substring(0, version.length() - SNAPSHOT_SUFFIX.length());
        Matcher m = Pattern.compile(Pattern.quote(base) + "-(\\d{8}\\.\\d{6})-(\\d{1,9})(?=[-.])").matcher(rest);
        return m.lookingAt() ? m.group() : null;
    }

    /** {@code rest} starts with {@code version} followed by a classifier or an extension. */
    private static boolean startsWithVersion(String rest, String version) {
        return rest.startsWith(version) && rest.length() > version.length()
                && (rest.charAt(version.length()) == '-' || rest.charAt(version.length()) == '.');
    }

    private static void validSegment(String segment, String path) {
        if (segment.isEmpty()) {
            throw new InvalidRequestException("'" + PathText.printable(path) + "' has an empty path segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidRequestException("'" + PathText.printable(path) + "' contains a '.' or '..' segment");
        }
        if (segment.length() > MAX_SEGMENT_LENGTH) {
            throw new InvalidRequestException("a path segment is longer than " + MAX_SEGMENT_LENGTH + " characters");
        }
        if (!SEGMENT.matcher(segment).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(path) + "' is not a valid Maven repository path: "
                    + "groupId, artifactId, version and file names use only letters, digits and . _ - + ~");
        }
        if (segment.startsWith(".")) {
            throw new NotFoundException("hidden paths are not served: " + PathText.printable(path));
        }
    }
}
