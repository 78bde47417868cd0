package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.granary.format.winget.ManifestSchemas.Type;

/**
 * Turns WinGet manifests as publishers write them into {@link WingetManifest}s, all or nothing: YAML files
 * (singletons, or multi-file sets of one version, one defaultLocale, any locales and one installer manifest), a zip
 * of a {@code manifests/<letter>/<Publisher>/<Package>/<Version>/} tree, or a REST {@code packageManifests} body.
 * Every file is validated against the schema of its {@code ManifestVersion} (1.0 to 1.28), then the set is checked
 * as winget would (one version manifest, a default locale matching it, an installer type for every installer, …).
 * The result is either every manifest or every problem, each with its file and field path.
 */
public final class ManifestImport {

    /** Limits of a zip upload. */
    static final int MAX_ZIP_ENTRIES = 10_000;
    static final long MAX_ZIP_BYTES = 64L << 20;
    /** The spec's limit of installers per version. */
    public static final int MAX_INSTALLERS = 1024;

    /** The schema version a REST body (which names none) is validated with. */
    static final ContractVersion REST_SCHEMA = ContractVersion.V1_28;

    private static final Set<String> IDENTITY = Set.of("PackageIdentifier", "PackageVersion", "ManifestType",
            "ManifestVersion");

    private ManifestImport() {
    }

    /** What an import produced: every manifest, or every problem. */
    public sealed interface Result permits Imported, Rejected {
    }

    public record Imported(List<WingetManifest> manifests) implements Result {
        public Imported {
            manifests = List.copyOf(manifests);
        }
    }

    public record Rejected(List<ManifestProblem> problems) implements Result {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }

    /** One parsed file (or part of a REST body); {@code valid} once it passed its schema. */
    private record Doc(String file, String prefix, Type type, ContractVersion schema, String manifestVersion,
                       JsonObject json, boolean valid) {

        Doc(String file, String prefix, Type type, ContractVersion schema, String manifestVersion, JsonObject json) {
            this(file, prefix, type, schema, manifestVersion, json, true);
        }

        Doc broken() {
            return new Doc(file, prefix, type, schema, manifestVersion, json, false);
        }

        String id() {
            return ManifestJson.string(json, "PackageIdentifier");
        }

        String version() {
            return ManifestJson.string(json, "PackageVersion");
        }

        ManifestProblem problem(String path, String message) {
            return new ManifestProblem(file, prefix + path, message);
        }
    }

    /** YAML manifest files by name ({@code Contoso.Tools.installer.yaml}), in the order given. */
    public static Result files(Map<String, byte[]> files) {
        List<ManifestProblem> problems = new ArrayList<>();
        List<Doc> docs = new ArrayList<>();
        if (files.isEmpty()) {
            problems.add(new ManifestProblem("", "", "no manifest files were given"));
        }
        files.forEach((name, bytes) -> ManifestYaml.read(name, bytes, problems)
                .flatMap(json -> document(name, json, problems)).ifPresent(docs::add));
        return assemble(docs, problems);
    }

