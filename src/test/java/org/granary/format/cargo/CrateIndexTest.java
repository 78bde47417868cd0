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
}
