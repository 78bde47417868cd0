package org.granary.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A real npm package tarball: gzip'd tar with {@code package/package.json}, {@code package/index.js} and,
 * when padded, {@code package/padding.bin} of incompressible bytes.
 *
 * <p>Building is deterministic: the same arguments give the same bytes, hence the same integrity.
 */
public final class NpmTarball {

    /** Entries carry a fixed modification time so that rebuilding gives identical bytes. */
    private static final long FIXED_MTIME_MILLIS = 499_162_500_000L;

    private final byte[] bytes;

    private NpmTarball(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param paddingBytes size of the random {@code padding.bin}, 0 for none
     * @param flavour      text added to {@code index.js}; a different flavour gives different bytes
     */
    public static NpmTarball build(NpmPackageId id, Map<String, String> dependencies, int paddingBytes,
                                   String flavour) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(buffer))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, "package/package.json", packageJson(id, dependencies).getBytes(StandardCharsets.UTF_8));
            add(tar, "package/index.js", indexJs(id, flavour).getBytes(StandardCharsets.UTF_8));
            if (paddingBytes > 0) {
                add(tar, "package/padding.bin", randomBytes(id, paddingBytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NpmTarball(buffer.toByteArray());
    }

    /** A copy of the gzip'd bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Subresource-integrity string as npm writes it: {@code sha512-<base64>}. */
    public String integrity() {
        return integrityOf(bytes);
    }

    /** Hex SHA-1, the legacy {@code dist.shasum}. */
    public String shasum() {
        return HexFormat.of().formatHex(digest("SHA-1", bytes));
    }

    public int size() {
        return bytes.length;
    }

    /**
     * The document {@code npm publish} sends: the version's manifest with its {@code dist}, and the tarball as
     * a base64 attachment. {@code integrity} {@code null} declares the tarball's own.
     */
    public static String publishDocument(String name, String version, byte[] tarball, String integrity) {
        String unscoped = name.substring(name.indexOf('/') + 1);
        return jakarta.json.Json.createObjectBuilder()
                .add("_id", name).add("name", name)
                .add("dist-tags", jakarta.json.Json.createObjectBuilder().add("latest", version))
                .add("versions", jakarta.json.Json.createObjectBuilder().add(version, jakarta.json.Json.createObjectBuilder()
                        .add("name", name).add("version", version)
                        .add("dist", jakarta.json.Json.createObjectBuilder()
                                .add("integrity", integrity != null ? integrity : integrityOf(tarball))
                                .add("tarball", "http://example.invalid/" + name + "/-/" + unscoped + "-" + version + ".tgz"))))
                .add("_attachments", jakarta.json.Json.createObjectBuilder().add(name + "-" + version + ".tgz",
                        jakarta.json.Json.createObjectBuilder()
                                .add("content_type", "application/octet-stream")
                                .add("data", Base64.getEncoder().encodeToString(tarball))
                                .add("length", tarball.length)))
                .build().toString();
    }

    public static String integrityOf(byte[] bytes) {
        return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", bytes));
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String packageJson(NpmPackageId id, Map<String, String> dependencies) {
        JsonObjectBuilder deps = Json.createObjectBuilder();
        dependencies.forEach(deps::add);
        JsonObject json = Json.createObjectBuilder()
                .add("name", id.name())
                .add("version", id.version())
                .add("description", "Generated by Granary's fake npm registry")
                .add("main", "index.js")
                .add("license", "MIT")
                .add("dependencies", deps)
                .build();
        return json.toString();
    }

    private static String indexJs(NpmPackageId id, String flavour) {
        String js = "module.exports = { name: '" + id.name() + "', version: '" + id.version() + "' };\n";
        return flavour.isEmpty() ? js : js + "// " + flavour + "\n";
    }

    private static byte[] randomBytes(NpmPackageId id, int size) {
        byte[] bytes = new byte[size];
        new Random(id.toString().hashCode()).nextBytes(bytes);
        return bytes;
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        entry.setModTime(FIXED_MTIME_MILLIS);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