    /**
     * A zip of manifest files: YAML files anywhere in it; those under {@code manifests/} must sit in the folder
     * winget-pkgs would put them in ({@code manifests/c/Contoso/Tools/1.2.0/}). Other files are ignored.
     */
    public static Result zip(InputStream zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ManifestProblem> problems = new ArrayList<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(zip)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    return new Rejected(List.of(new ManifestProblem("", "", "the zip has more than " + MAX_ZIP_ENTRIES
                            + " entries")));
                }
                String name = e.getName();
                if (e.isDirectory() || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    continue;
                }
                byte[] bytes = readLimited(in, ManifestYaml.MAX_BYTES + 1L);
                total += bytes.length;
                if (total > MAX_ZIP_BYTES) {
                    return new Rejected(List.of(new ManifestProblem("", "", "the manifests in the zip add up to more than "
                            + (MAX_ZIP_BYTES >> 20) + " MiB")));
                }
                if (files.put(name, bytes) != null) {
                    problems.add(new ManifestProblem(name, "", "appears twice in the zip"));
                }
            }
        } catch (IOException | IllegalArgumentException ex) {
            return new Rejected(List.of(new ManifestProblem("", "", "is not a readable zip archive: " + ex.getMessage())));
        }
        if (files.isEmpty() && problems.isEmpty()) {
            return new Rejected(List.of(new ManifestProblem("", "", "the zip holds no .yaml manifest files")));
        }
        Result result = tree(files);
        if (!problems.isEmpty()) {
            if (result instanceof Rejected r) {
                problems.addAll(r.problems());
            }
            return new Rejected(problems);
        }
        return result;
    }

    /**
     * Manifest files by their path in a winget-pkgs tree (or a zip of one): those under {@code manifests/} must sit
     * in the folder winget-pkgs would put them in ({@code manifests/c/Contoso/Tools/1.2.0/}).
     */
    public static Result tree(Map<String, byte[]> files) {
        Result result = files(files);
        if (result instanceof Rejected) {
            return result;
        }
        List<ManifestProblem> problems = new ArrayList<>();
        List<WingetManifest> manifests = ((Imported) result).manifests();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String dir = f.getKey().contains("/") ? f.getKey().substring(0, f.getKey().lastIndexOf('/')) : "";
            int at = dir.startsWith("manifests/") ? 0 : dir.indexOf("/manifests/") + 1;
            if (at < 0 || (at == 0 && !dir.startsWith("manifests/"))) {
                continue;
            }
            String tree = dir.substring(at);
            boolean placed = manifests.stream().anyMatch(m -> tree.equals(expectedFolder(m)));
            if (!placed) {
                problems.add(new ManifestProblem(f.getKey(), "", "is not in the folder its manifest belongs in ("
                        + manifests.stream().map(ManifestImport::expectedFolder).distinct().sorted().toList() + ")"));
            }
        }
        return problems.isEmpty() ? result : new Rejected(problems);
    }

    /** The winget-pkgs folder of a version: {@code manifests/c/Contoso/Tools/1.2.0}. */
    public static String expectedFolder(WingetManifest m) {
        String id = m.packageIdentifier();
        return "manifests/" + Character.toLowerCase(id.charAt(0)) + "/" + id.replace('.', '/') + "/" + m.packageVersion();
    }

    /**
     * A REST body: the {@code Data} of {@code packageManifests} ({@code {PackageIdentifier, Versions: [...]}}),
     * validated part by part against the 1.28 schemas. Problems name the request body and the field path in it.
     */
    public static Result rest(JsonObject data) {
        List<ManifestProblem> problems = new ArrayList<>();
        String file = "request body";
        String id = ManifestJson.string(data, "PackageIdentifier");
        if (id == null) {
            return new Rejected(List.of(new ManifestProblem(file, "PackageIdentifier", "is required")));
        }
        if (!(data.get("Versions") instanceof jakarta.json.JsonArray versions) || versions.isEmpty()) {
            return new Rejected(List.of(new ManifestProblem(file, "Versions", "must list at least one version")));
        }
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            String at = "Versions[" + i + "].";
            if (!(versions.get(i) instanceof JsonObject v)) {
                problems.add(new ManifestProblem(file, at.substring(0, at.length() - 1), "must be an object"));
                continue;
            }
            String version = ManifestJson.string(v, "PackageVersion");
            JsonObject dl = v.get("DefaultLocale") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder vd = identity(id, version, Type.VERSION);
            if (ManifestJson.string(dl, "PackageLocale") != null) {
                vd.add("DefaultLocale", dl.getString("PackageLocale"));
            }
            addDoc(docs, problems, new Doc(file, at, Type.VERSION, REST_SCHEMA, REST_SCHEMA.toString(), vd.build()));
            addDoc(docs, problems, new Doc(file, at + "DefaultLocale.", Type.DEFAULT_LOCALE, REST_SCHEMA,
                    REST_SCHEMA.toString(), merge(identity(id, version, Type.DEFAULT_LOCALE), dl)));
            jakarta.json.JsonArray locales = ManifestJson.array(v, "Locales");
            for (int l = 0; l < locales.size(); l++) {
                JsonObject lo = locales.get(l) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                addDoc(docs, problems, new Doc(file, at + "Locales[" + l + "].", Type.LOCALE, REST_SCHEMA,
                        REST_SCHEMA.toString(), merge(identity(id, version, Type.LOCALE), lo)));
            }
            JsonObjectBuilder inst = identity(id, version, Type.INSTALLER);
            if (ManifestJson.string(v, "Channel") != null) {
                inst.add("Channel", v.getString("Channel"));
            }
            jakarta.json.JsonArrayBuilder installers = Json.createArrayBuilder();
            ManifestJson.array(v, "Installers").forEach(x -> installers.add(x instanceof JsonObject o
                    ? ManifestJson.without(o, Set.of("InstallerIdentifier")) : x));
            inst.add("Installers", installers);
            addDoc(docs, problems, new Doc(file, at, Type.INSTALLER, REST_SCHEMA, REST_SCHEMA.toString(), inst.build()));
        }
        Result result = assemble(docs, problems);
        if (result instanceof Imported imported) {
            // Keep the REST keys of installers the body named.
            List<WingetManifest> keyed = new ArrayList<>();
            for (int i = 0; i < imported.manifests().size(); i++) {
                WingetManifest m = imported.manifests().get(i);
                jakarta.json.JsonArray given = ManifestJson.array(versions.getJsonObject(i), "Installers");
                List<Installer> installers = new ArrayList<>();
                for (int k = 0; k < m.installers().size(); k++) {
                    String key = ManifestJson.string(given.getJsonObject(k), "InstallerIdentifier");
                    installers.add(key == null ? m.installers().get(k) : m.installers().get(k).withInstallerIdentifier(key));
                }
                keyed.add(m.withInstallers(installers));
            }
            return new Imported(keyed);
        }
        return result;
    }

    // ------------------------------------------------------------------ files to documents

    private static Optional<Doc> document(String file, JsonObject json, List<ManifestProblem> problems) {
        String typeName = ManifestJson.string(json, "ManifestType");
        Optional<Type> type = Type.of(typeName);
        if (type.isEmpty()) {
            problems.add(new ManifestProblem(file, "ManifestType", typeName == null
                    ? "is required (singleton, version, defaultLocale, locale or installer)"
                    : "'" + typeName + "' is not one of singleton, version, defaultLocale, locale, installer"));
        }
        String manifestVersion = ManifestJson.string(json, "ManifestVersion");
        Optional<ContractVersion> schema = ManifestSchemas.schemaFor(manifestVersion);
        if (schema.isEmpty()) {
            problems.add(new ManifestProblem(file, "ManifestVersion", manifestVersion == null ? "is required"
                    : "'" + manifestVersion + "' is not a supported manifest version (1.0.0 to 1.28.0)"));
        }
        if (type.isEmpty() || schema.isEmpty()) {
            return Optional.empty();
        }
        Doc doc = new Doc(file, "", type.get(), schema.get(), manifestVersion, json);
        List<ManifestProblem> invalid = new ArrayList<>(tooManyInstallers(doc));
        if (invalid.isEmpty()) {
            invalid.addAll(ManifestSchemas.get().validate(file, schema.get(), type.get(), json));
        }
        problems.addAll(invalid);
        return Optional.of(invalid.isEmpty() ? doc : doc.broken());
    }

    private static void addDoc(List<Doc> docs, List<ManifestProblem> problems, Doc doc) {
        List<ManifestProblem> invalid = new ArrayList<>(tooManyInstallers(doc));
        if (invalid.isEmpty()) {
            ManifestSchemas.get().validate(doc.file(), doc.schema(), doc.type(), doc.json())
                    .forEach(p -> invalid.add(doc.problem(p.path(), p.message())));
        }
        problems.addAll(invalid);
        docs.add(invalid.isEmpty() ? doc : doc.broken());
    }

    /**
     * The spec's limit of installers, checked before the schema: validating {@code uniqueItems} over thousands of
     * installers would cost seconds of CPU for nothing.
     */
    private static List<ManifestProblem> tooManyInstallers(Doc doc) {
        int n = ManifestJson.array(doc.json(), "Installers").size();
        int max = doc.type() == Type.SINGLETON ? 1 : MAX_INSTALLERS;
        if (n > max) {
            return List.of(doc.problem("Installers", "has " + n + " installers; a" + (max == 1 ? " singleton manifest has"
                    : "t most " + max + " are allowed") + (max == 1 ? " exactly one" : "")));
        }
        return List.of();
    }

    // ------------------------------------------------------------------ documents to manifests

    private static Result assemble(List<Doc> docs, List<ManifestProblem> problems) {
        Map<String, List<Doc>> sets = new LinkedHashMap<>();
        for (Doc d : docs) {
            sets.computeIfAbsent(TextMatch.fold(d.id()) + "\u0000" + d.version(), k -> new ArrayList<>()).add(d);
        }
        List<WingetManifest> manifests = new ArrayList<>();
        for (List<Doc> set : sets.values()) {
            // A set with an invalid file is already reported; checking it as a set would only repeat that.
            if (set.stream().allMatch(Doc::valid)) {
                build(set, problems).ifPresent(manifests::add);
            }
        }
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        return new Imported(manifests);
    }

    private static Optional<WingetManifest> build(List<Doc> set, List<ManifestProblem> problems) {
        int before = problems.size();
        Doc first = set.get(0);
        String name = first.id() + " " + first.version();
        List<Doc> singletons = set.stream().filter(d -> d.type() == Type.SINGLETON).toList();
        for (Doc d : set) {
            if (!d.id().equals(first.id())) {
                problems.add(d.problem("PackageIdentifier", "'" + d.id() + "' differs in case from '" + first.id()
                        + "' in " + first.file()));
            }
            if (!d.manifestVersion().equals(first.manifestVersion())) {
                problems.add(d.problem("ManifestVersion", "is " + d.manifestVersion() + " but " + first.file()
                        + " of the same package version has " + first.manifestVersion()));
            }
        }
        if (!singletons.isEmpty()) {
            if (set.size() > 1) {
                for (Doc d : set) {
                    problems.add(d.problem("", "a singleton manifest must be the only file of " + name));
                }
                return Optional.empty();
            }
            return problems.size() > before ? Optional.empty() : fromSingleton(first, problems);
        }
        Doc version = one(set, Type.VERSION, name, problems);
        Doc defaultLocale = null;
        Doc installer = one(set, Type.INSTALLER, name, problems);
        List<Doc> locales = new ArrayList<>();
        if (version != null) {
            String wanted = ManifestJson.string(version.json(), "DefaultLocale");
            for (Doc d : set) {
                if (d.type() == Type.DEFAULT_LOCALE) {
                    if (defaultLocale != null) {
                        problems.add(d.problem("", name + " has a second defaultLocale manifest (" + defaultLocale.file()
                                + ")"));
                    } else if (!ManifestJson.string(d.json(), "PackageLocale").equalsIgnoreCase(wanted)) {
                        problems.add(d.problem("PackageLocale", "is " + d.json().getString("PackageLocale")
                                + " but the version manifest's DefaultLocale is " + wanted));
                    }
                    defaultLocale = defaultLocale == null ? d : defaultLocale;
                }
            }
            if (defaultLocale == null) {
                problems.add(version.problem("DefaultLocale", "names " + wanted
                        + " but no defaultLocale manifest of " + name + " was given"));
            }
        }
        Set<String> seenLocales = new java.util.HashSet<>();
        for (Doc d : set) {
            if (d.type() == Type.LOCALE) {
                String locale = TextMatch.fold(d.json().getString("PackageLocale"));
                if (!seenLocales.add(locale)) {
                    problems.add(d.problem("PackageLocale", "locale " + d.json().getString("PackageLocale")
                            + " is given twice for " + name));
                }
                locales.add(d);
            }
        }
        if (problems.size() > before || version == null || defaultLocale == null || installer == null) {
            return Optional.empty();
        }
        Localization dl = localization(defaultLocale, problems);
        List<Localization> ls = locales.stream().map(d -> localization(d, problems)).toList();
        List<Installer> installers = installers(installer, installer.json(), problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new WingetManifest(first.id(), first.version(), ManifestJson.string(installer.json(), "Channel"),
                first.manifestVersion(), dl, ls, installers));
    }

    private static Optional<WingetManifest> fromSingleton(Doc d, List<ManifestProblem> problems) {
        int before = problems.size();
        Set<String> localeFields = ManifestSchemas.get().localeFields(d.schema());
        JsonObjectBuilder locale = Json.createObjectBuilder();
        d.json().forEach((k, v) -> {
            if (localeFields.contains(k)) {
                locale.add(k, v);
            }
        });
        Localization dl = ManifestJson.readLocalization(locale.build());
        List<Installer> installers = installers(d, d.json(), problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new WingetManifest(d.id(), d.version(), ManifestJson.string(d.json(), "Channel"),
                d.manifestVersion(), dl, List.of(), installers));
    }

    private static Doc one(List<Doc> set, Type type, String name, List<ManifestProblem> problems) {
        List<Doc> found = set.stream().filter(d -> d.type() == type).toList();
        if (found.isEmpty()) {
            Doc any = set.get(0);
            problems.add(any.problem("", name + " has no " + type.json() + " manifest"));
            return null;
        }
        for (Doc extra : found.subList(1, found.size())) {
            problems.add(extra.problem("", name + " has a second " + type.json() + " manifest (" + found.get(0).file()
                    + ")"));
        }
        return found.get(0);
    }

    private static Localization localization(Doc d, List<ManifestProblem> problems) {
        return ManifestJson.readLocalization(ManifestJson.without(d.json(), IDENTITY));
    }

    /** The installers of a manifest, each with the root-level installer fields as defaults. */
    private static List<Installer> installers(Doc d, JsonObject root, List<ManifestProblem> problems) {
        Set<String> installerFields = ManifestSchemas.get().installerFields(d.schema());
        Map<String, JsonValue> defaults = new LinkedHashMap<>();
        root.forEach((k, v) -> {
            if (installerFields.contains(k) && !ManifestSchemas.isNull(v)) {
                defaults.put(k, v);
            }
        });
        List<Installer> out = new ArrayList<>();
        jakarta.json.JsonArray list = ManifestJson.array(root, "Installers");
        for (int i = 0; i < list.size(); i++) {
            String at = "Installers[" + i + "]";
            JsonObject own = list.getJsonObject(i);
            JsonObjectBuilder merged = Json.createObjectBuilder();
            defaults.forEach((k, v) -> {
                if (!own.containsKey(k) || ManifestSchemas.isNull(own.get(k))) {
                    merged.add(k, v);
                } else if (k.equals("InstallerSwitches") && v instanceof JsonObject rootSwitches
                        && own.get(k) instanceof JsonObject ownSwitches) {
                    merged.add(k, merge(Json.createObjectBuilder(rootSwitches), ownSwitches));
                }
            });
            own.forEach((k, v) -> {
                if (!ManifestSchemas.isNull(v) && !(k.equals("InstallerSwitches") && defaults.get(k) instanceof JsonObject)) {
                    merged.add(k, v);
                }
            });
            JsonObject installer = merged.build();
            String type = ManifestJson.string(installer, "InstallerType");
            if (type == null) {
                problems.add(d.problem(at + ".InstallerType", "is required, on the installer or at the manifest's root"));
                continue;
            }
            if (type.equalsIgnoreCase("zip") && ManifestJson.string(installer, "NestedInstallerType") == null) {
                problems.add(d.problem(at + ".NestedInstallerType", "is required for a zip installer"));
                continue;
            }
            try {
                out.add(ManifestJson.readInstaller(installer));
            } catch (IllegalArgumentException e) {
                problems.add(d.problem(at, e.getMessage()));
            }
        }
        return out;
    }

    private static JsonObjectBuilder identity(String id, String version, Type type) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("PackageIdentifier", id);
        if (version != null) {
            b.add("PackageVersion", version);
        }
        return b.add("ManifestType", type.json()).add("ManifestVersion", REST_SCHEMA.toString());
    }

    private static JsonObject merge(JsonObjectBuilder base, JsonObject over) {
        over.forEach(base::add);
        return base.build();
    }

    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
