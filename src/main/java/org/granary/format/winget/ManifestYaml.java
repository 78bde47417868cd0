package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * A YAML manifest file as the JSON its schema validates, read as winget reads it: every scalar is a string
 * (so {@code PackageVersion: 1.10} stays {@code "1.10"}), except the few integer and boolean fields; a plain
 * empty, {@code ~} or {@code null} scalar is null. Parsing is SnakeYAML Engine's (YAML 1.2), with the failsafe
 * schema and limits against alias bombs and huge files.
 */
final class ManifestYaml {

    /** A manifest file larger than this is refused. */
    static final int MAX_BYTES = 1 << 20;

    private static final Map<String, Kind> TYPED = Map.of(
            "InstallerSuccessCodes", Kind.INT, "InstallerReturnCode", Kind.INT,
            "InstallerAbortsTerminal", Kind.BOOL, "InstallLocationRequired", Kind.BOOL,
            "RequireExplicitUpgrade", Kind.BOOL, "DisplayInstallWarnings", Kind.BOOL,
            "DownloadCommandProhibited", Kind.BOOL, "ArchiveBinariesDependOnPath", Kind.BOOL);

    private enum Kind { STRING, INT, BOOL }

    private ManifestYaml() {
    }

    /** The document as a JSON object, or the problems that stop it from being one. */
    static Optional<JsonObject> read(String file, byte[] bytes, List<ManifestProblem> problems) {
        if (bytes.length > MAX_BYTES) {
            problems.add(new ManifestProblem(file, "", "is larger than " + (MAX_BYTES >> 10) + " KiB"));
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new ManifestProblem(file, "", "is not UTF-8 text"));
            return Optional.empty();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(file).setSchema(new FailsafeSchema())
                .setMaxAliasesForCollections(20).setAllowRecursiveKeys(false).setCodePointLimit(MAX_BYTES).build();
        Node root;
        try {
            Optional<Node> composed = new Compose(settings).composeString(text);
            if (composed.isEmpty()) {
                problems.add(new ManifestProblem(file, "", "is empty"));
                return Optional.empty();
            }
            root = composed.get();
        } catch (YamlEngineException e) {
            problems.add(new ManifestProblem(file, "", "is not valid YAML: " + oneLine(e.getMessage())));
            return Optional.empty();
        }
        if (!(root instanceof MappingNode)) {
            problems.add(new ManifestProblem(file, "", "must be a YAML mapping of manifest fields"));
            return Optional.empty();
        }
        int before = problems.size();
        JsonValue json = convert(file, "", root, Kind.STRING, problems);
        return problems.size() == before ? Optional.of(json.asJsonObject()) : Optional.empty();
    }

    private static JsonValue convert(String file, String path, Node node, Kind kind, List<ManifestProblem> problems) {
        if (node instanceof MappingNode map) {
            JsonObjectBuilder b = Json.createObjectBuilder();
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.add(new ManifestProblem(file, path, "has a key that is not a plain name"));
                    continue;
                }
                String key = keyNode.getValue();
                String at = path.isEmpty() ? key : path + "." + key;
                if (!seen.add(key)) {
                    problems.add(new ManifestProblem(file, at, "appears twice"));
                    continue;
                }
                b.add(key, convert(file, at, t.getValueNode(), TYPED.getOrDefault(key, Kind.STRING), problems));
            }
            return b.build();
        }
        if (node instanceof SequenceNode seq) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                b.add(convert(file, path + "[" + i + "]", items.get(i), kind, problems));
            }
            return b.build();
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        if (scalar.getScalarStyle() == ScalarStyle.PLAIN
                && (value.isEmpty() || value.equals("~") || value.equalsIgnoreCase("null"))) {
            return JsonValue.NULL;
        }
        switch (kind) {
            case INT -> {
                try {
                    return Json.createValue(Long.decode(value.trim()));
                } catch (NumberFormatException e) {
                    problems.add(new ManifestProblem(file, path, "must be a whole number, not '" + value + "'"));
                    return JsonValue.NULL;
                }
            }
            case BOOL -> {
                switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "y" -> {
                        return JsonValue.TRUE;
                    }
                    case "false", "no", "off", "n" -> {
                        return JsonValue.FALSE;
                    }
                    default -> {
                        problems.add(new ManifestProblem(file, path, "must be true or false, not '" + value + "'"));
                        return JsonValue.NULL;
                    }
                }
            }
            default -> {
                return Json.createValue(value);
            }
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
