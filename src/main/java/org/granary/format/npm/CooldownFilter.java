package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.granary.core.ReleaseListing;
import org.granary.core.VersionGate;
import org.granary.core.VersionOrder;

/**
 * npm packuments through the supply-chain guards, pure: the release times a packument declares ({@code time}), and a
 * packument without the versions the guards hide:
 * <ul>
 *   <li>{@code versions} and {@code time} lose the hidden versions;</li>
 *   <li>{@code latest}, when it points at a hidden version, becomes the highest stable visible version at most the old
 *       {@code latest} (never a pre-release), or is dropped when there is none;</li>
 *   <li>any other dist-tag pointing at a hidden version moves to the highest visible version at most its old target,
 *       or is dropped;</li>
 *   <li>everything else is unchanged (the abbreviated form is cut from it afterwards, so both agree).</li>
 * </ul>
 */
public final class CooldownFilter {

    private CooldownFilter() {
    }

    /** Every version of a packument with its {@code time} entry ({@code null} when it has none or an unreadable one). */
    public static Map<String, Instant> releaseTimes(byte[] packument) throws IOException {
        JsonObject p = read(packument);
        JsonObject time = p.get("time") instanceof JsonObject t ? t : JsonValue.EMPTY_JSON_OBJECT;
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String version : versions(p).keySet()) {
            out.put(version, instant(time.get(version)).orElse(null));
        }
        return out;
    }

    /** The packument as {@code gate} lets a client see it. */
    public static byte[] filter(byte[] packument, VersionGate gate) throws IOException {
        return filter(read(packument), gate::allows).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code packument} without the versions {@code visible} refuses, its dist-tags repaired. */
    public static JsonObject filter(JsonObject packument, Predicate<String> visible) {
        JsonObject versions = versions(packument);
        JsonObjectBuilder kept = Json.createObjectBuilder();
        List<String> shown = versions.keySet().stream().filter(visible).toList();
        if (shown.size() == versions.size()) {
            return packument;
        }
        shown.forEach(v -> kept.add(v, versions.get(v)));
        JsonObjectBuilder out = Json.createObjectBuilder(packument).add("versions", kept);
        if (packument.get("time") instanceof JsonObject time) {
            JsonObjectBuilder t = Json.createObjectBuilder();
            time.forEach((key, value) -> {
                if (!versions.containsKey(key) || visible.test(key)) {
                    t.add(key, value);
                }
            });
            out.add("time", t);
        }
        if (packument.get("dist-tags") instanceof JsonObject tags) {
            JsonObjectBuilder repaired = Json.createObjectBuilder();
            tags.forEach((tag, target) -> {
                if (!(target instanceof JsonString s) || !versions.containsKey(s.getString()) || visible.test(s.getString())) {
                    repaired.add(tag, target); // not ours to judge: a tag at a version the document does not have
                    return;
                }
                highestAtMost(shown, s.getString(), tag.equals("latest")).ifPresent(v -> repaired.add(tag, v));
            });
            out.add("dist-tags", repaired);
        }
        return out.build();
    }

    private static Optional<String> highestAtMost(List<String> shown, String bound, boolean stableOnly) {
        VersionOrder order = VersionOrder.INSTANCE;
        return shown.stream()
                .filter(v -> order.compare(v, bound) <= 0)
                .filter(v -> !stableOnly || !order.isPrerelease(v))
                .max(order);
    }

    private static JsonObject versions(JsonObject packument) {
        return packument.get("versions") instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Optional<Instant> instant(JsonValue value) {
        return Optional.ofNullable(value instanceof JsonString s ? ReleaseListing.time(s.getString()) : null);
    }

    private static JsonObject read(byte[] packument) throws IOException {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(packument))) {
            return reader.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IOException("a packument is not a JSON object: " + e.getMessage(), e);
        }
    }
}
