package org.granary.format.cargo;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.granary.core.InvalidRequestException;
import org.granary.core.VersionOrder;

/**
 * Cargo's search API ({@code GET /api/v1/crates?q=&per_page=&page=}, what {@code cargo search} asks), pure: the query,
 * the part of an index file a search needs, matching and ranking, and the answer in crates.io's shape
 * ({@code {"crates":[{"name","max_version","description"}],"meta":{"total"}}}).
 * <p>
 * Every word of the query must be in the crate's name ({@code -} and {@code _} alike, case ignored) or its description
 * (hosted crates only: index files have none). An exact name ranks first, then names that start with or contain the
 * words, then descriptions. {@code max_version} is the highest version a client could get: not yanked, not hidden by
 * the supply-chain guards, a release if there is one.
 */
public final class CargoSearch {

    /** cargo's default and largest page ({@code cargo search --limit} is at most 100). */
    public static final int DEFAULT_PER_PAGE = 10;
    public static final int MAX_PER_PAGE = 100;
    private static final int MAX_QUERY = 200;
    private static final int MAX_PAGE = 1000;

    private CargoSearch() {
    }

    /** One version of an index file. */
    public record Version(String version, boolean yanked) {
    }

    /** What a search needs of an index file: the crate's name as published and its versions. */
    public record Summary(String name, List<Version> versions) {

        /** The crate's name as the guards and index paths know it. */
        public String lowerName() {
            return name.toLowerCase(Locale.ROOT);
        }

        long weight() {
            return 128L + 2L * name.length() + 48L * versions.size();
        }
    }

    /** The words of {@code q}, lower case, {@code _} read as {@code -}. */
    public record Query(List<String> words) {

        /** How well a crate matches, 0 (not at all) to 1 (its exact name). */
        public double relevance(String name, String description) {
            String n = fold(name);
            String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
            String whole = String.join("-", words);
            if (n.equals(whole)) {
                return 1.0;
            }
            double sum = 0;
            for (String w : words) {
                double best = n.startsWith(w) ? 0.8 : n.contains(w) ? 0.6 : d.contains(w) ? 0.3 : 0;
                if (best == 0) {
                    return 0;
                }
                sum += best;
            }
            return sum / words.size() * 0.95;
        }
    }

    /** Reads {@code q}; a missing or overlong one is refused. */
    public static Query query(String q) {
        if (q == null || q.isBlank()) {
            throw new InvalidRequestException("a search needs a query: /api/v1/crates?q=<words>");
        }
        if (q.length() > MAX_QUERY) {
            throw new InvalidRequestException("the search query is longer than " + MAX_QUERY + " characters");
        }
        List<String> words = new ArrayList<>();
        for (String w : q.trim().split("[\\s+]+")) {
            if (!w.isBlank()) {
                words.add(fold(w));
            }
        }
        return new Query(List.copyOf(words));
    }

    /** {@code per_page} (1 to 100, default 10). */
    public static int perPage(String value) {
        return number("per_page", value, DEFAULT_PER_PAGE, MAX_PER_PAGE);
    }

    /** {@code page} (from 1, default 1). */
    public static int page(String value) {
        return number("page", value, 1, MAX_PAGE);
    }

    private static int number(String what, String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidRequestException("'" + what + "' must be a whole number from 1 to " + max + ", not '" + value + "'");
    }

    /** The summary of an index file; empty when it has no readable line. */
    public static Optional<Summary> summary(byte[] index) {
        List<Version> versions = new ArrayList<>();
        String name = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(index),
                StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                CrateIndex.Entry e = CrateIndex.parseLine(line, number);
                name = name == null ? e.name() : name;
                versions.add(new Version(e.version(), e.yanked()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return name == null ? Optional.empty() : Optional.of(new Summary(name, List.copyOf(versions)));
    }

    /** The highest version a client could get: not yanked, {@code visible}, a release if there is one. */
    public static Optional<String> maxVersion(Summary s, Predicate<String> visible) {
        List<String> candidates = s.versions().stream().filter(v -> !v.yanked()).map(Version::version)
                .filter(visible).toList();
        VersionOrder order = VersionOrder.INSTANCE;
        return candidates.stream().filter(v -> !order.isPrerelease(v)).max(order)
                .or(() -> candidates.stream().max(order));
    }

    /** One crate of the answer, with its relevance. */
    public record Ranked(String name, String maxVersion, String description, double relevance) {
        static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::relevance).reversed()
                .thenComparing(Ranked::name);
    }

    /** The answer: page {@code page} of {@code perPage} crates, best first, and how many matched. */
    public static JsonObject page(List<Ranked> ranked, int page, int perPage) {
        List<Ranked> sorted = new ArrayList<>(ranked);
        sorted.sort(Ranked.BEST_FIRST);
        JsonArrayBuilder crates = Json.createArrayBuilder();
        sorted.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(r -> {
            JsonObjectBuilder c = Json.createObjectBuilder().add("name", r.name()).add("max_version", r.maxVersion());
            c.add("description", r.description() == null ? JsonValue.NULL : Json.createValue(r.description()));
            crates.add(c);
        });
        return Json.createObjectBuilder()
                .add("crates", crates)
                .add("meta", Json.createObjectBuilder().add("total", sorted.size()))
                .build();
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
