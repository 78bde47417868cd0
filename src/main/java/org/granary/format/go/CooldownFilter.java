package org.granary.format.go;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ReleaseListing;
import org.granary.core.VersionOrder;

/**
 * The GOPROXY protocol through the supply-chain guards, pure: a version's release time is its {@code .info}'s
 * {@code Time}; {@code @v/list} without the hidden versions; {@code @latest} moved to the version go would pick among
 * the visible ones (the highest release, else the highest pre-release); and the {@code retract} directives of a
 * {@code go.mod}, so that a retraction the latest (hidden) version declares still keeps go away from what it retracts.
 */
public final class CooldownFilter {

    private static final Pattern RANGE = Pattern.compile("\\[\\s*(\\S+?)\\s*,\\s*(\\S+?)\\s*]");
    private static final Pattern SINGLE = Pattern.compile("(v\\S+)");

    /** A {@code retract} directive: one version ({@code low == high}) or an inclusive range. */
    public record Retraction(String low, String high) {
        public boolean covers(String version) {
            VersionOrder o = VersionOrder.INSTANCE;
            return o.compare(version, low) >= 0 && o.compare(version, high) <= 0;
        }
    }

    private CooldownFilter() {
    }

    /** The versions of an {@code @v/list}, none with a time (go's {@code .info} has it). */
    public static Map<String, Instant> listTimes(byte[] list) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String v : versions(list)) {
            out.put(v, null);
        }
        return out;
    }

    /** The version of an {@code .info} (or {@code @latest}) document with its {@code Time}. */
    public static Map<String, Instant> infoTimes(byte[] info) throws IOException {
        JsonObject o = info(info);
        Map<String, Instant> out = new LinkedHashMap<>();
        if (o.get("Version") instanceof JsonString v) {
            out.put(v.getString(), time(o).orElse(null));
        }
        return out;
    }

    /** The {@code Time} of an {@code .info} document. */
    public static Optional<Instant> time(byte[] info) throws IOException {
        return time(info(info));
    }

    /** {@code @v/list} without the versions {@code visible} refuses. */
    public static byte[] filterList(byte[] list, Predicate<String> visible) {
        StringBuilder b = new StringBuilder();
        for (String v : versions(list)) {
            if (visible.test(v)) {
                b.append(v).append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code @latest} as the guards let a client see it: the document itself when its version is visible; else the
     * version go would pick among the visible ones, with its time when known; empty when none is visible.
     */
    public static Optional<byte[]> filterLatest(byte[] latest, Collection<String> listed, Predicate<String> visible,
                                                java.util.function.Function<String, Optional<Instant>> time)
            throws IOException {
        JsonObject o = info(latest);
        if (o.get("Version") instanceof JsonString v && visible.test(v.getString())) {
            return Optional.of(latest);
        }
        return latest(listed.stream().filter(visible).toList()).map(best -> {
            JsonObjectBuilder b = Json.createObjectBuilder().add("Version", best);
            time.apply(best).ifPresent(t -> b.add("Time", t.toString()));
            return b.build().toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** The version go takes as latest: the highest release, else the highest pre-release. */
    public static Optional<String> latest(Collection<String> versions) {
        VersionOrder o = VersionOrder.INSTANCE;
        Optional<String> release = versions.stream().filter(v -> !o.isPrerelease(v)).max(o);
        return release.isPresent() ? release : versions.stream().max(o);
    }

    /** The {@code retract} directives of a {@code go.mod} (single versions, ranges, and blocks of them). */
    public static List<Retraction> retractions(String goMod) {
        List<Retraction> out = new ArrayList<>();
        boolean inBlock = false;
        for (String raw : goMod.split("\n")) {
            String line = raw.replaceFirst("//.*$", "").trim();
            if (inBlock) {
                if (line.startsWith(")")) {
                    inBlock = false;
                    continue;
                }
                parse(line, out);
            } else if (line.startsWith("retract")) {
                String rest = line.substring("retract".length()).trim();
                if (rest.startsWith("(")) {
                    inBlock = true;
                    rest = rest.substring(1).trim();
                }
                parse(rest, out);
            }
        }
        return out;
    }

    private static void parse(String spec, List<Retraction> into) {
        if (spec.isEmpty()) {
            return;
        }
        Matcher range = RANGE.matcher(spec);
        if (range.find()) {
            into.add(new Retraction(range.group(1), range.group(2)));
            return;
        }
        Matcher single = SINGLE.matcher(spec);
        if (single.find()) {
            into.add(new Retraction(single.group(1), single.group(1)));
        }
    }

    private static List<String> versions(byte[] list) {
        List<String> out = new ArrayList<>();
        for (String line : new String(list, StandardCharsets.UTF_8).split("\n")) {
            String v = line.trim();
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private static Optional<Instant> time(JsonObject o) {
        return Optional.ofNullable(o.get("Time") instanceof JsonString t ? ReleaseListing.time(t.getString()) : null);
    }

    private static JsonObject info(byte[] info) throws IOException {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(info))) {
            return r.readObject();
        } catch (JsonException | ClassCastException e) {
            throw new IOException("an .info document is not a JSON object: " + e.getMessage(), e);
        }
    }
}
