package org.granary.format.go;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks that a file is a well-formed module zip (the format the go command extracts into its module cache)
 * and computes its {@code h1:} hash, the one {@code go.sum} and the checksum database record.
 * <p>
 * The rules are go's own: every entry lies under {@code module@version/}; file paths are clean and valid;
 * no two entries collide (also case-insensitively); a {@code go.mod} only at the root; at most 500 MiB
 * uncompressed, at most 16 MiB for {@code go.mod} and {@code LICENSE}. Every entry is read to the end and
 * its CRC-32 and size compared with the central directory, so a damaged archive is refused. When the zip
 * holds a {@code go.mod}, it must be byte-for-byte the {@code .mod} file served for the same version.
 * Pure: a file in, a hash or an {@link IOException} saying what is wrong out.
 */
public final class ModuleZip {

    static final long MAX_ZIP_FILE = 500L << 20;
    static final long MAX_GO_MOD = 16L << 20;
    static final long MAX_LICENSE = 16L << 20;

    private ModuleZip() {
    }

    /**
     * @param zipFile the downloaded zip
     * @param goMod   the {@code .mod} file of the same module version
     * @return the zip's {@code h1:} hash
     * @throws IOException naming the first problem found
     */
    public static String verify(Path zipFile, ModulePath module, ModuleVersion version, byte[] goMod)
            throws IOException {
        long size = Files.size(zipFile);
        if (size > MAX_ZIP_FILE) {
            throw new IOException("the module zip is " + size + " bytes, more than the " + MAX_ZIP_FILE + " go accepts");
        }
        try (ZipFile zip = open(zipFile)) {
            List<ZipEntry> entries = Collections.list(zip.entries()).stream().map(e -> (ZipEntry) e).toList();
            String prefix = module.path() + "@" + version.version() + "/";
            checkNames(entries, prefix);
            checkDataDescriptors(zipFile);
            // A zip without go.mod is a module from before modules; its .mod is synthesised by the proxy.
            return hash(zip, entries, prefix + "go.mod", goMod);
        }
    }

    /** The {@code h1:} hash of a zip, without the checks of {@link #verify} (for zips that passed them). */
    public static String hash(Path zipFile) throws IOException {
        try (ZipFile zip = open(zipFile)) {
            List<ZipEntry> entries = Collections.list(zip.entries()).stream().map(e -> (ZipEntry) e).toList();
            return hash(zip, entries, null, null);
        }
    }

