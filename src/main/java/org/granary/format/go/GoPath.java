package org.granary.format.go;

import java.nio.charset.StandardCharsets;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.format.PathText;

/**
 * Parses the part of a GOPROXY request path after the repository name into what is being asked for.
 * Module paths and versions arrive case-encoded ({@code example.test/!upper/!dep}); percent-encoding
 * ({@code %21upper}) is decoded first, an encoded slash is refused.
 */
public sealed interface GoPath {

    /** {@code $module/@v/list}: the known versions, one a line (mutable). */
    record VersionList(ModulePath module) implements GoPath {
        public String path() {
            return module.escaped() + "/@v/list";
        }
    }

    /** {@code $module/@latest}: the {@code .info} of the latest version when there is no tagged one (mutable). */
    record Latest(ModulePath module) implements GoPath {
        public String path() {
            return module.escaped() + "/@latest";
        }
    }

    /**
     * {@code $module/@v/$query.info} for something that is not a release of the module (a branch, a commit
     * hash, a version the path's major suffix excludes): the upstream resolves it, and the answer can change.
     */
    record Query(ModulePath module, ModuleVersion version) implements GoPath {
        public String path() {
            return module.escaped() + "/@v/" + version.escaped() + ".info";
        }
    }

    /** {@code $module/@v/$version.info|.mod|.zip} of a release: immutable. */
    record VersionFile(ModulePath module, ModuleVersion version, Kind kind) implements GoPath {
        /** The artifact's path inside the repository (case-encoded, as in URLs). */
        public String path() {
            return module.escaped() + "/@v/" + version.escaped() + kind.suffix;
        }

        /** {@code module@version}, the way go names it. */
        public String display() {
            return module.path() + "@" + version.version();
        }
    }

    /**
     * {@code $module/@v/$version.ziphash}: the {@code h1:} hash of the cached zip, as go.sum records it.
     * A Granary extension (the go command never asks for it), named after the module cache's file.
     */
    record ZipHash(ModulePath module, ModuleVersion version) implements GoPath {
        public VersionFile zip() {
            return new VersionFile(module, version, Kind.ZIP);
        }
    }

    /** {@code sumdb/$name/...}: a proxied checksum database ({@link SumDbPath} parses the rest). */
    record SumDb(String rest) implements GoPath {
    }

    /** The immutable files of a release. */
    enum Kind {
        INFO(".info", "application/json"),
        MOD(".mod", "text/plain; charset=utf-8"),
        ZIP(".zip", "application/zip");

        final String suffix;
        final String contentType;

        Kind(String suffix, String contentType) {
            this.suffix = suffix;
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    String ZIPHASH_SUFFIX = ".ziphash";

    /**
     * @param rawPath the path after {@code /{repository}/}, still percent-encoded
     * @throws InvalidRequestException for module paths and versions go would not accept (400)
     * @throws NotFoundException for paths the GOPROXY protocol does not define (404)
     */
    static GoPath parse(String rawPath) {
        String path = rawPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.matches("(?is).*%(2f|5c).*")) {
            throw new InvalidRequestException("encoded '/' or '\\' in a module proxy path");
        }
        path = decode(path);
        if (path.isEmpty()) {
            throw new NotFoundException("no module path in the request");
        }
        if (path.startsWith("sumdb/")) {
            return new SumDb(path.substring("sumdb/".length()));
        }
        int at = path.indexOf("/@");
        if (at < 0) {
            throw new NotFoundException("a Go module proxy has nothing at '" + ModulePath.printable(path)
                    + "': it serves <module>/@v/list, <module>/@latest and <module>/@v/<version>.info, .mod and .zip");
        }
        ModulePath module = ModulePath.ofEscaped(path.substring(0, at));
        String rest = path.substring(at + 1);
        if (rest.equals("@latest")) {
            return new Latest(module);
        }
        if (rest.equals("@v/list")) {
            return new VersionList(module);
        }
        if (!rest.startsWith("@v/") || rest.length() == 3) {
            throw new NotFoundException("a Go module proxy has nothing at '" + ModulePath.printable(path) + "'");
        }
        String file = rest.substring(3);
        if (file.contains("/")) {
            throw new InvalidRequestException("invalid version in '" + ModulePath.printable(rest)
                    + "': a version contains no '/'");
        }
        if (file.endsWith(ZIPHASH_SUFFIX)) {
            ModuleVersion version = release(module, file.substring(0, file.length() - ZIPHASH_SUFFIX.length()));
            return new ZipHash(module, version);
        }
        for (Kind kind : Kind.values()) {
            if (file.endsWith(kind.suffix) && file.length() > kind.suffix.length()) {
                String escapedVersion = file.substring(0, file.length() - kind.suffix.length());
                if (kind == Kind.INFO) {
                    ModuleVersion version = ModuleVersion.ofEscaped(escapedVersion);
                    return version.problemAsReleaseOf(module) == null
                            ? new VersionFile(module, version, kind) : new Query(module, version);
                }
                return new VersionFile(module, release(module, escapedVersion), kind);
            }
        }
        throw new NotFoundException("a Go module proxy serves only .info, .mod and .zip files under @v/, not '"
                + ModulePath.printable(file) + "'");
    }

    private static ModuleVersion release(ModulePath module, String escapedVersion) {
        ModuleVersion version = ModuleVersion.ofEscaped(escapedVersion);
        String problem = version.problemAsReleaseOf(module);
        if (problem != null) {
            throw new InvalidRequestException("invalid version for " + module.path() + ": " + problem);
        }
        return version;
    }

    /** Strict percent-decoding of a path (no '+' to space); the result must be UTF-8 without control characters. */
    private static String decode(String raw) {
        return checkedText(PathText.decode(raw));
    }

    private static String checkedText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidRequestException("control character in the request path");
            }
        }
        return s;
    }

    /**
     * A case-encoded segment for an upstream URL: versions may contain characters (space, '#', '%') that
     * must be percent-encoded; module paths never do.
     */
    static String urlSegment(String escaped) {
        StringBuilder b = new StringBuilder(escaped.length());
        for (byte x : escaped.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!+@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
