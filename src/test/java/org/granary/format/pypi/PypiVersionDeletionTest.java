package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.granary.core.NotFoundException;
import org.granary.core.VersionDeletion;
import org.junit.jupiter.api.Test;

/** What deleting a hosted PyPI version or file does to the project's document, and the JSON API path. */
class PypiVersionDeletionTest {

    private static HostedProject.File file(String name, String version) {
        return new HostedProject.File(name, version, "a".repeat(64), 1, "2025-01-06T09:00:00Z", null, null, null, "paula");
    }

    private static byte[] doc() {
        byte[] d = HostedProject.withFile(Optional.empty(), "demo", file("demo-1.0.tar.gz", "1.0"));
        d = HostedProject.withFile(Optional.of(d), "demo", file("demo-1.0-py3-none-any.whl", "1.0"));
        return HostedProject.withFile(Optional.of(d), "demo", file("demo-2.0.tar.gz", "2.0"));
    }

    @Test
    void aVersionLeavesTheDocumentWithAllItsFilesAndTheLastTakesTheDocument() throws Exception {
        VersionDeletion.Plan plan = PypiVersionDeletion.plan("demo", "1.00", doc());
        assertEquals("1.0", plan.version(), "matched as PEP 440 normalises it, named as it was uploaded");
        byte[] after = plan.changes().get(0).edit().apply(Optional.of(doc()));
        assertEquals(List.of("demo-2.0.tar.gz"), HostedProject.files(after).stream().map(HostedProject.File::filename)
                .toList());
        SimplePage page = HostedProject.page(after, "demo", "pypi-hosted");
        assertEquals(List.of("2.0"), page.versions());

        VersionDeletion.Plan last = PypiVersionDeletion.plan("demo", "2.0", after);
        assertTrue(last.changes().get(0).removes());
        assertThrows(NotFoundException.class, () -> PypiVersionDeletion.plan("demo", "3.0", doc()));
    }

    @Test
    void aYankedFileIsMarkedInBothPageFormsAndUnyankingClearsIt() throws Exception {
        byte[] yanked = HostedProject.withYanked(Optional.of(doc()), "demo", f -> f.filename().endsWith(".whl"), "",
                "demo");
        SimplePage page = HostedProject.page(yanked, "demo", "pypi-hosted");
        String html = SimplePageRenderer.html(page, "http://g/files/");
        assertTrue(html.contains("demo-1.0-py3-none-any.whl#sha256=" + "a".repeat(64) + "\" data-yanked=\"\""), html);
        assertTrue(SimplePageRenderer.json(page, "http://g/files/").contains("\"yanked\":true"));
        byte[] back = HostedProject.withYanked(Optional.of(yanked), "demo", f -> true, null, "demo");
        assertTrue(HostedProject.files(back).stream().allMatch(f -> f.yanked() == null));
        assertThrows(NotFoundException.class, () -> HostedProject.withYanked(Optional.of(doc()), "demo",
                f -> false, "x", "demo 9"));
    }

    @Test
    void theJsonApiPathsAreParsedAndANonNormalisedNameRedirects() {
        assertEquals(new PypiPath.JsonApi("demo", null), PypiPath.parse("pypi/demo/json"));
        assertEquals(new PypiPath.JsonApi("demo", "1.0"), PypiPath.parse("pypi/demo/1.0/json/"));
        assertEquals(new PypiPath.Redirect("pypi/demo-pkg/json"), PypiPath.parse("pypi/Demo_Pkg/json"));
        assertThrows(NotFoundException.class, () -> PypiPath.parse("pypi/demo/1.0/xml"));
        assertEquals(400, assertThrows(org.granary.core.InvalidRequestException.class,
                () -> PypiPath.parse("pypi/demo/not a version/json")).status());
    }
}
