package org.granary.format.winget;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/**
 * A {@code POST manifestSearch} body. A package matches when one of its versions matches the {@code Query} (on
 * identifier, name, moniker, command, tag, family name, product or upgrade code) or any {@code Inclusion}, and every
 * {@code Filter}; without Query and Inclusions, every package passes that first half. {@code FetchAllManifests}
 * asks for everything.
 *
 * @param query             or empty
 * @param inclusions        alternatives: one is enough (winget upgrade sends one per installed program)
 * @param filters           conditions that must all hold
 * @param maximumResults    the most packages wanted in all, 0 for no limit
 * @param fetchAllManifests every package, whatever the conditions
 */
public record SearchRequest(Optional<RequestMatch> query, List<MatchFilter> inclusions, List<MatchFilter> filters,
                            int maximumResults, boolean fetchAllManifests) {

    /** More conditions than this in one request is not a client of ours but an attack (400). */
    public static final int MAX_CONDITIONS = 5000;
    /** The restsource OpenAPI limit of a KeyWord. */
    public static final int MAX_KEYWORD_LENGTH = 255;

    public SearchRequest {
        Objects.requireNonNull(query, "query");
        inclusions = List.copyOf(inclusions);
        filters = List.copyOf(filters);
    }

    /** A keyword and how to compare it. */
    public record RequestMatch(String keyWord, MatchType matchType) {
        public RequestMatch {
            Objects.requireNonNull(keyWord, "keyWord");
            Objects.requireNonNull(matchType, "matchType");
        }
    }

    /** A keyword compared with one field. */
    public record MatchFilter(PackageMatchField field, RequestMatch match) {
        public MatchFilter {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(match, "match");
        }
    }

    /** Whether nothing narrows the search. */
    public boolean matchesEverything() {
        return fetchAllManifests || (query.isEmpty() && inclusions.isEmpty() && filters.isEmpty());
    }

    /**
     * Reads a request body.
     *
     * @throws InvalidRequestException (400) naming what is wrong, e.g. {@code Inclusions[3].RequestMatch.MatchType}
     */
    public static SearchRequest parse(JsonValue body) {
        if (!(body instanceof JsonObject o)) {
            throw new InvalidRequestException("the manifestSearch body must be a JSON object");
        }
        int max = 0;
        JsonValue m = o.get("MaximumResults");
        if (m != null && m.getValueType() != JsonValue.ValueType.NULL) {
            if (!(m instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                throw new InvalidRequestException("MaximumResults must be a whole number of 0 or more");
            }
            max = n.intValue();
        }
        boolean all = false;
        JsonValue f = o.get("FetchAllManifests");
        if (f != null && f.getValueType() != JsonValue.ValueType.NULL) {
            if (f != JsonValue.TRUE && f != JsonValue.FALSE) {
                throw new InvalidRequestException("FetchAllManifests must be true or false");
            }
            all = f == JsonValue.TRUE;
        }
        Optional<RequestMatch> query = Optional.empty();
        JsonValue q = o.get("Query");
        if (q != null && q.getValueType() != JsonValue.ValueType.NULL) {
            query = Optional.of(match(q, "Query"));
        }
        List<MatchFilter> inclusions = filters(o.get("Inclusions"), "Inclusions");
        List<MatchFilter> filters = filters(o.get("Filters"), "Filters");
        if (inclusions.size() + filters.size() > MAX_CONDITIONS) {
            throw new InvalidRequestException("a search may have at most " + MAX_CONDITIONS + " Inclusions and Filters");
        }
        return new SearchRequest(query, inclusions, filters, max, all);
    }

    private static List<MatchFilter> filters(JsonValue v, String name) {
        List<MatchFilter> out = new ArrayList<>();
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return out;
        }
        if (!(v instanceof JsonArray a)) {
            throw new InvalidRequestException(name + " must be an array");
        }
        for (int i = 0; i < a.size(); i++) {
            String at = name + "[" + i + "]";
            if (!(a.get(i) instanceof JsonObject fo)) {
                throw new InvalidRequestException(at + " must be an object with PackageMatchField and RequestMatch");
            }
            String field = text(fo.get("PackageMatchField"), at + ".PackageMatchField");
            PackageMatchField pmf = PackageMatchField.of(field).orElseThrow(() -> new InvalidRequestException(
                    at + ".PackageMatchField '" + PathText.printable(field) + "' is not a package match field"));
            out.add(new MatchFilter(pmf, match(fo.get("RequestMatch"), at + ".RequestMatch")));
        }
        return out;
    }

    private static RequestMatch match(JsonValue v, String at) {
        if (!(v instanceof JsonObject mo)) {
            throw new InvalidRequestException(at + " must be an object with KeyWord and MatchType");
        }
        String keyWord = text(mo.get("KeyWord"), at + ".KeyWord");
        if (keyWord.length() > MAX_KEYWORD_LENGTH) {
            throw new InvalidRequestException(at + ".KeyWord is longer than " + MAX_KEYWORD_LENGTH + " characters");
        }
        String type = text(mo.get("MatchType"), at + ".MatchType");
        MatchType matchType = MatchType.of(type).orElseThrow(() -> new InvalidRequestException(
                at + ".MatchType '" + PathText.printable(type) + "' is not one of Exact, CaseInsensitive, StartsWith, "
                        + "Substring, Wildcard, Fuzzy, FuzzySubstring"));
        return new RequestMatch(keyWord, matchType);
    }

    private static String text(JsonValue v, String at) {
        if (!(v instanceof JsonString s)) {
            throw new InvalidRequestException(at + " must be a string");
        }
        return s.getString();
    }
}
