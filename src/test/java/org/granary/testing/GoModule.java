package org.granary.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One version of a Go module, generated in memory as a module proxy serves it: the {@code .info} JSON, the
 * {@code .mod} file and a module zip in go's format (every file under {@code module@version/}). Byte-for-byte
 * deterministic, so the same fixture always has the same {@code h1:} hash.
 *
 * @param path    the module path as written in go.mod ({@code example.test/Upper/Dep})
 * @param version a canonical version ({@code v1.0.0})
 * @param files   file name (relative to the module root) → content; {@code go.mod} included when the module has one
 * @param time    the release time the {@code .info} declares
 */
public record GoModule(String path, String version, Map<String, String> files, Instant time) {

    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

    public GoModule {
        files = new TreeMap<>(files);
    }

    /**
     * A module with a go.mod ({@code module path}, {@code go 1.19} and {@code require} lines for
     * {@code requires}: module path → version) and one Go file per entry of {@code goFiles}.
     */
    public static GoModule of(String path, String version, Map<String, String> requires, Map<String, String> goFiles) {
        StringBuilder goMod = new StringBuilder("module " + path + "\n\ngo 1.19\n");
        if (!requires.isEmpty()) {
            goMod.append("\nrequire (\n");
            new TreeMap<>(requires).forEach((p, v) -> goMod.append('\t').append(p).append(' ').append(v).append('\n'));
            goMod.append(")\n");
        }
        Map<String, String> files = new TreeMap<>(goFiles);
        files.put("go.mod", goMod.toString());
        return new GoModule(path, version, files, Instant.parse("2024-01-02T03:04:05Z"));
    }

    /** {@code !}-encoding of upper-case letters, as in GOPROXY URLs. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                b.append('!').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public String escapedPath() {
        return escape(path);
    }

    public String escapedVersion() {
        return escape(version);
    }

    /** {@code /example.test/!upper/!dep/@v/v0.2.0} + suffix: where a proxy serves this version's files. */
    public String proxyPath(String suffix) {
        return "/" + escapedPath() + "/@v/" + escapedVersion() + suffix;
    }

    /** {@code {"Version":"v1.0.0","Time":"..."}}. */
    public String info() {
        return "{\"Version\":\"" + version + "\",\"Time\":\"" + time + "\"}";
    }

    /** The go.mod, or the one-line go.mod a proxy synthesises for a module without one. */
    public byte[] mod() {
        return files.getOrDefault("go.mod", "module " + path + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] zip() {
        return zip(path + "@" + version + "/");
    }

    /** A zip of the files under {@code prefix} (a wrong prefix makes a broken module zip). */
    public byte[] zip(String prefix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                ZipEntry entry = new ZipEntry(prefix + f.getKey());
                entry.setTimeLocal(ZIP_TIME);
                zip.putNextEntry(entry);
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The go.sum {@code h1:} hash of {@link #zip()}, computed independently of Granary. */
    public String h1() {
        List<String> names = new ArrayList<>();
        files.keySet().forEach(f -> names.add(path + "@" + version + "/" + f));
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        StringBuilder summary = new StringBuilder();
        for (String name : names) {
            String content = files.get(name.substring(path.length() + version.length() + 2));
            summary.append(HexFormat.of().formatHex(sha256(content.getBytes(StandardCharsets.UTF_8))))
                    .append("  ").append(name).append('\n');
        }
        return "h1:" + Base64.getEncoder().encodeToString(sha256(summary.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
