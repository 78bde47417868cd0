package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MavenMetadataCheckTest {

    @Test
    void acceptsMavenMetadata() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata modelVersion="1.1.0">
                  <groupId>org.example</groupId><artifactId>lib-a</artifactId>
                  <versioning><latest>1.1</latest><release>1.1</release>
                    <versions><version>1.0</version><version>1.1</version></versions>
                    <lastUpdated>20250101123456</lastUpdated></versioning>
                </metadata>
                """;
        assertDoesNotThrow(() -> MavenMetadataCheck.check(in(xml)));
        assertDoesNotThrow(() -> MavenMetadataCheck.check(in("<metadata xmlns=\"http://maven.apache.org/METADATA/1.1.0\"/>")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<html><body>Not Found</body></html>", "<metadata><versioning>", "not xml at all",
        "<?xml version=\"1.0\"?><!DOCTYPE metadata [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><metadata>&x;</metadata>"})
    void refusesAnythingElse(String body) {
        assertThrows(IOException.class, () -> MavenMetadataCheck.check(in(body)));
    }

    private static ByteArrayInputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
