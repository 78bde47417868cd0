package org.granary.format.pypi;

import java.nio.charset.StandardCharsets;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.format.PathText;

/**
 * Parses the part of a PyPI request path after the repository name into what is being asked for.
 * Non-canonical spellings of a project page (a name that is not normalised, a missing trailing slash) come
 * back as a {@link Redirect} to the canonical path, as PEP 503 asks.
 */
public sealed interface PypiPath {

    /** {@code GET simple/}: the project list. */
    record ProjectList() implements PypiPath {
    }

    /** {@code GET simple/{project}/} with a normalised name. */
    record Project(String name) implements PypiPath {
    }

    /** A non-canonical path; {@code location} is relative to the repository URL, e.g. {@code simple/foo-bar/}. */
    record Redirect(String location) implements PypiPath {
    }

    /** {@code GET files/{project}/{filename}}: a distribution file. */
    record File(String project, String filename) implements PypiPath {
        /** The artifact's path inside the repository. */
        public String artifactPath() {
            return project + "/" + filename;
        }
    }

    /** {@code GET files/{project}/{filename}.metadata}: the core metadata of a distribution (PEP 658). */
    record CoreMetadata(String project, String filename) implements PypiPath {
        public String artifactPath() {
            return project + "/" + filename + METADATA_SUFFIX;
        }
    }

    /**
     * {@code GET pypi/{project}/json} or {@code GET pypi/{project}/{version}/json}: PyPI's JSON API.
     *
     * @param version {@code null} for the project
     */
    record JsonApi(String project, String version) implements PypiPath {
    }

    String METADATA_SUFFIX = ".metadata";
    int MAX_FILENAME_LENGTH = 255;

    /**
     * @param rawPath the path after {@code /{repository}/}, still percent-encoded
     * @throws InvalidRequestException for names and file names that cannot be valid
     * @throws NotFoundException for paths the Simple API does not define
     */
    static PypiPath parse(String rawPath) {
        String path = rawPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty() || path.equals("simple")) {
            return new Redirect("simple/");
        }
        String[] s = path.split("/", -1);
        if (s[0].equals("simple")) {
            return simple(s, rawPath);
        }
        if (s[0].equals("pypi") && (s.length == 3 || s.length == 4 || s.length == 5)) {
            return jsonApi(s, rawPath);
        }
        if (s[0].equals("files") && s.length == 3) {
            return file(PathText.decode(s[1]), PathText.decode(s[2]));
        }
        throw new NotFoundException("the PyPI Simple API defines no resource at '" + PathText.printable(rawPath) + "'");
    }

    private static PypiPath simple(String[] s, String rawPath) {
        if (s.length == 2 && s[1].isEmpty()) {
            return new ProjectList();
        }
        boolean slash = s.length == 3 && s[2].isEmpty();
        if (s.length == 2 || slash) {
            String name = ProjectName.requireValid(PathText.decode(s[1]));
            String normalised = ProjectName.normalise(name);
            return slash && name.equals(normalised) ? new Project(normalised) : new Redirect("simple/" + normalised + "/");
        }
        throw new NotFoundException("the PyPI Simple API defines no resource at '" + PathText.printable(rawPath) + "'");
    }

    /** {@code pypi/{p}/json}, {@code pypi/{p}/{v}/json}, each also with a trailing slash. */
    private static PypiPath jsonApi(String[] s, String rawPath) {
        int n = s.length;
        if (s[n - 1].isEmpty()) {
            n--;
        }
        if ((n != 3 && n != 4) || !s[n - 1].equals("json")) {
            throw new NotFoundException("the PyPI JSON API defines no resource at '" + PathText.printable(rawPath) + "'");
        }
        String name = ProjectName.requireValid(PathText.decode(s[1]));
        String normalised = ProjectName.normalise(name);
        String version = n == 4 ? PythonVersion.requireValid(PathText.decode(s[2])) : null;
        if (!name.equals(normalised)) {
            return new Redirect("pypi/" + normalised + "/" + (version == null ? "" : encodeSegment(version) + "/") + "json");
        }
        return new JsonApi(normalised, version);
    }

    private static PypiPath file(String project, String filename) {
        String name = ProjectName.requireValid(project);
        String normalised = ProjectName.normalise(name);
        validFilename(filename);
        if (!name.equals(normalised)) {
            return new Redirect("files/" + normalised + "/" + encodeSegment(filename));
        }
        if (filename.endsWith(METADATA_SUFFIX)) {
            String distribution = filename.substring(0, filename.length() - METADATA_SUFFIX.length());
            validFilename(distribution);
            return new CoreMetadata(normalised, distribution);
        }
        return new File(normalised, filename);
    }

    /** A distribution file name: one path segment, printable, not hidden, not too long. */
    static String validFilename(String filename) {
        if (filename.isEmpty()) {
            throw new InvalidRequestException("file name is empty");
        }
        if (filename.length() > MAX_FILENAME_LENGTH) {
            throw new InvalidRequestException("file name is longer than " + MAX_FILENAME_LENGTH + " characters");
        }
        if (filename.startsWith(".")) {
            throw new InvalidRequestException("'" + PathText.printable(filename) + "' is not a distribution file name");
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '%') {
                throw new InvalidRequestException("'" + PathText.printable(filename) + "' is not a distribution file name:"
                        + " it contains a separator, '%' or a control character");
            }
        }
        return filename;
    }

    /** Percent-encodes a path segment, leaving letters, digits and {@code - . _ ~ + !} as they are. */
    static String encodeSegment(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~+!".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
