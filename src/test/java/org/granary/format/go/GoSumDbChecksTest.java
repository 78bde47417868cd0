package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a checksum database's answers must look like before Granary caches them. */
class GoSumDbChecksTest {

    private static final String NOTE = "go.sum database tree\n2\nq0bYqVpDd9xx5Ecz8c+vJwIEFM2I5xeCzRhDB2l1sBw=\n\n"
            + "\u2014 sumdb.test AAAAAXNpZ25hdHVyZQ==\n";

    @TempDir
    Path dir;

    @Test
    void aHashTileHoldsExactlyItsWidthInHashes() throws IOException {
        SumDbPath.Tile partial = new SumDbPath.Tile("sumdb.test", 8, 0, 0, 2);
        GoSumDbProxy.checkTile(partial, file(new byte[64]));
        assertRefused(() -> GoSumDbProxy.checkTile(partial, file(new byte[63])), "is 63 bytes, not the 64 of 2 hashes");
        assertRefused(() -> GoSumDbProxy.checkTile(new SumDbPath.Tile("sumdb.test", 8, 0, 0, 256), file(new byte[64])),
                "not the 8192 of 256 hashes");
        SumDbPath.Tile data = new SumDbPath.Tile("sumdb.test", 8, -1, 0, 2);
        GoSumDbProxy.checkTile(data, file("0\nexample.test/a v1.0.0 h1:x=\n\n".getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> GoSumDbProxy.checkTile(data, file(new byte[0])), "empty data tile");
    }

    @Test
    void latestAndLookupsCarryASignedTreeNote() throws IOException {
        GoSumDbProxy.checkLatest(in(NOTE));
        GoSumDbProxy.checkLookup(in("1\nexample.test/a v1.0.0 h1:x=\nexample.test/a v1.0.0/go.mod h1:y=\n\n" + NOTE));
        assertRefused(() -> GoSumDbProxy.checkLatest(in("<html>maintenance</html>")), "not a signed tree note");
        assertRefused(() -> GoSumDbProxy.checkLatest(in("go.sum database tree\n2\nhash\n")), "not a signed tree note");
        assertRefused(() -> GoSumDbProxy.checkLookup(in("x\nrecord\n\n" + NOTE)), "record number");
        assertRefused(() -> GoSumDbProxy.checkLookup(in("1\nrecord\n" + NOTE.replace("\n\n", "\n"))), "blank line");
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "tile", ""), bytes);
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private interface Check {
        void run() throws IOException;
    }

    private static void assertRefused(Check check, String expected) {
        IOException e = assertThrows(IOException.class, check::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
