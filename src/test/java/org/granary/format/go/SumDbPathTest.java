package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.granary.core.GranaryException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;

/** Checksum database paths under sumdb/ as go sends them, and what is refused (table-tested). */
class SumDbPathTest {

    private static final List<String> NAMES = List.of("sum.golang.org", "sumdb.example.test", "example.test/db");

    @Test
    void supportedLatestAndLookups() {
        assertEquals(new SumDbPath.Supported("sum.golang.org"), parse("sum.golang.org/supported"));
        assertEquals(new SumDbPath.Latest("sum.golang.org"), parse("sum.golang.org/latest"));
        SumDbPath.Lookup lookup = (SumDbPath.Lookup) parse("sum.golang.org/lookup/example.test/!upper/dep@v1.2.3");
        assertEquals("example.test/Upper/dep", lookup.module().path());
        assertEquals("v1.2.3", lookup.version().version());
        assertEquals("lookup/example.test/!upper/dep@v1.2.3", lookup.upstreamPath());
        assertEquals("sumdb/sum.golang.org/lookup/example.test/!upper/dep@v1.2.3",
                SumDbPath.pathInRepository(lookup.name(), lookup.upstreamPath()));
        // a name with a path, as go allows (host/path): the longest configured name wins
        assertEquals(new SumDbPath.Latest("example.test/db"), parse("example.test/db/latest"));
    }

    @Test
    void tilesFullPartialDataAndLargeIndexes() {
        assertTile("tile/8/0/000", 8, 0, 0, 256);
        assertTile("tile/8/0/000.p/2", 8, 0, 0, 2);
        assertTile("tile/8/1/x001/234.p/255", 8, 1, 1234, 255);
        assertTile("tile/8/data/x123/x456/789", 8, -1, 123_456_789, 256);
        assertTile("tile/3/4/x001/x234/067.p/1", 3, 4, 1_234_067, 1);
    }

    @Test
    void badPathsAreRefusedWithAReason() {
        Map<String, String> bad = Map.of(
                "sum.golang.org/tile/8/0/0001", "groups of three digits",
                "sum.golang.org/tile/8/0/001/002", "groups of three digits",
                "sum.golang.org/tile/0/0/000", "height must be 1 to 30",
                "sum.golang.org/tile/8/0/000.p/256", "width must be 1 to 255",
                "sum.golang.org/tile/8/0/000.p/0", "width must be 1 to 255",
                "sum.golang.org/tile/8/x/000", "level is not a number",
                "sum.golang.org/tile/8/0/x000/001", "canonical spelling tile/8/0/001",
                "sum.golang.org/lookup/example.test/lib", "lookup/<module>@<version>",
                "sum.golang.org/lookup/Example.test/lib@v1.0.0", "upper-case letters must be written as '!'",
                "sum.golang.org/lookup/example.test/lib@v2.0.0", "should be v0 or v1, not v2");
        bad.forEach((path, reason) -> {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(path), path);
            assertTrue(e.getMessage().contains(reason), path + ": " + e.getMessage());
        });
    }

    @Test
    void unknownDatabasesAndPathsAre404() {
        GranaryException e = assertThrows(NotFoundException.class, () -> parse("sum.example.org/supported"));
        assertTrue(e.getMessage().contains("does not proxy the checksum database 'sum.example.org'"), e.getMessage());
        assertThrows(NotFoundException.class, () -> parse("sum.golang.org"));
        assertThrows(NotFoundException.class, () -> parse("sum.golang.org/other"));
        assertThrows(NotFoundException.class, () -> SumDbPath.parse("sum.golang.org/latest", List.of()));
    }

    private static void assertTile(String path, int height, int level, long index, int width) {
        SumDbPath.Tile tile = (SumDbPath.Tile) parse("sum.golang.org/" + path);
        assertEquals(new SumDbPath.Tile("sum.golang.org", height, level, index, width), tile, path);
        assertEquals(path, tile.upstreamPath());
        assertEquals(width == 1 << height, tile.isFull(), path);
    }

    private static SumDbPath parse(String rest) {
        return SumDbPath.parse(rest, NAMES);
    }
}