    /**
     * go.sum's {@code h1:} hash over named files: SHA-256 of the lines {@code hex(sha256(content))  name\n},
     * sorted by name (byte order), in Base64.
     */
    public static String h1(Map<String, byte[]> sha256ByName) {
        List<String> names = new ArrayList<>(sha256ByName.keySet());
        names.sort(ModuleZip::compareUtf8);
        MessageDigest summary = sha256();
        for (String name : names) {
            summary.update((HexFormat.of().formatHex(sha256ByName.get(name)) + "  " + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
    }

    /** The {@code h1:} hash go.sum records for a {@code .mod} file (the {@code /go.mod} line). */
    public static String goModHash(byte[] goMod) {
        return h1(Map.of("go.mod", sha256().digest(goMod)));
    }

    private static ZipFile open(Path zipFile) throws IOException {
        try {
            return new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new IOException("not a readable zip archive (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a readable zip archive (entry names are not UTF-8)", e);
        }
    }

    private static void checkNames(List<ZipEntry> entries, String prefix) throws IOException {
        Map<String, Seen> seen = new HashMap<>();
        long total = 0;
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            if (!name.startsWith(prefix)) {
                throw new IOException("file \"" + ModulePath.printable(name) + "\" in the module zip is not under \""
                        + prefix + "\"");
            }
            String rel = name.substring(prefix.length());
            if (rel.isEmpty()) {
                continue;
            }
            boolean dir = rel.endsWith("/");
            if (dir) {
                rel = rel.substring(0, rel.length() - 1);
            }
            String problem = cleanPathProblem(rel);
            if (problem == null) {
                problem = ModulePath.problemWithSlashPath(rel, ModulePath.Kind.FILE);
            }
            if (problem == null) {
                problem = collision(seen, rel, dir);
            }
            if (problem != null) {
                throw new IOException("bad file \"" + ModulePath.printable(name) + "\" in the module zip: " + problem);
            }
            if (dir) {
                continue;
            }
            String base = rel.substring(rel.lastIndexOf('/') + 1);
            if (base.equalsIgnoreCase("go.mod")) {
                if (!base.equals(rel)) {
                    throw new IOException("the module zip has a go.mod outside the module root: " + ModulePath.printable(rel));
                }
                if (!rel.equals("go.mod")) {
                    throw new IOException("the module zip has a go.mod spelled \"" + ModulePath.printable(rel) + "\"");
                }
            }
            long declared = entry.getSize();
            if (declared < 0 || declared > MAX_ZIP_FILE - total) {
                throw new IOException("the module zip's contents are larger than the " + MAX_ZIP_FILE + " bytes go accepts");
            }
            total += declared;
            if (rel.equals("go.mod") && declared > MAX_GO_MOD || rel.equals("LICENSE") && declared > MAX_LICENSE) {
                throw new IOException(rel + " in the module zip is larger than " + MAX_GO_MOD + " bytes");
            }
        }
    }

    private static String cleanPathProblem(String rel) {
        for (String elem : rel.split("/", -1)) {
            if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) {
                return "the file path is not clean";
            }
        }
        return null;
    }

    private record Seen(String path, boolean dir) {
    }

    /** go's case-insensitive collision rule, applied to the path and each parent directory. */
    private static String collision(Map<String, Seen> seen, String path, boolean dir) {
        String p = path;
        boolean isDir = dir;
        while (true) {
            String fold = p.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            Seen other = seen.get(fold);
            if (other != null) {
                if (!other.path.equals(p)) {
                    return "case-insensitive file name collision with \"" + ModulePath.printable(other.path) + "\"";
                }
                if (other.dir != isDir) {
                    return "\"" + ModulePath.printable(p) + "\" is both a file and a directory";
                }
                if (!isDir) {
                    return "more than one entry for the file";
                }
            } else {
                seen.put(fold, new Seen(p, isDir));
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            p = p.substring(0, slash);
            isDir = true;
        }
    }

    /**
     * Reads every entry (checking CRC and size) and hashes it; when {@code goModName} is given, that entry
     * must equal {@code goMod}.
     */
    private static String hash(ZipFile zip, List<ZipEntry> entries, String goModName, byte[] goMod)
            throws IOException {
        Map<String, byte[]> hashes = new HashMap<>();
        byte[] buffer = new byte[64 * 1024];
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            if (name.contains("\n")) {
                throw new IOException("the module zip has a file name with a newline");
            }
            MessageDigest sha = sha256();
            CRC32 crc = new CRC32();
            ByteArrayOutputStream content = name.equals(goModName) ? new ByteArrayOutputStream() : null;
            long read = 0;
            try (InputStream in = zip.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    read += n;
                    if (read > entry.getSize()) {
                        throw new IOException("entry \"" + ModulePath.printable(name) + "\" of the module zip is "
                                + "corrupt (longer than its declared size)");
                    }
                    sha.update(buffer, 0, n);
                    crc.update(buffer, 0, n);
                    if (content != null) {
                        content.write(buffer, 0, n);
                    }
                }
            } catch (ZipException | UncheckedIOException e) {
                throw new IOException("entry \"" + ModulePath.printable(name) + "\" of the module zip is corrupt ("
                        + e.getMessage() + ")", e);
            }
            if (read != entry.getSize() || entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw new IOException("entry \"" + ModulePath.printable(name) + "\" of the module zip is corrupt "
                        + "(its size or CRC-32 does not match the zip directory)");
            }
            if (content != null && !Arrays.equals(content.toByteArray(), goMod)) {
                throw new IOException("the go.mod in the module zip differs from the .mod file the upstream serves "
                        + "for the same version");
            }
            hashes.put(name, sha.digest());
        }
        return h1(hashes);
    }

