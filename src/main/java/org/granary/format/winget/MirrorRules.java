package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/**
 * A hosted repository's mirror allow-list: which packages of which source to copy in, and which of their versions.
 * As JSON:
 * <pre>{@code
 * {"source": "winget-proxy",
 *  "packages": [{"id": "Contoso.Tools", "versions": "latest"},
 *               {"id": "Fabrikam.*",    "versions": "latest 3"},
 *               {"id": "Tailspin.Toys", "versions": "2.4.1"},
 *               {"id": "Northwind.Db",  "versions": ">=1.0 <2.0"}]}
 * }</pre>
 * The {@code source} is a WinGet proxy repository (its name), or a winget-pkgs manifest tree: a directory on the
 * server ({@code {"tree": "/srv/winget-pkgs/manifests"}}) or a zip archive of one fetched by URL
 * ({@code {"archive": "https://…/winget-pkgs.zip"}}). An {@code id} matches identifiers case-insensitively, {@code *} standing for any run of characters. A version rule
 * is {@code latest}, {@code latest N}, one exact version (with a digit in it, so that a misspelt keyword is not taken
 * for a version), or a range of {@code >= > <= <} bounds (all must hold),
 * versions compared in winget's order. A package matched by several entries gets the versions of all of them.
 */
public record MirrorRules(Source source, List<Entry> packages) {

    /** More entries than this is not an allow-list but a mistake. */
    public static final int MAX_ENTRIES = 1000;
    private static final Set<String> FIELDS = Set.of("source", "packages");
    private static final Set<String> ENTRY_FIELDS = Set.of("id", "versions");
    private static final Set<String> SOURCE_FIELDS = Set.of("tree", "archive");
    private static final Pattern ID_PATTERN = Pattern.compile("[^\\s\\\\/:?\"<>|\\x00-\\x1f]{1,128}");
    private static final Pattern LATEST = Pattern.compile("latest(?:\\s+([0-9]{1,4}))?");
    private static final Pattern BOUND = Pattern.compile("(>=|<=|>|<)\\s*([^\\s<>=]+)");

    public MirrorRules {
        packages = List.copyOf(packages);
    }

    /** Where the mirror copies from. */
    public sealed interface Source {
        /** The source as the report names it. */
        String display();
    }

    /** A WinGet repository of this server (a proxy of the upstream REST source to mirror). */
    public record RepositorySource(String name) implements Source {
        @Override
        public String display() {
            return name;
        }
    }

    /** A winget-pkgs {@code manifests} directory on the server. */
    public record TreeSource(String directory) implements Source {
        @Override
        public String display() {
            return "tree " + directory;
        }
    }

    /** A zip archive of a winget-pkgs tree, fetched by URL on every run. */
    public record ArchiveSource(URI url) implements Source {
        @Override
        public String display() {
            return "archive " + url;
        }
    }

    /** One line of the allow-list. */
    public record Entry(String id, VersionRule versions) {

        /** Whether {@code packageIdentifier} is allowed by this line. */
        public boolean matches(String packageIdentifier) {
            return wildcard(id).matcher(packageIdentifier.toLowerCase(Locale.ROOT)).matches();
        }

        /** Whether {@link #id} names one package (no wildcard). */
        public boolean exact() {
            return id.indexOf('*') < 0;
        }

        /** The text before the first wildcard, for a StartsWith search upstream. */
        public String prefix() {
            int star = id.indexOf('*');
            return star < 0 ? id : id.substring(0, star);
        }
    }

    /** Which versions of a package to mirror. */
    public sealed interface VersionRule {
        /** The chosen ones among {@code available}, newest first. */
        List<String> choose(List<String> available);

        String text();
    }

    /** The newest {@code count} versions. */
    public record Latest(int count) implements VersionRule {
        @Override
        public List<String> choose(List<String> available) {
            return newestFirst(available).stream().limit(count).toList();
        }

        @Override
        public String text() {
            return count == 1 ? "latest" : "latest " + count;
        }
    }

    /** Exactly one version. */
    public record Pinned(String version) implements VersionRule {
        @Override
        public List<String> choose(List<String> available) {
            return available.contains(version) ? List.of(version) : List.of();
        }

        @Override
        public String text() {
            return version;
        }
    }

    /** Every version within all the bounds. */
    public record Range(List<Bound> bounds, String text) implements VersionRule {
        public Range {
            bounds = List.copyOf(bounds);
        }

        @Override
        public List<String> choose(List<String> available) {
            return newestFirst(available).stream().filter(v -> bounds.stream().allMatch(b -> b.holds(v))).toList();
        }
    }

