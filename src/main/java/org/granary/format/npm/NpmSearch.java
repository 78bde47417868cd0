package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.granary.core.InvalidRequestException;
import org.granary.core.VersionOrder;

/**
 * npm's search API ({@code GET /-/v1/search?text=&size=&from=}), pure: what a query asks for, the part of a packument
 * a search needs (kept per packument version, a few hundred bytes), whether and how well a package matches, and the
 * answer in the registry's shape ({@code {objects:[{package, score, searchScore}], total, time}}).
 * <p>
 * A query is words and qualifiers separated by spaces. Every word must be found in the package's name, keywords or
 * description (case ignored); {@code keywords:a,b} wants one of those keywords, {@code scope:acme} names in
 * {@code @acme/}, {@code author:}/{@code maintainer:} a maintainer's user name, {@code boost-exact:} is accepted and
 * ignored. The score is the text's relevance (an exact name first, then a name that starts with or contains the word,
 * then a keyword, then the description); Granary has no quality, popularity or maintenance signal, so those are
 * {@code 1} for every package and do not reorder results.
 */
public final class NpmSearch {

    /** The default and the largest number of results per page (the public registry's). */
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 250;
    /** The furthest a page may start: deep paging is not what a search is for. */
    public static final int MAX_FROM = 10_000;
    private static final int MAX_TEXT = 1_000;

    private NpmSearch() {
    }

    /** A parsed query. */
    public record Query(List<String> words, List<String> keywords, String scope, String maintainer) {

        /** Whether {@code s} has everything the query asks for. */
        public boolean matches(Summary s) {
            return relevance(s) > 0;
        }

        /** How well {@code s} matches, 0 (not at all) to 1 (its exact name, and nothing else asked). */
        public double relevance(Summary s) {
            String name = s.name().toLowerCase(Locale.ROOT);
            if (scope != null && !name.startsWith("@" + scope + "/")) {
                return 0;
            }
            if (maintainer != null && s.maintainers().stream().noneMatch(m -> m.name().equalsIgnoreCase(maintainer))) {
                return 0;
            }
            List<String> kw = s.keywords().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
            if (!keywords.isEmpty() && keywords.stream().noneMatch(kw::contains)) {
                return 0;
            }
            if (words.isEmpty()) {
                return 0.5;
            }
            String description = s.description() == null ? "" : s.description().toLowerCase(Locale.ROOT);
            String bare = name.substring(name.indexOf('/') + 1);
            double sum = 0;
            for (String w : words) {
                double best = name.equals(w) || bare.equals(w) ? 1.0
                        : name.startsWith(w) || bare.startsWith(w) ? 0.8
                        : name.contains(w) ? 0.6
                        : kw.contains(w) ? 0.5
                        : kw.stream().anyMatch(k -> k.contains(w)) ? 0.4
                        : description.contains(w) ? 0.3
                        : 0;
                if (best == 0) {
                    return 0;
                }
                sum += best;
            }
            return sum / words.size();
        }
    }

    /** A maintainer as a packument lists it. */
    public record Maintainer(String name, String email) {
    }

    /**
     * What a search needs of one packument.
     *
     * @param versions the packument reduced to its {@code dist-tags}, {@code time} and, per version, only
     *                 {@code _npmUser} (the publisher): enough to pick the version a client would get
     * @param links    {@code homepage}, {@code repository} and {@code bugs} as URLs, where the packument has them
     */
    public record Summary(String name, String description, List<String> keywords, List<Maintainer> maintainers,
                          JsonObject links, JsonObject versions) {

        long weight() {
            return 256L + 2L * (name.length() + (description == null ? 0 : description.length()))
                    + 2L * versions.toString().length() + 64L * (keywords.size() + maintainers.size());
        }
    }

