package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** cargo search, pure: the query, an index file's summary, the version shown and crates.io's answer shape. */
class CargoSearchTest {

    private static CargoSearch.Summary index(String... lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return CargoSearch.summary(b.toString().getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    private static String line(String version, boolean yanked) {
        return "{\"name\":\"Serde_Json\",\"vers\":\"" + version + "\",\"deps\":[],\"cksum\":\"" + "a".repeat(64)
                + "\",\"features\":{},\"yanked\":" + yanked + "}";
    }

    @Test
    void theVersionShownIsTheHighestReleaseNotYankedAndNotHidden() {
        CargoSearch.Summary s = index(line("1.0.0", false), line("1.2.0", false), line("1.3.0", true), line("2.0.0-rc.1", false));
        assertEquals("Serde_Json", s.name());
        assertEquals("serde_json", s.lowerName());
        assertEquals(Optional.of("1.2.0"), CargoSearch.maxVersion(s, v -> true));
        assertEquals(Optional.of("1.0.0"), CargoSearch.maxVersion(s, v -> !v.equals("1.2.0")), "hidden by the guards");
        assertEquals(Optional.of("2.0.0-rc.1"), CargoSearch.maxVersion(s, v -> v.startsWith("2")));
        assertEquals(Optional.empty(), CargoSearch.maxVersion(s, v -> v.equals("1.3.0")), "yanked only: nothing to show");
        assertTrue(CargoSearch.summary("not an index".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void everyWordMustBeInTheNameOrDescriptionAndAnExactNameRanksFirst() {
        CargoSearch.Query q = CargoSearch.query("serde-json");
        assertEquals(1.0, q.relevance("serde_json", null), 1e-9, "'-' and '_' are alike");
        assertTrue(q.relevance("serde_json_path", null) > q.relevance("my-serde-json", null));
        assertEquals(0, q.relevance("serde", null), 1e-9);
        CargoSearch.Query words = CargoSearch.query("json fast");
        assertTrue(words.relevance("simd-json", "A fast JSON parser") > 0);
        assertEquals(0, words.relevance("simd-json", "A JSON parser"), 1e-9);
        assertTrue(words.relevance("simd-json", "A fast JSON parser") > words.relevance("other", "fast json"));
    }

    @Test
    void badParametersAreRefusedWithAMessage() {
        assertEquals("a search needs a query: /api/v1/crates?q=<words>",
                assertThrows(InvalidRequestException.class, () -> CargoSearch.query(" ")).getMessage());
        assertThrows(InvalidRequestException.class, () -> CargoSearch.perPage("0"));
        assertThrows(InvalidRequestException.class, () -> CargoSearch.perPage("101"));
        assertThrows(InvalidRequestException.class, () -> CargoSearch.page("x"));
        assertEquals(10, CargoSearch.perPage(null));
        assertEquals(1, CargoSearch.page(""));
    }

    @Test
    void theAnswerIsAPageBestFirstWithTheTotal() {
        List<CargoSearch.Ranked> ranked = List.of(new CargoSearch.Ranked("b", "1.0.0", null, 0.5),
                new CargoSearch.Ranked("a", "2.0.0", "the a crate", 0.5), new CargoSearch.Ranked("c", "3.0.0", null, 1.0));
        JsonObject first = CargoSearch.page(ranked, 1, 2);
        assertEquals(3, first.getJsonObject("meta").getInt("total"));
        assertEquals(List.of("c", "a"), first.getJsonArray("crates").stream()
                .map(c -> c.asJsonObject().getString("name")).toList());
        assertEquals("the a crate", first.getJsonArray("crates").getJsonObject(1).getString("description"));
        assertTrue(first.getJsonArray("crates").getJsonObject(0).isNull("description"));
        JsonObject second = CargoSearch.page(ranked, 2, 2);
        assertEquals("b", second.getJsonArray("crates").getJsonObject(0).getString("name"));
        assertEquals("1.0.0", second.getJsonArray("crates").getJsonObject(0).getString("max_version"));
    }

    @Test
    void aCratesInfoKeepsItsDescriptionAndOwners() {
        CrateInfo info = CrateInfo.read(Optional.empty()).withDescription("d").withOwners(List.of("alice", "bob"));
        CrateInfo again = CrateInfo.read(Optional.of(info.bytes()));
        assertEquals(info, again);
        assertEquals(new CrateInfo(null, List.of("alice")), CrateInfo.read(Optional.of(again.withDescription(null)
                .withOwners(List.of("alice")).bytes())));
        assertEquals("crate-info/serde_json", CrateInfo.path("Serde_Json"));
        assertEquals("serde_json", CrateInfo.crate("crate-info/serde_json"));
    }
}
