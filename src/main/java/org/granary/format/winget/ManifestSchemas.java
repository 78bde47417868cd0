package org.granary.format.winget;

import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.FormatEvaluatorFactory;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JakartaJsonNode;
import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * winget-cli's manifest JSON schemas (bundled under {@code org/granary/format/winget/schemas/}, draft-07) and
 * validation against them with dev.harrel json-schema on Jakarta JSON-P values. A manifest of version 1.x is
 * validated with the highest bundled schema not above it, as winget does.
 */
public final class ManifestSchemas {

    /** The bundled schema versions, oldest first. */
    public static final List<ContractVersion> VERSIONS = List.of(new ContractVersion(1, 0), new ContractVersion(1, 1),
            new ContractVersion(1, 2), new ContractVersion(1, 4), new ContractVersion(1, 5), new ContractVersion(1, 6),
            new ContractVersion(1, 7), new ContractVersion(1, 9), new ContractVersion(1, 10),
            new ContractVersion(1, 12), new ContractVersion(1, 28));

    /** The manifest types with a schema of their own. */
    public enum Type {
        SINGLETON("singleton"), VERSION("version"), DEFAULT_LOCALE("defaultLocale"), LOCALE("locale"),
        INSTALLER("installer");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Optional<Type> of(String value) {
            for (Type t : values()) {
                if (t.json.equalsIgnoreCase(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    private static final ManifestSchemas INSTANCE = new ManifestSchemas();

    private final Validator validator;
    private final Map<String, URI> uris = new HashMap<>();
    private final Map<String, JsonObject> documents = new HashMap<>();

    private ManifestSchemas() {
        validator = new ValidatorFactory()
                .withDefaultDialect(new Dialects.Draft7Dialect())
                .withJsonNodeFactory(new JakartaJsonNode.Factory())
                .withEvaluatorFactory(new FormatEvaluatorFactory(Set.of("date")))
                .withDisabledSchemaValidation(true)
                .createValidator();
        for (ContractVersion v : VERSIONS) {
            for (Type t : Type.values()) {
                JsonObject schema = load(v, t);
                documents.put(key(v, t), schema);
                uris.put(key(v, t), validator.registerSchema(URI.create(schema.getString("$id")), schema));
            }
        }
    }

    public static ManifestSchemas get() {
        return INSTANCE;
    }

    /** The schema version for a {@code ManifestVersion} such as {@code 1.11.0}; empty if none covers it. */
    public static Optional<ContractVersion> schemaFor(String manifestVersion) {
        Optional<ContractVersion> v = ContractVersion.parse(manifestVersion);
        if (v.isEmpty() || v.get().major() != 1) {
            return Optional.empty();
        }
        ContractVersion best = null;
        for (ContractVersion s : VERSIONS) {
            if (v.get().atLeast(s)) {
                best = s;
            }
        }
        ContractVersion newest = VERSIONS.get(VERSIONS.size() - 1);
        return v.get().compareTo(newest) > 0 ? Optional.empty() : Optional.ofNullable(best);
    }

    /** The problems of {@code document} against the schema of {@code type} at {@code version}, by field path. */
    public List<ManifestProblem> validate(String file, ContractVersion version, Type type, JsonObject document) {
        Validator.Result result;
        synchronized (validator) {
            result = validator.validate(uris.get(key(version, type)), document);
        }
        if (result.isValid()) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ManifestProblem> problems = new ArrayList<>();
        for (Error e : result.getErrors()) {
            // A failed "properties"/"items"/"allOf" only repeats its children's errors.
            if (List.of("properties", "items", "allOf", "$ref", "definitions").contains(e.getKeyword())) {
                continue;
            }
            String path = path(e.getInstanceLocation());
            String message = message(e);
            if (seen.add(path + "\u0000" + message)) {
                problems.add(new ManifestProblem(file, path, message));
            }
        }
        if (problems.isEmpty()) {
            problems.add(new ManifestProblem(file, "", "does not match the " + type.json() + " schema " + version));
        }
        return problems;
    }

    /** The field names of an installer at {@code version} (also allowed at a manifest's root, as defaults). */
    public Set<String> installerFields(ContractVersion version) {
        JsonObject installer = documents.get(key(version, Type.SINGLETON)).getJsonObject("definitions")
                .getJsonObject("Installer").getJsonObject("properties");
        return installer.keySet();
    }

    /** The field names of a localisation at {@code version}. */
    public Set<String> localeFields(ContractVersion version) {
        Set<String> fields = new LinkedHashSet<>(documents.get(key(version, Type.DEFAULT_LOCALE))
                .getJsonObject("properties").keySet());
        fields.removeAll(Set.of("PackageIdentifier", "PackageVersion", "ManifestType", "ManifestVersion"));
        return fields;
    }

    private static String message(Error e) {
        String text = e.getError();
        return switch (e.getKeyword()) {
            case "additionalProperties" -> text.replace("Property", "field").replace("property", "field");
            default -> text;
        };
    }

    /** {@code /Installers/0/InstallerUrl} → {@code Installers[0].InstallerUrl}. */
    static String path(String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String p = part.replace("~1", "/").replace("~0", "~");
            if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                b.append('[').append(p).append(']');
            } else {
                b.append(b.isEmpty() ? "" : ".").append(p);
            }
        }
        return b.toString();
    }

    private static String key(ContractVersion v, Type t) {
        return v + "/" + t.json;
    }

    private static JsonObject load(ContractVersion v, Type t) {
        String name = "schemas/v" + v + "/manifest." + t.json() + "." + v + ".json";
        try (InputStream in = ManifestSchemas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled schema missing: " + name);
            }
            try (JsonReader r = Json.createReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return r.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static boolean isNull(JsonValue v) {
        return v == null || v.getValueType() == JsonValue.ValueType.NULL;
    }
}
