package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadFormTest {

    private static final String SHA = "ab".repeat(32);

    /** What twine sends for a wheel. */
    private static Map<String, List<String>> twine(String name, String version, String filetype) {
        Map<String, List<String>> f = new HashMap<>();
        f.put(":action", List.of("file_upload"));
        f.put("protocol_version", List.of("1"));
        f.put("name", List.of(name));
        f.put("version", List.of(version));
        f.put("filetype", List.of(filetype));
        f.put("pyversion", List.of("py3"));
        f.put("metadata_version", List.of("2.1"));
        f.put("summary", List.of("Généré"));
        f.put("requires_python", List.of(""));
        f.put("md5_digest", List.of("00".repeat(16)));
        f.put("sha256_digest", List.of(SHA.toUpperCase()));
        f.put("blake2_256_digest", List.of("11".repeat(32)));
        f.put("classifiers", List.of("A", "B"));
        return f;
    }

    @Test
    void aWheelUploadIsReadWithItsNormalisedNameAndDeclaredHash() {
        UploadForm form = UploadForm.parse(twine("Demo.Tool", "1.0", "bdist_wheel"), "demo_tool-1.0-py3-none-any.whl");
        assertEquals("Demo.Tool", form.name());
        assertEquals("demo-tool", form.project());
        assertEquals(DistributionFilename.Kind.WHEEL, form.kind());
        assertEquals(Optional.of(SHA), form.sha256());
        assertNull(form.requiresPython(), "a blank requires_python is none");
    }

    @Test
    void anSdistUploadKeepsRequiresPython() {
        Map<String, List<String>> f = twine("demo-tool", "2.0rc1", "sdist");
        f.put("requires_python", List.of(" >=3.8 "));
        f.remove("sha256_digest");
        UploadForm form = UploadForm.parse(f, "demo-tool-2.0-rc1.tar.gz");
        assertEquals(DistributionFilename.Kind.SDIST, form.kind());
        assertEquals(">=3.8", form.requiresPython());
        assertEquals(Optional.empty(), form.sha256());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "demo | 1.0 | bdist_wheel | demo-1.0-py3-none-any.whl | ",
            "demo | 1.0 | bdist_wheel | Demo-1.0-1-py3-none-any.whl | ",
            "demo | 1.0.0 | bdist_wheel | demo-1.0-py3-none-any.whl | is not a file name of demo",
            "demo | 1.0 | bdist_wheel | other-1.0-py3-none-any.whl | is not a file name of demo",
            "demo | 1.0 | bdist_wheel | demo-1.0-py3-none.whl | is not a file name of demo",
            "demo | 1.0 | sdist | demo-1.0-py3-none-any.whl | does not match",
            "demo | 1.0 | bdist_wheel | demo-1.0.tar.gz | does not match",
            "demo | 1.0 | bdist_egg | demo-1.0-py3.7.egg | is neither a wheel",
            "demo | 1.0 | sdist | demo-1.0.tar.bz2 | is neither a wheel",
            "demo | 1.0 | sdist | ../demo-1.0.tar.gz | is not a distribution file name",
            "demo | 1.0 | sdist | demo-1.0.zip | ",
            "de mo | 1.0 | sdist | demo-1.0.zip | is not a valid Python project name",
            "demo | one | sdist | demo-1.0.zip | is not a valid Python version",
            "demo | 1.0 | | demo-1.0.zip | has no 'filetype' field"})
    void theFileNameMustNameTheProjectAndVersionAndMatchTheFiletype(String name, String version, String filetype,
                                                                    String filename, String problem) {
        Map<String, List<String>> f = twine(name, version, filetype == null ? "" : filetype);
        if (problem == null) {
            assertEquals(filename, UploadForm.parse(f, filename).filename());
        } else {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> UploadForm.parse(f, filename));
            assertTrue(e.getMessage().contains(problem), e.getMessage());
        }
    }

    @Test
    void otherActionsMissingFilesAndBadDigestsAreRefused() {
        Map<String, List<String>> f = twine("demo", "1.0", "sdist");
        assertMessage("no file was uploaded", () -> UploadForm.parse(f, null));
        f.put("sha256_digest", List.of("xyz"));
        assertMessage("is not a sha256", () -> UploadForm.parse(f, "demo-1.0.tar.gz"));
        f.put(":action", List.of("doc_upload"));
        assertMessage("only file_upload", () -> UploadForm.parse(f, "demo-1.0.tar.gz"));
        f.remove(":action");
        assertMessage("no ':action' field", () -> UploadForm.parse(f, "demo-1.0.tar.gz"));
        Map<String, List<String>> g = twine("demo", "1.0", "sdist");
        g.put("protocol_version", List.of("2"));
        assertMessage("protocol_version", () -> UploadForm.parse(g, "demo-1.0.tar.gz"));
    }

    @Test
    void uploadKindsFollowPypiRules() {
        assertEquals(DistributionFilename.Kind.WHEEL, DistributionFilename.uploadKind("a-1-py3-none-any.WHL"));
        assertEquals(DistributionFilename.Kind.SDIST, DistributionFilename.uploadKind("a-1.tar.gz"));
        assertNull(DistributionFilename.uploadKind("a-1.tgz"));
        assertFalse(DistributionFilename.names("a-1-py3-none-any.whl", "b", "1"));
        assertTrue(DistributionFilename.names("my_pkg-1.0.post1.tar.gz", "my-pkg", "1.0-1"));
        assertTrue(DistributionFilename.names("my-pkg-extra-1.0.tar.gz", "my-pkg-extra", "1.0"));
    }

    private static void assertMessage(String expected, Runnable r) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
