package org.granary.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

class GoSumTest {

    @Test
    void aModuleWithAZipLineIsFetchedWholeAndOneWithOnlyAGoModLineOnlyItsMod() {
        String sum = """
                example.test/lib v1.2.0 h1:abc=
                example.test/lib v1.2.0/go.mod h1:def=
                example.test/other v0.1.0/go.mod h1:ghi=
                """;
        var wanted = GoSum.parse(sum.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("example.test/lib@v1.2.0 zip", "example.test/other@v0.1.0 go.mod"),
                wanted.stream().map(w -> w.display() + " " + w.files().get(0).name()).toList());
    }

    @Test
    void aLineThatIsNotAGoSumLineIsRefused() {
        assertTrue(assertThrows(InvalidRequestException.class, () -> GoSum.parse("module example.test/x\n".getBytes()))
                .getMessage().contains("line 1"));
    }
}
