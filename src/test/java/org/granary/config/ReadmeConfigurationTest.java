package org.granary.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The README's configuration table names every setting Granary reads, so operators can find it. */
class ReadmeConfigurationTest {

    @ParameterizedTest
    @EnumSource(Setting.class)
    void everySettingIsDocumentedInTheReadme(Setting setting) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("`" + setting.environmentVariable() + "`"), setting.environmentVariable() + " is missing");
        assertTrue(readme.contains("`" + setting.property() + "`"), setting.property() + " is missing");
    }
}