    /**
     * Reads {@code text} (npm's {@code text} parameter).
     *
     * @throws InvalidRequestException for a missing text or a qualifier Granary does not know
     */
    public static Query query(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("a search needs text: /-/v1/search?text=<words>");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidRequestException("the search text is longer than " + MAX_TEXT + " characters");
        }
        List<String> words = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        String scope = null;
        String maintainer = null;
        for (String part : text.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                words.add(part);
                continue;
            }
            String qualifier = part.substring(0, colon);
            String value = part.substring(colon + 1);
            switch (qualifier) {
                case "keywords" -> {
                    for (String k : value.split(",")) {
                        if (!k.isBlank()) {
                            keywords.add(k);
                        }
                    }
                }
                case "scope" -> scope = value.startsWith("@") ? value.substring(1) : value;
                case "author", "maintainer" -> maintainer = value;
                case "boost-exact" -> {
                    // exact names rank first anyway
                }
                default -> throw new InvalidRequestException("the search qualifier '" + qualifier + ":' is not "
                        + "supported; use words, keywords:, scope:, author: or maintainer:");
            }
        }
        return new Query(List.copyOf(words), List.copyOf(keywords), scope, maintainer);
    }

    /** {@code size} and {@code from} as given (null: the default), checked. */
    public static int size(String value) {
        return number("size", value, DEFAULT_SIZE, 1, MAX_SIZE);
    }

    public static int from(String value) {
        return number("from", value, 0, 0, MAX_FROM);
    }

    private static int number(String what, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRequestException("'" + what + "' must be a whole number from " + min + " to " + max
                + ", not '" + value + "'");
    }

    /** The summary of a packument; empty when the bytes are not one. */
    public static Optional<Summary> summary(byte[] packument) {
        JsonObject p;
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(packument))) {
            if (!(r.readValue() instanceof JsonObject o)) {
                return Optional.empty();
            }
            p = o;
        } catch (JsonException e) {
            return Optional.empty();
        }
        if (!(p.get("name") instanceof JsonString name)) {
            return Optional.empty();
        }
        JsonObjectBuilder versions = Json.createObjectBuilder();
        HostedPackument.versions(p).forEach((version, doc) -> {
            JsonObjectBuilder v = Json.createObjectBuilder();
            if (doc instanceof JsonObject d && d.get("_npmUser") instanceof JsonObject user
                    && user.get("name") instanceof JsonString n) {
                v.add("_npmUser", Json.createObjectBuilder().add("name", n.getString()));
            }
            versions.add(version, v);
        });
        JsonObject skeleton = Json.createObjectBuilder()
                .add("name", name.getString())
                .add("dist-tags", HostedPackument.distTags(p))
                .add("versions", versions)
                .add("time", p.get("time") instanceof JsonObject t ? t : JsonValue.EMPTY_JSON_OBJECT)
                .build();
        JsonObjectBuilder links = Json.createObjectBuilder();
        url(p.get("homepage")).ifPresent(u -> links.add("homepage", u));
        url(p.get("repository")).ifPresent(u -> links.add("repository", u));
        url(p.get("bugs")).ifPresent(u -> links.add("bugs", u));
        return Optional.of(new Summary(name.getString(), string(p.get("description")), keywords(p.get("keywords")),
                maintainers(p.get("maintainers")), links.build(), skeleton));
    }

    /** The weight of a summary, for the bounded cache of them. */
    static long weight(Summary s) {
        return s.weight();
    }

    /**
     * One entry of {@code objects}: the package at the version a client would get ({@code latest} as the guards leave
     * it, else the highest version they let through); empty when they let none through.
     */
    public static Optional<JsonObject> result(Summary s, Predicate<String> visible, double relevance) {
        JsonObject shown = CooldownFilter.filter(s.versions(), visible);
        JsonObject versions = HostedPackument.versions(shown);
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        String version = HostedPackument.distTags(shown).get("latest") instanceof JsonString l
                && versions.containsKey(l.getString()) ? l.getString()
                : versions.keySet().stream().max(VersionOrder.INSTANCE).orElseThrow();
        JsonObject time = shown.get("time") instanceof JsonObject t ? t : JsonValue.EMPTY_JSON_OBJECT;
        String date = string(time.get(version));
        if (date == null) {
            date = string(time.get("modified"));
        }
        JsonObjectBuilder pkg = Json.createObjectBuilder().add("name", s.name()).add("version", version);
        if (s.description() != null) {
            pkg.add("description", s.description());
        }
        JsonArrayBuilder kw = Json.createArrayBuilder();
        s.keywords().forEach(kw::add);
        pkg.add("keywords", kw);
        if (date != null) {
            pkg.add("date", date);
        }
        pkg.add("links", s.links());
        if (versions.get(version) instanceof JsonObject v && v.get("_npmUser") instanceof JsonObject user) {
            pkg.add("publisher", Json.createObjectBuilder().add("username", user.getString("name")));
        }
        JsonArrayBuilder maintainers = Json.createArrayBuilder();
        s.maintainers().forEach(m -> {
            JsonObjectBuilder b = Json.createObjectBuilder().add("username", m.name());
            if (m.email() != null) {
                b.add("email", m.email());
            }
            maintainers.add(b);
        });
        pkg.add("maintainers", maintainers);
        double score = Math.round(relevance * 1_000_000d) / 1_000_000d;
        return Optional.of(Json.createObjectBuilder()
                .add("package", pkg)
                .add("score", Json.createObjectBuilder().add("final", score).add("detail", Json.createObjectBuilder()
                        .add("quality", 1).add("popularity", 1).add("maintenance", 1)))
                .add("searchScore", score)
                .build());
    }

    /** A ranked result: its entry and its relevance. */
    public record Ranked(JsonObject entry, double relevance, String name) {
        static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::relevance).reversed()
                .thenComparing(Ranked::name);
    }

    /** The answer: the page {@code from}, {@code size} of {@code ranked}, best first. */
    public static JsonObject page(List<Ranked> ranked, int from, int size, Instant now) {
        List<Ranked> sorted = new ArrayList<>(ranked);
        sorted.sort(Ranked.BEST_FIRST);
        JsonArrayBuilder objects = Json.createArrayBuilder();
        sorted.stream().skip(from).limit(size).forEach(r -> objects.add(r.entry()));
        return Json.createObjectBuilder()
                .add("objects", objects)
                .add("total", sorted.size())
                .add("time", now.toString())
                .build();
    }

    private static List<String> keywords(JsonValue value) {
        List<String> out = new ArrayList<>();
        if (value instanceof JsonArray a) {
            a.forEach(k -> {
                if (k instanceof JsonString s && !s.getString().isBlank()) {
                    out.add(s.getString().trim());
                }
            });
        } else if (value instanceof JsonString s) {
            for (String k : s.getString().split("[,\\s]+")) {
                if (!k.isBlank()) {
                    out.add(k);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<Maintainer> maintainers(JsonValue value) {
        List<Maintainer> out = new ArrayList<>();
        if (value instanceof JsonArray a) {
            a.forEach(m -> {
                if (m instanceof JsonObject o && o.get("name") instanceof JsonString n) {
                    out.add(new Maintainer(n.getString(), string(o.get("email"))));
                }
            });
        }
        return List.copyOf(out);
    }

    private static Optional<String> url(JsonValue value) {
        if (value instanceof JsonString s && !s.getString().isBlank()) {
            return Optional.of(s.getString());
        }
        if (value instanceof JsonObject o && o.get("url") instanceof JsonString s && !s.getString().isBlank()) {
            return Optional.of(s.getString());
        }
        return Optional.empty();
    }

    private static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }
}
