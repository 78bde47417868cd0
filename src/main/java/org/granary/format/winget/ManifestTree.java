package org.granary.format.winget;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A winget-pkgs manifest tree, {@code manifests/<letter>/<Publisher>/<Package…>/<Version>/*.yaml}, as a directory on
 * the server or a zip archive of one (GitHub's archive of winget-pkgs puts it under {@code winget-pkgs-master/}). The
 * folders between the letter and the version spell the package identifier ({@code Contoso/Tools} is
 * {@code Contoso.Tools}); which manifests a folder really holds, and whether they belong there, is the import's
 * check ({@link ManifestImport#tree}). Only what an allow-list can name is looked at: a directory is walked into the
 * folders that can lead to an allowed identifier and no further, a zip's entry list is filtered, so a tree of the
 * whole community repository (hundreds of thousands of files) costs what the allow-list asks for. Symbolic links in a
 * directory are not followed.
 */
public abstract class ManifestTree implements Closeable {

    /** Files of a tree looked at before the walk gives up (a wrong directory, not a manifest tree). */
    static final int MAX_FILES = 2_000_000;
    /** Folders below the letter: a publisher, up to seven more identifier segments, the version. */
    static final int MAX_DEPTH = 10;
    static final String ROOT = "manifests/";

    /** One version folder of a package: its files, by their path from the tree's {@code manifests/}. */
    public record VersionFolder(String version, List<String> files) {
        public VersionFolder {
            files = List.copyOf(files);
        }
    }

    /** Where a manifest file sits: the identifier its folders spell and its version folder. */
    record Placed(String packageIdentifier, String version) {
    }

    private ManifestTree() {
    }

    /**
     * The version folders of every package the allow-list allows, by identifier (as the folders spell it), in
     * identifier order, each package's versions in folder order.
     *
     * @throws IOException when the tree cannot be read, or is too large to be a manifest tree
     */
    public abstract Map<String, List<VersionFolder>> allowed(MirrorRules rules) throws IOException;

    /** A file of the tree, by its path as {@link #allowed} lists it (at most {@link ManifestYaml#MAX_BYTES} + 1 read). */
    public abstract byte[] read(String file) throws IOException;

    /** A {@code manifests} directory on the server (or a checkout of winget-pkgs that has one). */
    public static ManifestTree directory(Path dir) throws IOException {
        Path root = dir;
        Path name = root.getFileName();
        if ((name == null || !name.toString().equals("manifests")) && Files.isDirectory(root.resolve("manifests"))) {
            root = root.resolve("manifests");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("the mirror's tree " + dir + " is not a directory on the server");
        }
        return new Directory(root.toRealPath());
    }

    /**
     * A zip archive of a tree: its entries under {@code manifests/}, or under one top folder's {@code manifests/}.
     *
     * @param onClose run when the tree is closed (the archive's spool file is released)
     */
    public static ManifestTree zip(Path file, Runnable onClose) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            onClose.run();
            throw new IOException("the mirror's archive is not a readable zip archive: " + e.getMessage(), e);
        }
        if (zip.size() > MAX_FILES) {
            zip.close();
            onClose.run();
            throw new IOException("the mirror's archive has " + zip.size() + " entries, more than the " + MAX_FILES
                    + " a manifest tree may have");
        }
        return new Zip(zip, onClose);
    }

    // ------------------------------------------------------------------ the layout (pure)

    /**
     * Where a file with this path from the tree ({@code manifests/c/Contoso/Tools/1.2.0/Contoso.Tools.yaml}) sits;
     * empty for anything but a {@code .yaml} file in a version folder of a package of two or more segments.
     */
    static Optional<Placed> placed(String path) {
        if (!path.startsWith(ROOT) || !(path.endsWith(".yaml") || path.endsWith(".yml"))) {
            return Optional.empty();
        }
        String[] s = path.substring(ROOT.length()).split("/", -1);
        // letter, at least two identifier segments, the version, the file
        if (s.length < 5 || s.length > MAX_DEPTH + 2 || s[0].length() != 1 || Arrays.stream(s).anyMatch(ManifestTree::odd)) {
            return Optional.empty();
        }
        String id = String.join(".", Arrays.asList(s).subList(1, s.length - 2));
        if (Character.toLowerCase(id.charAt(0)) != Character.toLowerCase(s[0].charAt(0))) {
            return Optional.empty();
        }
        return Optional.of(new Placed(id, s[s.length - 2]));
    }

    private static boolean odd(String segment) {
        return segment.isEmpty() || segment.startsWith(".") || segment.contains("\\");
    }

    /**
     * Whether a folder {@code manifests/<letter>/<segments…>} can hold a package the allow-list allows: the
     * identifier the segments begin, or one that continues it, can match some entry.
     */
    static boolean mayLeadTo(MirrorRules rules, String letter, List<String> segments) {
        String prefix = String.join(".", segments).toLowerCase(Locale.ROOT);
        for (MirrorRules.Entry e : rules.packages()) {
            String literal = e.prefix().toLowerCase(Locale.ROOT);
            if (!literal.isEmpty() && Character.toLowerCase(literal.charAt(0)) != Character.toLowerCase(letter.charAt(0))) {
                continue;
            }
            if (segments.isEmpty() || literal.startsWith(prefix + ".") || literal.equals(prefix)
                    || !e.exact() && prefix.startsWith(literal)) {
                return true;
            }
        }
        return false;
    }

    /** The allowed version folders among {@code files} (paths from the tree). */
    static Map<String, List<VersionFolder>> group(Iterable<String> files, MirrorRules rules) {
        Map<String, Map<String, List<String>>> byPackage = new TreeMap<>(ManifestSearch.IDENTIFIER_ORDER);
        for (String f : files) {
            Optional<Placed> p = placed(f);
            if (p.isPresent() && rules.allows(p.get().packageIdentifier())) {
                byPackage.computeIfAbsent(p.get().packageIdentifier(), k -> new TreeMap<>())
                        .computeIfAbsent(p.get().version(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, List<VersionFolder>> out = new LinkedHashMap<>();
        byPackage.forEach((id, versions) -> {
            List<VersionFolder> folders = new ArrayList<>();
            versions.forEach((v, fs) -> folders.add(new VersionFolder(v, fs.stream().sorted().toList())));
            out.put(id, folders);
        });
        return out;
    }

    // ------------------------------------------------------------------ a directory

    /** The folders the last {@link #allowed} entered, from the tree's root (a directory's; empty for a zip). */
    List<String> entered() {
        return List.of();
    }

    private static final class Directory extends ManifestTree {
        private final Path root;
        private final List<String> entered = new ArrayList<>();

        Directory(Path root) {
            this.root = root;
        }

        @Override
        public Map<String, List<VersionFolder>> allowed(MirrorRules rules) throws IOException {
            List<String> files = new ArrayList<>();
            entered.clear();
            int[] seen = {0};
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    List<String> s = segments(dir);
                    if (s.isEmpty()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (s.get(0).length() != 1 || s.size() > MAX_DEPTH + 1) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    List<String> folders = s.subList(1, s.size());
                    // a folder on the way to an allowed identifier, or a version folder of an allowed package
                    boolean keep = mayLeadTo(rules, s.get(0), folders) || folders.size() >= 3
                            && rules.allows(String.join(".", folders.subList(0, folders.size() - 1)));
                    if (!keep) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    entered.add(String.join("/", s));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (++seen[0] > MAX_FILES) {
                        throw new IOException("the mirror's tree " + root + " has more than " + MAX_FILES
                                + " files where the allow-list looks; is it a winget-pkgs manifests directory?");
                    }
                    if (attrs.isRegularFile()) {
                        files.add(ROOT + String.join("/", segments(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (file.equals(root)) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE; // an unreadable folder holds nothing the mirror can use
                }
            });
            return group(files, rules);
        }

        @Override
        List<String> entered() {
            return List.copyOf(entered);
        }

        private List<String> segments(Path p) {
            Path rel = root.relativize(p);
            List<String> s = new ArrayList<>();
            rel.forEach(x -> s.add(x.toString()));
            return s.size() == 1 && s.get(0).isEmpty() ? List.of() : s;
        }

        @Override
        public byte[] read(String file) throws IOException {
            Path p = root.resolve(file.substring(ROOT.length())).normalize();
            if (!p.startsWith(root) || Files.isSymbolicLink(p)) {
                throw new IOException(file + " is not a file of the tree");
            }
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes(ManifestYaml.MAX_BYTES + 1);
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    // ------------------------------------------------------------------ a zip archive

    private static final class Zip extends ManifestTree {
        private final ZipFile zip;
        private final Runnable onClose;
        private final Map<String, String> entries = new LinkedHashMap<>();

        Zip(ZipFile zip, Runnable onClose) {
            this.zip = zip;
            this.onClose = onClose;
        }

        @Override
        public Map<String, List<VersionFolder>> allowed(MirrorRules rules) throws IOException {
            entries.clear();
            try {
                Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry e = all.nextElement();
                    String name = e.getName();
                    int at = name.startsWith(ROOT) ? 0 : name.indexOf("/" + ROOT) + 1;
                    if (e.isDirectory() || at < 0 || at > 0 && name.substring(0, at - 1).contains("/")) {
                        continue;
                    }
                    String path = name.substring(at);
                    Optional<Placed> p = placed(path);
                    if (p.isPresent() && rules.allows(p.get().packageIdentifier())) {
                        entries.putIfAbsent(path, name);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("the mirror's archive has an unreadable entry name: " + e.getMessage(), e);
            }
            return group(entries.keySet(), rules);
        }

        @Override
        public byte[] read(String file) throws IOException {
            String name = entries.get(file);
            ZipEntry e = name == null ? null : zip.getEntry(name);
            if (e == null) {
                throw new IOException(file + " is not in the archive");
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readNBytes(ManifestYaml.MAX_BYTES + 1);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                zip.close();
            } finally {
                onClose.run();
            }
        }
    }
}
