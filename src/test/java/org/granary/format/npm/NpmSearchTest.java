package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** npm search, pure: the query, a packument's summary, matching and ranking, and the registry's answer shape. */
class NpmSearchTest {

    private static final String LEFT_PAD = """
            {"name":"left-pad","description":"String left pad","keywords":["pad","string"],
             "maintainers":[{"name":"alice","email":"alice@example.com"}],
             "repository":{"type":"git","url":"git+https://git.example.com/left-pad.git"},
             "homepage":"https://example.com/left-pad",
             "dist-tags":{"latest":"2.0.0","next":"3.0.0-rc.1"},
             "versions":{"1.0.0":{"_npmUser":{"name":"alice"},"readme":"long"},
                         "2.0.0":{"_npmUser":{"name":"bob"}},"3.0.0-rc.1":{}},
             "time":{"created":"2024-01-01T00:00:00.000Z","modified":"2024-06-01T00:00:00.000Z",
                     "1.0.0":"2024-01-01T00:00:00.000Z","2.0.0":"2024-06-01T00:00:00.000Z",
                     "3.0.0-rc.1":"2024-06-02T00:00:00.000Z"}}""";

    private static NpmSearch.Summary summary(String json) {
        return NpmSearch.summary(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static NpmSearch.Summary named(String name, String description, String... keywords) {
        StringBuilder kw = new StringBuilder();
        for (String k : keywords) {
            kw.append(kw.length() == 0 ? "" : ",").append('"').append(k).append('"');
        }
        return summary("{\"name\":\"" + name + "\",\"description\":\"" + description + "\",\"keywords\":[" + kw
                + "],\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":{}}}");
    }

    @Test
    void everyWordMustBeInTheNameKeywordsOrDescriptionAndAnExactNameRanksFirst() {
        NpmSearch.Query q = NpmSearch.query("Pad");
        NpmSearch.Summary exact = named("pad", "nothing");
        NpmSearch.Summary prefix = named("pad-left", "nothing");
        NpmSearch.Summary inName = named("left-pad", "nothing");
        NpmSearch.Summary keyword = named("strings", "nothing", "pad");
        NpmSearch.Summary description = named("strings2", "pads a string");
        NpmSearch.Summary none = named("other", "nothing", "string");
        assertTrue(q.relevance(exact) > q.relevance(prefix));
        assertTrue(q.relevance(prefix) > q.relevance(inName));
        assertTrue(q.relevance(inName) > q.relevance(keyword));
        assertTrue(q.relevance(keyword) > q.relevance(description));
        assertTrue(q.matches(description));
        assertFalse(q.matches(none));
        assertFalse(NpmSearch.query("pad zebra").matches(inName), "every word must match");
        assertTrue(NpmSearch.query("pad nothing").matches(inName));
    }

    @Test
    void qualifiersNarrowByKeywordScopeAndMaintainer() {
        NpmSearch.Summary pad = summary(LEFT_PAD);
        assertTrue(NpmSearch.query("keywords:string,other").matches(pad));
        assertFalse(NpmSearch.query("keywords:other").matches(pad));
        assertTrue(NpmSearch.query("maintainer:alice pad").matches(pad));
        assertFalse(NpmSearch.query("author:bob").matches(pad));
        assertFalse(NpmSearch.query("scope:acme pad").matches(pad));
        assertTrue(NpmSearch.query("scope:@acme widget").matches(named("@acme/widget", "w")));
        assertTrue(NpmSearch.query("widget").matches(named("@acme/widget", "w")), "the name after the scope counts");
        assertTrue(NpmSearch.query("pad boost-exact:false").matches(pad));
    }

    @Test
    void badQueriesAreRefusedWithAMessage() {
        assertEquals("a search needs text: /-/v1/search?text=<words>",
                assertThrows(InvalidRequestException.class, () -> NpmSearch.query(" ")).getMessage());
        assertTrue(assertThrows(InvalidRequestException.class, () -> NpmSearch.query("is:insecure")).getMessage()
                .contains("'is:' is not supported"));
        assertThrows(InvalidRequestException.class, () -> NpmSearch.size("0"));
        assertThrows(InvalidRequestException.class, () -> NpmSearch.size("251"));
        assertThrows(InvalidRequestException.class, () -> NpmSearch.from("-1"));
        assertThrows(InvalidRequestException.class, () -> NpmSearch.from("ten"));
        assertEquals(20, NpmSearch.size(null));
        assertEquals(0, NpmSearch.from(""));
        assertEquals(250, NpmSearch.size("250"));
    }

    @Test
    void aResultHasTheRegistrysShapeAtTheLatestVersion() {
        JsonObject r = NpmSearch.result(summary(LEFT_PAD), v -> true, 0.8).orElseThrow();
        JsonObject pkg = r.getJsonObject("package");
        assertEquals("left-pad", pkg.getString("name"));
        assertEquals("2.0.0", pkg.getString("version"));
        assertEquals("String left pad", pkg.getString("description"));
        assertEquals(List.of("pad", "string"), pkg.getJsonArray("keywords").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("2024-06-01T00:00:00.000Z", pkg.getString("date"));
        assertEquals("bob", pkg.getJsonObject("publisher").getString("username"));
        assertEquals("alice", pkg.getJsonArray("maintainers").getJsonObject(0).getString("username"));
        assertEquals("alice@example.com", pkg.getJsonArray("maintainers").getJsonObject(0).getString("email"));
        assertEquals("git+https://git.example.com/left-pad.git", pkg.getJsonObject("links").getString("repository"));
        assertEquals("https://example.com/left-pad", pkg.getJsonObject("links").getString("homepage"));
        assertEquals(0.8, r.getJsonObject("score").getJsonNumber("final").doubleValue(), 1e-9);
        assertEquals(1, r.getJsonObject("score").getJsonObject("detail").getInt("popularity"));
        assertEquals(0.8, r.getJsonNumber("searchScore").doubleValue(), 1e-9);
    }

    @Test
    void aVersionTheGuardsHideIsNeverTheVersionShown() {
        NpmSearch.Summary pad = summary(LEFT_PAD);
        JsonObject held = NpmSearch.result(pad, v -> !v.equals("2.0.0"), 1).orElseThrow().getJsonObject("package");
        assertEquals("1.0.0", held.getString("version"), "latest falls back to the highest stable visible version");
        assertEquals("2024-01-01T00:00:00.000Z", held.getString("date"));
        assertEquals("alice", held.getJsonObject("publisher").getString("username"));
        assertTrue(NpmSearch.result(pad, v -> false, 1).isEmpty(), "nothing installable: not a result");
        assertEquals("3.0.0-rc.1", NpmSearch.result(pad, v -> v.startsWith("3"), 1).orElseThrow()
                .getJsonObject("package").getString("version"), "with no stable version left, the highest visible one");
    }

    @Test
    void aPageIsBestFirstThenByNameWithTheTotalOfAllMatches() {
        List<NpmSearch.Ranked> ranked = List.of(
                new NpmSearch.Ranked(entry("b"), 0.5, "b"), new NpmSearch.Ranked(entry("a"), 0.5, "a"),
                new NpmSearch.Ranked(entry("c"), 0.9, "c"));
        JsonObject page = NpmSearch.page(ranked, 1, 1, Instant.parse("2025-01-01T00:00:00Z"));
        assertEquals(3, page.getInt("total"));
        assertEquals(1, page.getJsonArray("objects").size());
        assertEquals("a", page.getJsonArray("objects").getJsonObject(0).getJsonObject("package").getString("name"));
        assertEquals("2025-01-01T00:00:00Z", page.getString("time"));
    }

    @Test
    void somethingThatIsNotAPackumentHasNoSummary() {
        assertTrue(NpmSearch.summary("[1,2]".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(NpmSearch.summary("not json".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(NpmSearch.summary("{\"versions\":{}}".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertEquals(List.of("a", "b"), summary("{\"name\":\"x\",\"keywords\":\"a, b\"}").keywords());
    }

    private static JsonObject entry(String name) {
        return NpmSearch.result(named(name, "d"), v -> true, 0.5).orElseThrow();
    }
}
