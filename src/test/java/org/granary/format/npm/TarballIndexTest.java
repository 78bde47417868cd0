package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a tarball miss reads from a packument: every version's dist and release time, in one streaming pass. */
class TarballIndexTest {

    @Test
    void everyVersionsDistAndTimeAreRead() throws IOException {
        TarballIndex index = read("""
                {"name":"left-pad","dist-tags":{"latest":"1.3.0"},
                 "versions":{
                   "1.3.0":{"name":"left-pad","version":"1.3.0","readme":"long text","scripts":{"test":"x"},
                            "dist":{"tarball":"https://r.example.test/left-pad/-/left-pad-1.3.0.tgz",
                                    "integrity":"sha512-abc==","shasum":"0123456789abcdef0123456789abcdef01234567",
                                    "signatures":[{"keyid":"k","sig":"s"}],"fileCount":3}},
                   "1.2.0":{"dist":{"tarball":"https://r.example.test/left-pad/-/left-pad-1.2.0.tgz"}},
                   "0.0.1":{"name":"left-pad"},
                   "0.0.0":"not an object"},
                 "time":{"created":"2014-01-01T00:00:00.000Z","1.3.0":"2018-04-09T01:48:40.000Z"},
                 "readme":"# left-pad", "users":{"someone":true}}
                """);

        TarballIndex.Dist latest = index.version("1.3.0");
        assertEquals("https://r.example.test/left-pad/-/left-pad-1.3.0.tgz", latest.tarball());
        assertEquals("sha512-abc==", latest.integrity());
        assertEquals("0123456789abcdef0123456789abcdef01234567", latest.shasum());
        assertEquals("2018-04-09T01:48:40.000Z", latest.time());
        TarballIndex.Dist older = index.version("1.2.0");
        assertEquals("https://r.example.test/left-pad/-/left-pad-1.2.0.tgz", older.tarball());
        assertNull(older.integrity());
        assertNull(older.time());
        assertNull(index.version("0.0.1"), "a version without dist has no tarball");
        assertNull(index.version("0.0.0"));
        assertNull(index.version("9.9.9"));
    }

    @Test
    void aLargePackumentsIndexIsSmallerThanThePackument() throws IOException {
        StringBuilder json = new StringBuilder("{\"name\":\"big\",\"versions\":{");
        for (int i = 0; i < 2_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"1.0.").append(i).append("\":{\"readme\":\"")
                    .append("x".repeat(2_000)).append("\",\"dist\":{\"tarball\":\"https://r.example.test/big/-/big-1.0.")
                    .append(i).append(".tgz\",\"integrity\":\"sha512-").append(i).append("\"}}");
        }
        json.append("}}");

        TarballIndex index = read(json.toString());

        assertEquals(2_000, index.versions().size());
        assertEquals("sha512-1999", index.version("1.0.1999").integrity());
        assertTrue(index.weight() < json.length() / 5, index.weight() + " of " + json.length());
    }

    @Test
    void somethingThatIsNotAPackumentIsRefusedWithAMessage() {
        IOException e = assertThrows(IOException.class, () -> read("{\"versions\":{\"1.0.0\":"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertThrows(IOException.class, () -> read("[1,2]"));
    }

    private static TarballIndex read(String json) throws IOException {
        return TarballIndex.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
