package org.granary.format.cargo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.ConflictException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;

class CrateIndexTest {

    private static final String A = "a".repeat(64);
    private static final String B = "B".repeat(64);
    private static final String INDEX = "{\"name\":\"Demo\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"" + A
            + "\",\"features\":{},\"yanked\":false}\n"
            + "{\"name\":\"Demo\",\"vers\":\"1.1.0\",\"deps\":[],\"cksum\":\"" + B
            + "\",\"features\":{},\"yanked\":true,\"v\":2,\"features2\":{}}\n";

    @Test
    void findsTheLineOfAVersionWithItsChecksumAndYankedFlag() throws IOException {
        CrateIndex.Entry yanked = CrateIndex.find(in(INDEX), "1.1.0").orElseThrow();
        assertEquals(new CrateIndex.Entry("Demo", "1.1.0", "b".repeat(64), true), yanked);
        assertFalse(CrateIndex.find(in(INDEX), "1.0.0").orElseThrow().yanked());
        assertTrue(CrateIndex.find(in(INDEX), "2.0.0").isEmpty());
        assertTrue(CrateIndex.isSha256(yanked.cksum()));
    }

    @Test
    void aGoodIndexFilePassesTheCheckIgnoringCaseAndBlankLines() {
        assertDoesNotThrow(() -> CrateIndex.check(in(INDEX + "\n"), "demo"));
        assertDoesNotThrow(() -> CrateIndex.check(in(""), "demo"));
    }

    @Test
    void garbageAndOtherCratesLinesFailTheCheck() {
        assertThrows(IOException.class, () -> CrateIndex.check(in("<html>not found</html>"), "demo"));
        assertThrows(IOException.class, () -> CrateIndex.check(in("[1,2]"), "demo"));
        assertThrows(IOException.class, () -> CrateIndex.check(in("{\"name\":\"demo\"}"), "demo"));
        assertThrows(IOException.class, () -> CrateIndex.check(in(INDEX), "other"));
    }

    @Test
    void onlyHexSha256IsAChecksum() {
        assertFalse(CrateIndex.isSha256(null));
        assertFalse(CrateIndex.isSha256("abc"));
        assertFalse(CrateIndex.isSha256("g".repeat(64)));
    }

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPublishedVersionsLineIsInIndexFormWithRenamesAndNewFeatureSyntaxInFeatures2() {
        CratePublish.Metadata m = new CratePublish.Metadata("hosted-lib", "0.1.0", List.of(
                new CratePublish.Dependency("rand", "^0.8", List.of("std"), true, false, "cfg(unix)", "normal", null, "random"),
                new CratePublish.Dependency("cc", "^1", List.of(), false, true, null, "build",
                        "https://github.com/rust-lang/crates.io-index", null)),
                features("default", List.of("std"), "std", List.of(), "rng", List.of("dep:random")), null, "1.70");
        String line = CrateIndex.line(m, A);
        assertEquals("{\"name\":\"hosted-lib\",\"vers\":\"0.1.0\",\"deps\":["
                + "{\"name\":\"cc\",\"req\":\"^1\",\"features\":[],\"optional\":false,\"default_features\":true,"
                + "\"target\":null,\"kind\":\"build\",\"registry\":\"https://github.com/rust-lang/crates.io-index\"},"
                + "{\"name\":\"random\",\"req\":\"^0.8\",\"features\":[\"std\"],\"optional\":true,"
                + "\"default_features\":false,\"target\":\"cfg(unix)\",\"kind\":\"normal\",\"package\":\"rand\"}],"
                + "\"cksum\":\"" + A + "\",\"features\":{\"default\":[\"std\"],\"std\":[]},"
                + "\"features2\":{\"rng\":[\"dep:random\"]},\"yanked\":false,\"links\":null,"
                + "\"rust_version\":\"1.70\",\"v\":2}", line);
        String plain = CrateIndex.line(new CratePublish.Metadata("x", "1.0.0", List.of(), Map.of(), "z", null), A);
        assertEquals("{\"name\":\"x\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"" + A
                + "\",\"features\":{},\"yanked\":false,\"links\":\"z\"}", plain);
    }

    @Test
    void linesAreAppendedAndAKnownVersionOrAnotherSpellingIsRefused() throws IOException {
        CratePublish.Metadata v1 = meta("Demo", "1.2.0");
        byte[] once = CrateIndex.append(Optional.of(INDEX.getBytes(StandardCharsets.UTF_8)), v1, CrateIndex.line(v1, A));
        assertTrue(CrateIndex.find(in(new String(once, StandardCharsets.UTF_8)), "1.2.0").isPresent());
        assertEquals(3, new String(once, StandardCharsets.UTF_8).lines().count());
        byte[] fresh = CrateIndex.append(Optional.empty(), v1, "L");
        assertEquals("L\n", new String(fresh, StandardCharsets.UTF_8));

        ConflictException again = assertThrows(ConflictException.class,
                () -> CrateIndex.requirePublishable(Optional.of(once), meta("Demo", "1.2.0")));
        assertEquals("crate version Demo@1.2.0 is already published and cannot be replaced; publish a new version",
                again.getMessage());
        ConflictException build = assertThrows(ConflictException.class,
                () -> CrateIndex.requirePublishable(Optional.of(once), meta("Demo", "1.2.0+other")));
        assertTrue(build.getMessage().contains("(as 1.2.0)"), build.getMessage());
        InvalidRequestException renamed = assertThrows(InvalidRequestException.class,
                () -> CrateIndex.requirePublishable(Optional.of(once), meta("demo", "9.0.0")));
        assertTrue(renamed.getMessage().contains("was published as 'Demo'"), renamed.getMessage());
    }

    @Test
    void yankingFlipsOnlyThatVersionsFlag() throws IOException {
        byte[] yanked = CrateIndex.withYanked(INDEX.getBytes(StandardCharsets.UTF_8), "Demo", "1.0.0", true);
        assertTrue(CrateIndex.find(in(new String(yanked, StandardCharsets.UTF_8)), "1.0.0").orElseThrow().yanked());
        byte[] back = CrateIndex.withYanked(yanked, "Demo", "1.0.0", false);
        assertEquals(INDEX, new String(back, StandardCharsets.UTF_8));
        assertThrows(NotFoundException.class,
                () -> CrateIndex.withYanked(INDEX.getBytes(StandardCharsets.UTF_8), "Demo", "3.0.0", true));
    }

    @Test
    void aGroupIndexHasEveryVersionOnceTheEarlierMembersLineWinning() {
        String hosted = "{\"name\":\"Demo\",\"vers\":\"1.1.0\",\"cksum\":\"h\"}\n"
                + "{\"name\":\"Demo\",\"vers\":\"2.0.0\",\"cksum\":\"h\"}\n";
        String merged = CrateIndex.merge(List.of(hosted, INDEX.replace("1.0.0", "1.0.0+b")));
        List<String> lines = merged.lines().toList();
        assertEquals(3, lines.size(), merged);
        assertTrue(lines.get(0).contains("\"1.1.0\"") && lines.get(0).contains("\"h\""), merged);
        assertTrue(lines.get(2).contains("\"1.0.0+b\""), merged);
        assertEquals(hosted, CrateIndex.merge(List.of(hosted, hosted.replace("+", ""), "")));
    }

    private static CratePublish.Metadata meta(String name, String version) {
        return new CratePublish.Metadata(name, version, List.of(), Map.of(), null, null);
    }

    private static Map<String, List<String>> features(Object... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) pairs[i + 1];
            m.put((String) pairs[i], v);
        }
        return m;
    }
}
