package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GRANARY_GO_SUMDB and GRANARY_GO_SUMDB_UPSTREAMS as an administrator writes them. */
class SumDbConfigTest {

    @Test
    void aNameIsFetchedFromItsHostUnlessAnUpstreamIsGiven() {
        assertEquals(Map.of("sum.golang.org", URI.create("https://sum.golang.org/")),
                SumDbConfig.parse("sum.golang.org", null).upstreams());
        SumDbConfig both = SumDbConfig.parse(" sum.golang.org , sumdb.test ",
                "sumdb.test=http://127.0.0.1:9000/db, sum.golang.org=https://mirror.example.test");
        assertEquals(URI.create("https://mirror.example.test/"), both.upstreams().get("sum.golang.org"));
        assertEquals(URI.create("http://127.0.0.1:9000/db/"), both.upstreams().get("sumdb.test"));
        assertEquals(Map.of(), SumDbConfig.parse("", null).upstreams());
    }

    @Test
    void mistakesAreNamed() {
        assertRefused("sum golang", null, "GRANARY_GO_SUMDB: 'sum golang' is not a checksum database name");
        assertRefused("a+b", null, "is not a checksum database name");
        assertRefused("sum.golang.org", "sum.golang.org", "name=URL pairs");
        assertRefused("sum.golang.org", "other.test=https://other.test/", "which GRANARY_GO_SUMDB does not name");
        assertRefused("sum.golang.org", "sum.golang.org=ftp://x/", "only http and https");
    }

    private static void assertRefused(String names, String upstreams, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SumDbConfig.parse(names, upstreams));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
