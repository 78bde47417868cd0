package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.granary.core.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PythonVersionTest {

    @ParameterizedTest
    @CsvSource({
            "1.0, 1.0",
            "v1.0, 1.0",
            "01.002, 1.2",
            "0!1.0, 1.0",
            "2!1.0, 2!1.0",
            "1.0a1, 1.0a1",
            "1.0-alpha.1, 1.0a1",
            "1.0.BETA2, 1.0b2",
            "1.0c3, 1.0rc3",
            "1.0preview, 1.0rc0",
            "1.0rc, 1.0rc0",
            "1.0-1, 1.0.post1",
            "1.0.post, 1.0.post0",
            "1.0-r4, 1.0.post4",
            "1.0_rev_5, 1.0.post5",
            "1.0.dev, 1.0.dev0",
            "1.0-dev7, 1.0.dev7",
            "1.0a1.post2.dev3, 1.0a1.post2.dev3",
            "1.0+Ubuntu-1_B, 1.0+ubuntu.1.b",
            "' 1.0 ', 1.0"})
    void versionsAreNormalisedAsPep440Says(String version, String normalised) {
        assertTrue(PythonVersion.isValid(version), version);
        assertEquals(normalised, PythonVersion.normalise(version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.0.", ".1", "1..0", "1.0+", "1.0+a..b", "1.0-foo", "1.0 beta", "1.0/2", "1,0"})
    void nonVersionsAreRefused(String version) {
        assertFalse(PythonVersion.isValid(version), version);
        assertNull(PythonVersion.normalise(version));
        assertThrows(InvalidRequestException.class, () -> PythonVersion.requireValid(version));
    }

    @Test
    void sameComparesNormalisedForms() {
        assertTrue(PythonVersion.same("1.0.0rc1", "1.0.0-RC.1"));
        assertFalse(PythonVersion.same("1.0", "1.0.0"), "release segments are not padded (PEP 440 keeps them)");
        assertFalse(PythonVersion.same("nonsense", "nonsense"));
        assertThrows(InvalidRequestException.class, () -> PythonVersion.requireValid("1".repeat(101)));
    }
}