    /**
     * go's zip reader also compares the CRC-32 in each entry's data descriptor (the record after the data,
     * when flag bit 3 is set) with the central directory; {@link ZipFile} ignores descriptors. Walks the
     * central directory to check them, so that nothing go would refuse with "zip: checksum error" is cached.
     */
    static void checkDataDescriptors(Path zipFile) throws IOException {
        try (FileChannel ch = FileChannel.open(zipFile, StandardOpenOption.READ)) {
            long size = ch.size();
            long eocd = -1;
            for (long at = size - 22; at >= Math.max(0, size - 22 - 0xffff); at--) {
                if (u32(ch, at) == 0x06054b50L) {
                    eocd = at;
                    break;
                }
            }
            if (eocd < 0) {
                throw new IOException("not a readable zip archive (no end of central directory)");
            }
            long count = u16(ch, eocd + 10);
            long offset = u32(ch, eocd + 16);
            if ((count == 0xffff || offset == 0xffffffffL) && eocd >= 20 && u32(ch, eocd - 20) == 0x07064b50L) {
                long zip64 = u64(ch, eocd - 20 + 8);
                if (u32(ch, zip64) != 0x06064b50L) {
                    throw new IOException("not a readable zip archive (bad zip64 end of central directory)");
                }
                count = u64(ch, zip64 + 32);
                offset = u64(ch, zip64 + 48);
            }
            long at = offset;
            for (long i = 0; i < count; i++) {
                if (u32(ch, at) != 0x02014b50L) {
                    throw new IOException("not a readable zip archive (bad central directory)");
                }
                int flags = u16(ch, at + 8);
                long crc = u32(ch, at + 16);
                long compressed = u32(ch, at + 20);
                long uncompressed = u32(ch, at + 24);
                int nameLength = u16(ch, at + 28);
                int extraLength = u16(ch, at + 30);
                int commentLength = u16(ch, at + 32);
                long local = u32(ch, at + 42);
                long extra = at + 46 + nameLength;
                for (long e = extra; e + 4 <= extra + extraLength; ) {
                    int id = u16(ch, e);
                    int length = u16(ch, e + 2);
                    if (id == 0x0001) {
                        long field = e + 4;
                        if (uncompressed == 0xffffffffL) {
                            field += 8;
                        }
                        if (compressed == 0xffffffffL) {
                            compressed = u64(ch, field);
                            field += 8;
                        }
                        if (local == 0xffffffffL) {
                            local = u64(ch, field);
                        }
                    }
                    e += 4 + length;
                }
                if ((flags & 0x8) != 0) {
                    if (u32(ch, local) != 0x04034b50L) {
                        throw new IOException("not a readable zip archive (bad local file header)");
                    }
                    long descriptor = local + 30 + u16(ch, local + 26) + u16(ch, local + 28) + compressed;
                    long first = u32(ch, descriptor);
                    long declared = first == 0x08074b50L ? u32(ch, descriptor + 4) : first;
                    if (declared != crc) {
                        throw new IOException("entry " + (i + 1) + " of the module zip is corrupt (the CRC-32 of its "
                                + "data descriptor does not match the zip directory)");
                    }
                }
                at += 46 + nameLength + extraLength + commentLength;
            }
        } catch (java.io.EOFException e) {
            throw new IOException("not a readable zip archive (truncated)", e);
        }
    }

    private static long read(FileChannel ch, long at, int n) throws IOException {
        if (at < 0 || at + n > ch.size()) {
            throw new java.io.EOFException();
        }
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
        b.flip();
        return n == 2 ? b.getShort() & 0xffff : n == 4 ? b.getInt() & 0xffffffffL : b.getLong();
    }

    private static int u16(FileChannel ch, long at) throws IOException {
        return (int) read(ch, at, 2);
    }

    private static long u32(FileChannel ch, long at) throws IOException {
        return read(ch, at, 4);
    }

    private static long u64(FileChannel ch, long at) throws IOException {
        long v = read(ch, at, 8);
        if (v < 0) {
            throw new IOException("not a readable zip archive (offset out of range)");
        }
        return v;
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