    /** {@code >= 1.0} and the like. */
    public record Bound(String operator, String version) {
        boolean holds(String v) {
            int c = WingetVersionOrder.INSTANCE.compare(v, version);
            return switch (operator) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                default -> c < 0;
            };
        }
    }

    /** The versions the allow-list chooses for {@code packageIdentifier} among {@code available}, newest first. */
    public List<String> versionsOf(String packageIdentifier, List<String> available) {
        List<String> chosen = new ArrayList<>();
        for (Entry e : packages) {
            if (e.matches(packageIdentifier)) {
                e.versions().choose(available).stream().filter(v -> !chosen.contains(v)).forEach(chosen::add);
            }
        }
        return newestFirst(chosen);
    }

    /** Whether any line allows {@code packageIdentifier}. */
    public boolean allows(String packageIdentifier) {
        return packages.stream().anyMatch(e -> e.matches(packageIdentifier));
    }

    /**
     * Reads an allow-list.
     *
     * @throws InvalidRequestException (400) naming what is wrong, e.g. {@code packages[2].versions}
     */
    public static MirrorRules parse(JsonObject o) {
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidRequestException("unknown field '" + PathText.printable(key) + "'; an allow-list has "
                        + "source and packages");
            }
        }
        Source source = source(o.get("source"));
        if (!(o.get("packages") instanceof JsonArray list)) {
            throw new InvalidRequestException("packages must be an array of {\"id\", \"versions\"}");
        }
        if (list.size() > MAX_ENTRIES) {
            throw new InvalidRequestException("packages may have at most " + MAX_ENTRIES + " entries");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "packages[" + i + "]";
            if (!(list.get(i) instanceof JsonObject e)) {
                throw new InvalidRequestException(at + " must be an object with id and versions");
            }
            for (String key : e.keySet()) {
                if (!ENTRY_FIELDS.contains(key)) {
                    throw new InvalidRequestException(at + ": unknown field '" + PathText.printable(key)
                            + "'; an entry has id and versions");
                }
            }
            if (!(e.get("id") instanceof JsonString id) || !ID_PATTERN.matcher(id.getString()).matches()) {
                throw new InvalidRequestException(at + ".id must be a PackageIdentifier, '*' standing for any run of "
                        + "characters (e.g. Contoso.*)");
            }
            String versions = e.get("versions") instanceof JsonString v ? v.getString().trim() : "latest";
            entries.add(new Entry(id.getString(), rule(versions, at + ".versions")));
        }
        return new MirrorRules(source, entries);
    }

    private static boolean absolute(String dir) {
        try {
            return Path.of(dir).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Source source(JsonValue v) {
        if (v instanceof JsonString name && !name.getString().isBlank()) {
            return new RepositorySource(name.getString());
        }
        if (!(v instanceof JsonObject o) || o.size() != 1 || !SOURCE_FIELDS.containsAll(o.keySet())) {
            throw new InvalidRequestException("source must name the WinGet proxy repository to mirror from, or be "
                    + "{\"tree\": \"/path/to/winget-pkgs/manifests\"} or {\"archive\": \"https://…/winget-pkgs.zip\"}");
        }
        if (o.get("tree") instanceof JsonString tree) {
            String dir = tree.getString();
            if (!absolute(dir)) {
                throw new InvalidRequestException("source.tree '" + PathText.printable(dir) + "' must be an absolute path "
                        + "of a directory on the server");
            }
            return new TreeSource(dir);
        }
        if (o.get("archive") instanceof JsonString archive) {
            URI url;
            try {
                url = new URI(archive.getString());
            } catch (URISyntaxException e) {
                url = null;
            }
            String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (url == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new InvalidRequestException("source.archive '" + PathText.printable(archive.getString())
                        + "' must be an http or https URL of a zip archive");
            }
            return new ArchiveSource(url);
        }
        throw new InvalidRequestException("source." + o.keySet().iterator().next() + " must be a string");
    }

    static VersionRule rule(String text, String at) {
        Matcher latest = LATEST.matcher(text);
        if (latest.matches()) {
            int n = latest.group(1) == null ? 1 : Integer.parseInt(latest.group(1));
            if (n < 1) {
                throw new InvalidRequestException(at + ": latest N needs N of 1 or more");
            }
            return new Latest(n);
        }
        if (text.startsWith(">") || text.startsWith("<")) {
            List<Bound> bounds = new ArrayList<>();
            Matcher m = BOUND.matcher(text);
            int end = 0;
            while (m.find()) {
                if (!text.substring(end, m.start()).isBlank()) {
                    break;
                }
                bounds.add(new Bound(m.group(1), m.group(2)));
                end = m.end();
            }
            if (bounds.isEmpty() || !text.substring(end).isBlank()) {
                throw new InvalidRequestException(at + " '" + PathText.printable(text) + "' is not a range such as "
                        + "\">=1.0 <2.0\"");
            }
            return new Range(bounds, text);
        }
        if (WingetPath.PACKAGE_VERSION.matcher(text).matches() && !text.contains(" ") && text.matches(".*[0-9].*")) {
            return new Pinned(text);
        }
        throw new InvalidRequestException(at + " '" + PathText.printable(text) + "' is not latest, latest N, a version "
                + "or a range such as \">=1.0 <2.0\"");
    }

    public JsonObject toJson() {
        JsonArrayBuilder list = Json.createArrayBuilder();
        packages.forEach(e -> list.add(Json.createObjectBuilder().add("id", e.id()).add("versions", e.versions().text())));
        JsonValue src;
        if (source instanceof TreeSource t) {
            src = Json.createObjectBuilder().add("tree", t.directory()).build();
        } else if (source instanceof ArchiveSource a) {
            src = Json.createObjectBuilder().add("archive", a.url().toString()).build();
        } else {
            src = Json.createValue(((RepositorySource) source).name());
        }
        return Json.createObjectBuilder().add("source", src).add("packages", list).build();
    }

    /** An allow-list stored in a repository, if it holds one. */
    public static Optional<MirrorRules> of(JsonValue stored) {
        return stored instanceof JsonObject o ? Optional.of(parse(o)) : Optional.empty();
    }

    static List<String> newestFirst(List<String> versions) {
        List<String> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing((String v) -> v, WingetVersionOrder.INSTANCE).reversed());
        return sorted;
    }

    private static Pattern wildcard(String id) {
        StringBuilder re = new StringBuilder();
        for (String part : id.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            re.append(Pattern.quote(part)).append(".*");
        }
        return Pattern.compile(re.substring(0, re.length() - 2), Pattern.DOTALL);
    }
}
