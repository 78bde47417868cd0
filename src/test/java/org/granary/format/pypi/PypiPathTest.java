package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PypiPathTest {

    @ParameterizedTest
    @CsvSource({
            "friendly-bard, friendly-bard",
            "Friendly-Bard, friendly-bard",
            "FRIENDLY-BARD, friendly-bard",
            "friendly.bard, friendly-bard",
            "friendly_bard, friendly-bard",
            "friendly--bard, friendly-bard",
            "FrIeNdLy-._.-bArD, friendly-bard",
            "zope.interface, zope-interface",
            "a, a"})
    void namesAreNormalisedAsPep503Says(String name, String normalised) {
        assertEquals(normalised, ProjectName.normalise(name));
    }

    @Test
    void aNormalisedProjectPageIsAProject() {
        assertEquals(new PypiPath.Project("friendly-bard"), PypiPath.parse("simple/friendly-bard/"));
    }

    @ParameterizedTest
    @CsvSource({
            "simple/Friendly_Bard/, simple/friendly-bard/",
            "simple/friendly-bard, simple/friendly-bard/",
            "simple/Friendly.Bard, simple/friendly-bard/",
            "simple, simple/",
            "'', simple/",
            "files/Friendly_Bard/friendly_bard-1.0-py3-none-any.whl, files/friendly-bard/friendly_bard-1.0-py3-none-any.whl"})
    void nonCanonicalPathsRedirectToTheNormalisedOne(String path, String location) {
        assertEquals(new PypiPath.Redirect(location), PypiPath.parse(path));
    }

    @Test
    void theProjectListFilesAndTheirMetadata() {
        assertEquals(new PypiPath.ProjectList(), PypiPath.parse("simple/"));
        PypiPath.File f = (PypiPath.File) PypiPath.parse("files/demo/demo-1.0%2Blocal-py3-none-any.whl");
        assertEquals("demo-1.0+local-py3-none-any.whl", f.filename());
        assertEquals("demo/demo-1.0+local-py3-none-any.whl", f.artifactPath());
        PypiPath.CoreMetadata m = (PypiPath.CoreMetadata) PypiPath.parse("files/demo/demo-1.0-py3-none-any.whl.metadata");
        assertEquals("demo-1.0-py3-none-any.whl", m.filename());
        assertEquals("demo/demo-1.0-py3-none-any.whl.metadata", m.artifactPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple/-leading/", "simple/trailing_/", "simple/sp%20ace/", "simple/%00nul/",
            "simple/na%2Fme/", "files/demo/..", "files/demo/.hidden", "files/demo/a%5Cb.whl", "files/demo/a%2Fb.whl",
            "files/demo/%2e%2e", "files/demo/x%zz", "files/demo/.metadata", "files/bad%20name/demo.whl"})
    void badNamesAreRejectedWith400(String path) {
        assertThrows(InvalidRequestException.class, () -> PypiPath.parse(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple/demo/extra", "simple/demo/extra/", "files/demo", "files/demo/a/b", "other",
            "pypi/demo/1.0/2.0/json", "pypi/demo"})
    void pathsTheApiDoesNotDefineAre404(String path) {
        assertThrows(NotFoundException.class, () -> PypiPath.parse(path));
    }

    @Test
    void validityFollowsPep508() {
        assertTrue(ProjectName.isValid("a"));
        assertTrue(ProjectName.isValid("Zope.Interface_2"));
        assertFalse(ProjectName.isValid("-a"));
        assertFalse(ProjectName.isValid("a b"));
        assertFalse(ProjectName.isValid("x".repeat(ProjectName.MAX_LENGTH + 1)));
    }

    @Test
    void fileNamesAreEncodedAsOnePathSegment() {
        assertEquals("demo-1.0+local", PypiPath.encodeSegment("demo-1.0+local"));
        assertEquals("a%20b%C3%A9", PypiPath.encodeSegment("a bé"));
        assertEquals("a bé", org.granary.format.PathText.decode("a%20b%C3%A9"));
    }

    @ParameterizedTest
    @CsvSource({
            "demo, demo-1.0-py3-none-any.whl, 1.0",
            "demo, demo-1.0-1build-py3-none-any.whl, 1.0",
            "demo-tool, demo_tool-2.0.tar.gz, 2.0",
            "demo-tool, Demo-Tool-2.0rc1.zip, 2.0rc1",
            "demo, demo-0.1-py2.7.egg, 0.1",
            "demo, demo-1.0.exe, "})
    void versionsAreReadFromFileNames(String project, String filename, String version) {
        assertEquals(version, DistributionFilename.version(project, filename));
    }
}
