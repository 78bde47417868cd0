package org.granary.format.pypi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ExpectedDigest;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The pinned packages of Python lockfiles: {@code requirements.txt} ({@code name==version}, with {@code --hash}
 * options as {@code pip-compile --generate-hashes} and {@code pip freeze} write them; every requirement must be pinned
 * to one version), {@code poetry.lock} ({@code [[package]]} with {@code files}) and {@code uv.lock}
 * ({@code [[package]]} from a registry, with {@code sdist} and {@code wheels}).
 */
public final class Requirements {

    private static final Pattern PINNED = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9.!+_-]+)\\s*(.*)");
    private static final Pattern HASH = Pattern.compile("--hash[=\\s]+([A-Za-z0-9]+):([0-9a-fA-F]+)");

    private Requirements() {
    }

    /** A {@code requirements.txt}. */
    public static List<PrefetchFormat.Wanted> requirements(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n").replaceAll("\\\\\n", " ");
        Map<String, PrefetchFormat.Wanted> out = new LinkedHashMap<>();
        List<String> unpinned = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n")) {
            number++;
            String line = raw.replaceAll("(^|\\s)#.*$", "").trim();
            if (line.isEmpty() || line.startsWith("-")) {
                continue; // options (-r, -c, --index-url, -e …) are pip's business
            }
            String requirement = line.contains(";") ? line.substring(0, line.indexOf(';')).trim() : line;
            String options = line.contains(";") ? line.substring(line.indexOf(';')) : "";
            Matcher m = PINNED.matcher(requirement);
            if (!m.matches()) {
                unpinned.add("line " + number + ": '" + requirement + "'");
                continue;
            }
            List<PrefetchFormat.LockedFile> hashes = new ArrayList<>();
            Matcher h = HASH.matcher(m.group(3) + " " + options);
            while (h.find()) {
                hash(h.group(1) + ":" + h.group(2)).ifPresent(d -> hashes.add(new PrefetchFormat.LockedFile(null, Optional.of(d))));
            }
            String name = ProjectName.normalise(m.group(1));
            out.putIfAbsent(name + "@" + m.group(2), new PrefetchFormat.Wanted(name, m.group(2), hashes));
        }
        if (!unpinned.isEmpty()) {
            throw new InvalidRequestException("prefetching needs every requirement pinned to one version (name==version, "
                    + "as pip freeze or pip-compile write them); not pinned: " + String.join(", ", unpinned));
        }
        return new ArrayList<>(out.values());
    }

    /** A {@code poetry.lock}. */
    public static List<PrefetchFormat.Wanted> poetry(byte[] file) {
        List<PrefetchFormat.Wanted> out = new ArrayList<>();
        for (TomlTable p : packages(file, "poetry.lock")) {
            if (p.getTable("source") != null && !"legacy".equals(p.getString("source.type"))) {
                continue; // git, directory, file or url sources
            }
            List<PrefetchFormat.LockedFile> files = new ArrayList<>();
            TomlArray list = p.getArray("files");
            for (int i = 0; list != null && i < list.size(); i++) {
                TomlTable f = list.getTable(i);
                files.add(new PrefetchFormat.LockedFile(f.getString("file"), hash(f.getString("hash"))));
            }
            add(out, p, files);
        }
        return out;
    }

    /** A {@code uv.lock}. */
    public static List<PrefetchFormat.Wanted> uv(byte[] file) {
        List<PrefetchFormat.Wanted> out = new ArrayList<>();
        for (TomlTable p : packages(file, "uv.lock")) {
            if (p.getString("source.registry") == null) {
                continue; // the project itself (editable, virtual), git, path or url sources
            }
            List<PrefetchFormat.LockedFile> files = new ArrayList<>();
            TomlTable sdist = p.getTable("sdist");
            if (sdist != null) {
                files.add(uvFile(sdist));
            }
            TomlArray wheels = p.getArray("wheels");
            for (int i = 0; wheels != null && i < wheels.size(); i++) {
                files.add(uvFile(wheels.getTable(i)));
            }
            add(out, p, files);
        }
        return out;
    }

    private static PrefetchFormat.LockedFile uvFile(TomlTable f) {
        String url = f.getString("url");
        String name = url == null ? null : java.net.URLDecoder.decode(url.substring(url.lastIndexOf('/') + 1)
                .replaceAll("#.*$", ""), StandardCharsets.UTF_8);
        return new PrefetchFormat.LockedFile(name, hash(f.getString("hash")));
    }

    private static void add(List<PrefetchFormat.Wanted> out, TomlTable p, List<PrefetchFormat.LockedFile> files) {
        String name = p.getString("name");
        String version = p.getString("version");
        if (name != null && version != null) {
            out.add(new PrefetchFormat.Wanted(ProjectName.normalise(name), version, files));
        }
    }

    private static List<TomlTable> packages(byte[] file, String kind) {
        TomlParseResult toml = Toml.parse(new String(file, StandardCharsets.UTF_8));
        if (toml.hasErrors()) {
            throw new InvalidRequestException("the " + kind + " is not valid TOML: " + toml.errors().get(0));
        }
        TomlArray packages = toml.getArray("package");
        if (packages == null) {
            throw new InvalidRequestException("this is not a " + kind + ": it has no [[package]] entries");
        }
        List<TomlTable> out = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            out.add(packages.getTable(i));
        }
        return out;
    }

    /** {@code sha256:<hex>} as an expected digest (unknown algorithms: none). */
    static Optional<ExpectedDigest> hash(String text) {
        if (text == null || !text.contains(":")) {
            return Optional.empty();
        }
        String alg = text.substring(0, text.indexOf(':')).toUpperCase(Locale.ROOT);
        String hex = text.substring(text.indexOf(':') + 1);
        try {
            return hex.matches("[0-9a-fA-F]+") ? Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.valueOf(alg), hex))
                    : Optional.empty();
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
