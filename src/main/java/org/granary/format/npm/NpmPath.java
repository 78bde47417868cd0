package org.granary.format.npm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;

/**
 * Parses the part of an npm request path after the repository name into what is being asked for.
 * Accepts scoped names in both encodings ({@code @scope%2fname} and {@code @scope/name}).
 */
public sealed interface NpmPath {

    /** {@code GET /{name}}: the packument. */
    record Packument(String name) implements NpmPath {
    }

    /** {@code GET /{name}/-/{file}.tgz}: a tarball. */
    record Tarball(String name, String version, String fileName) implements NpmPath {
        /** The artifact's path inside the repository. */
        public String artifactPath() {
            return name + "/-/" + fileName;
        }
    }

    /** {@code GET /{name}/{version-or-tag}}: one version's document. */
    record VersionDocument(String name, String versionOrTag) implements NpmPath {
    }

    /** {@code GET /-/package/{name}/dist-tags}. */
    record DistTags(String name) implements NpmPath {
    }

    /** {@code GET /-/ping}. */
    record Ping() implements NpmPath {
    }

    int MAX_NAME_LENGTH = 214;
    Pattern NAME_PART = Pattern.compile("[A-Za-z0-9._~!'()*-]+");
    Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,255}");

    /**
     * @param rawPath the path after {@code /{repository}/}, still percent-encoded
     * @throws InvalidRequestException for names and paths that break npm's rules
     * @throws NotFoundException for paths npm does not define
     */
    static NpmPath parse(String rawPath) {
        String path = rawPath.replace("%2F", "/").replace("%2f", "/");
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new NotFoundException("no package name in the request");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            segments.add(decode(raw));
        }
        if (segments.get(0).equals("-")) {
            return special(segments);
        }
        int consumed = segments.get(0).startsWith("@") ? 2 : 1;
        if (segments.size() < consumed) {
            throw new InvalidRequestException("scoped package name '" + segments.get(0) + "' has no name after the scope");
        }
        String name = validName(String.join("/", segments.subList(0, consumed)));
        List<String> rest = segments.subList(consumed, segments.size());
        if (rest.isEmpty() || (rest.size() == 1 && rest.get(0).isEmpty())) {
            return new Packument(name);
        }
        if (rest.size() == 2 && rest.get(0).equals("-")) {
            return tarball(name, rest.get(1));
        }
        if (rest.size() == 1) {
            String v = rest.get(0);
            if (!VERSION.matcher(v).matches()) {
                throw new InvalidRequestException("'" + v + "' is not a valid npm version or tag");
            }
            return new VersionDocument(name, v);
        }
        throw new NotFoundException("npm defines no resource at '" + rawPath + "'");
    }

    private static NpmPath special(List<String> segments) {
        if (segments.size() == 2 && segments.get(1).equals("ping")) {
            return new Ping();
        }
        if (segments.size() >= 4 && segments.get(1).equals("package") && segments.get(segments.size() - 1).equals("dist-tags")) {
            return new DistTags(validName(String.join("/", segments.subList(2, segments.size() - 1))));
        }
        throw new NotFoundException("this registry does not serve /" + String.join("/", segments));
    }

    private static Tarball tarball(String name, String fileName) {
        String unscoped = name.substring(name.indexOf('/') + 1);
        String prefix = unscoped + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tgz") || fileName.length() <= prefix.length() + 4) {
            throw new InvalidRequestException("'" + fileName + "' is not a tarball name of " + name
                    + " (expected " + prefix + "<version>.tgz)");
        }
        String version = fileName.substring(prefix.length(), fileName.length() - 4);
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidRequestException("'" + version + "' in '" + fileName + "' is not a valid npm version");
        }
        return new Tarball(name, version, fileName);
    }

    /** Checks npm's naming rules (lenient about legacy upper-case names, which still exist upstream). */
    static String validName(String name) {
        if (name.isEmpty()) {
            throw new InvalidRequestException("package name is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("package name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String[] parts;
        if (name.startsWith("@")) {
            parts = name.substring(1).split("/", -1);
            if (parts.length != 2) {
                throw new InvalidRequestException("'" + printable(name) + "' is not a valid scoped name (@scope/name)");
            }
        } else {
            parts = new String[] {name};
        }
        for (String part : parts) {
            if (!NAME_PART.matcher(part).matches()) {
                throw new InvalidRequestException("'" + printable(name) + "' is not a valid npm package name: "
                        + "only letters, digits and - . _ ~ ! ' ( ) * are allowed");
            }
            if (part.startsWith(".") || part.startsWith("_")) {
                throw new InvalidRequestException("'" + printable(name) + "' is not a valid npm package name: "
                        + "it may not start with '.' or '_'");
            }
        }
        return name;
    }

    /** Percent-decoding without '+' to space (paths are not forms). */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length) {
                    throw new InvalidRequestException("malformed percent-encoding in '" + printable(segment) + "'");
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidRequestException("malformed percent-encoding in '" + printable(segment) + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(100).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }

    /** The name as it appears in upstream registry URLs: {@code @scope%2fname}. */
    static String encodeForUpstream(String name) {
        return name.replace("/", "%2f");
    }
}
