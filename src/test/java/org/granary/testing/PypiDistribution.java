package org.granary.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A real, installable Python distribution generated in memory: a pure-Python wheel ({@code .whl} with
 * {@code .dist-info/METADATA}, {@code WHEEL} and a {@code RECORD} of sha256 hashes) or an sdist
 * ({@code .tar.gz} with {@code PKG-INFO}, a {@code pyproject.toml} and a tiny in-tree PEP 517 build backend
 * that needs nothing but the standard library, so pip builds it without fetching setuptools).
 *
 * @param name           the project name as written in the metadata
 * @param version        the version
 * @param kind           wheel or sdist
 * @param filename       the distribution's file name
 * @param bytes          the file
 * @param metadata       the core metadata ({@code METADATA} / {@code PKG-INFO}), what a PEP 658 {@code .metadata}
 *                       file holds
 * @param requiresPython the {@code Requires-Python} specifier, or {@code null}
 */
public record PypiDistribution(String name, String version, Kind kind, String filename, byte[] bytes,
                               byte[] metadata, String requiresPython) {

    public enum Kind { WHEEL, SDIST }

    /** A pure-Python {@code py3-none-any} wheel of {@code name} with {@code Requires-Dist} lines. */
    public static PypiDistribution wheel(String name, String version, String requiresPython, List<String> requiresDist) {
        return wheel(name, version, requiresPython, requiresDist, "");
    }

    /** As {@link #wheel(String, String, String, List)}; {@code salt} changes the bytes but not the metadata. */
    public static PypiDistribution wheel(String name, String version, String requiresPython, List<String> requiresDist,
                                         String salt) {
        String dist = distributionName(name);
        byte[] metadata = metadata(name, version, requiresPython, requiresDist);
        String info = dist + "-" + version + ".dist-info";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(dist + "/__init__.py", module(name, version, salt));
        files.put(info + "/METADATA", metadata);
        files.put(info + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: granary-tests\nRoot-Is-Purelib: true\n"
                + "Tag: py3-none-any\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((path, data) -> record.append(path).append(",sha256=").append(recordHash(data)).append(',')
                .append(data.length).append('\n'));
        record.append(info).append("/RECORD,,\n");
        files.put(info + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        String filename = dist + "-" + version + "-py3-none-any.whl";
        return new PypiDistribution(name, version, Kind.WHEEL, filename, zip(files), metadata, requiresPython);
    }

    /** An sdist ({@code .tar.gz}) built by an in-tree, standard-library-only PEP 517 backend. */
    public static PypiDistribution sdist(String name, String version, String requiresPython, List<String> requiresDist) {
        String dist = distributionName(name);
        String root = dist + "-" + version + "/";
        byte[] metadata = metadata(name, version, requiresPython, requiresDist);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(root + "PKG-INFO", metadata);
        files.put(root + "pyproject.toml", ("[build-system]\nrequires = []\nbuild-backend = \"granary_backend\"\n"
                + "backend-path = [\".\"]\n").getBytes(StandardCharsets.UTF_8));
        files.put(root + "granary_backend.py", backend(dist, version).getBytes(StandardCharsets.UTF_8));
        files.put(root + dist + "/__init__.py", module(name, version, "sdist"));
        String filename = dist + "-" + version + ".tar.gz";
        return new PypiDistribution(name, version, Kind.SDIST, filename, tarGz(files), metadata, requiresPython);
    }

    /** PEP 503 normalised: lower case, runs of {@code -_.} become {@code -}. */
    public static String normalise(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    /** The name as it appears in file names and as the import package: normalised, with underscores. */
    public static String distributionName(String name) {
        return normalise(name).replace('-', '_');
    }

    public String project() {
        return normalise(name);
    }

    public String sha256() {
        return sha256(bytes);
    }

    public String metadataSha256() {
        return sha256(metadata);
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest(data));
    }

    // ---- building -------------------------------------------------------------------------------------

    private static byte[] metadata(String name, String version, String requiresPython, List<String> requiresDist) {
        StringBuilder m = new StringBuilder("Metadata-Version: 2.1\nName: ").append(name)
                .append("\nVersion: ").append(version)
                .append("\nSummary: Generated by Granary's tests\n");
        if (requiresPython != null) {
            m.append("Requires-Python: ").append(requiresPython).append('\n');
        }
        requiresDist.forEach(r -> m.append("Requires-Dist: ").append(r).append('\n'));
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] module(String name, String version, String salt) {
        return ("NAME = \"" + name + "\"\n__version__ = \"" + version + "\"\n# " + salt + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String backend(String dist, String version) {
        return String.join("\n",
                "\"\"\"A tiny PEP 517 backend: builds a pure-Python wheel with the standard library only.\"\"\"",
                "import base64",
                "import hashlib",
                "import os",
                "import zipfile",
                "",
                "NAME = \"" + dist + "\"",
                "VERSION = \"" + version + "\"",
                "",
                "",
                "def get_requires_for_build_wheel(config_settings=None):",
                "    return []",
                "",
                "",
                "def _record(path, data):",
                "    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()",
                "    return '%s,sha256=%s,%d\\n' % (path, digest, len(data))",
                "",
                "",
                "def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):",
                "    here = os.path.dirname(os.path.abspath(__file__))",
                "    files = {}",
                "    for root, _, names in os.walk(os.path.join(here, NAME)):",
                "        for n in sorted(names):",
                "            full = os.path.join(root, n)",
                "            with open(full, 'rb') as f:",
                "                files[os.path.relpath(full, here).replace(os.sep, '/')] = f.read()",
                "    info = '%s-%s.dist-info' % (NAME, VERSION)",
                "    with open(os.path.join(here, 'PKG-INFO'), 'rb') as f:",
                "        files[info + '/METADATA'] = f.read()",
                "    files[info + '/WHEEL'] = b'Wheel-Version: 1.0\\nGenerator: granary-backend\\n"
                        + "Root-Is-Purelib: true\\nTag: py3-none-any\\n'",
                "    record = ''.join(_record(p, d) for p, d in files.items()) + info + '/RECORD,,\\n'",
                "    files[info + '/RECORD'] = record.encode()",
                "    filename = '%s-%s-py3-none-any.whl' % (NAME, VERSION)",
                "    with zipfile.ZipFile(os.path.join(wheel_directory, filename), 'w', zipfile.ZIP_DEFLATED) as z:",
                "        for p, d in files.items():",
                "            z.writestr(p, d)",
                "    return filename",
                "");
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(315532800000L + 86_400_000L); // fixed time: 1980-01-02
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] tarGz(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                entry.setMode(0644);
                entry.setModTime(1_000_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String recordHash(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(data));
    }

    private static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
