package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.core.CleanupPolicy;
import org.granary.core.Format;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryService;
import org.granary.core.RepositoryType;
import org.junit.jupiter.api.Test;

/** The repository form's rules: what an admin typing into it is told, next to which field. */
class RepositoryFormTest {

    private static final RepositoryInfo NPM_HOSTED = new RepositoryInfo(1, "npm-hosted", Format.NPM, RepositoryType.HOSTED,
            Optional.empty(), Duration.ofMinutes(5), List.of());
    private static final RepositoryInfo PYPI_PROXY = new RepositoryInfo(2, "pypi-proxy", Format.PYPI, RepositoryType.PROXY,
            Optional.of(URI.create("https://pypi.example/simple/")), Duration.ofMinutes(5), List.of());
    private static final List<RepositoryInfo> EXISTING = List.of(NPM_HOSTED, PYPI_PROXY);

    private static RepositoryForm form(String name, String format, String type) {
        RepositoryForm f = new RepositoryForm();
        f.setName(name);
        f.setFormat(format);
        f.setType(type);
        return f;
    }

    @Test
    void aWellFilledProxyHasNoProblemsAndBecomesTheSpecTheServiceGets() {
        RepositoryForm f = form("npm-mirror", "npm", "proxy");
        f.setUpstreamUrl(" https://registry.example.com/ ");
        f.setMetadataMaxAge("60");
        f.setAnonymousRead(false);

        assertEquals(Map.of(), f.problems(true, EXISTING));
        RepositoryService.Spec spec = f.toSpec();
        assertEquals("https://registry.example.com/", spec.upstreamUrl());
        assertEquals(Duration.ofSeconds(60), spec.metadataMaxAge());
        assertEquals(Boolean.FALSE, spec.anonymousRead());
        assertNull(spec.members(), "only groups send members (the service refuses them for others)");
    }

    @Test
    void eachMistakeIsNamedByItsField() {
        RepositoryForm f = form("Not A Name", "npm", "proxy");
        f.setUpstreamUrl("ftp://example");
        f.setMetadataMaxAge("five minutes");
        f.setMaxUploadMiB("-1");
        f.setPublishers("alice, bob smith@x");

        Map<String, String> p = f.problems(true, EXISTING);
        assertEquals(List.of("name", "upstreamUrl", "metadataMaxAge", "maxUploadMiB", "publishers"), List.copyOf(p.keySet()));
        assertTrue(p.get("name").contains("lower-case"), p.get("name"));
        assertTrue(p.get("upstreamUrl").contains("http://"), p.get("upstreamUrl"));
        assertTrue(p.get("publishers").contains("smith@x"), p.get("publishers"));
    }

    @Test
    void namesThatAreTakenOrGranarysOwnAreRefused() {
        assertTrue(form("npm-hosted", "npm", "hosted").problems(true, EXISTING).get("name").contains("exists already"));
        assertTrue(form("api", "npm", "hosted").problems(true, EXISTING).get("name").contains("Granary's own URLs"));
        assertTrue(form("", "npm", "hosted").problems(true, EXISTING).get("name").contains("Enter a name"));
        assertEquals(Map.of(), form("ignored", "npm", "hosted").problems(false, EXISTING), "an edit keeps its name");
    }

    @Test
    void aProxyNeedsAnUpstreamAndOthersDoNot() {
        assertTrue(form("p", "npm", "proxy").problems(true, EXISTING).containsKey("upstreamUrl"));
        assertEquals(Map.of(), form("h", "npm", "hosted").problems(true, EXISTING));
    }

    @Test
    void aGroupsMembersMustExistShareItsFormatAndAppearOnceInTheOrderGiven() {
        RepositoryForm f = form("npm-all", "npm", "group");
        f.addMember("npm-hosted");
        assertEquals(Map.of(), f.problems(true, EXISTING));
        assertEquals(List.of("npm-hosted"), f.toSpec().members());

        f.addMember("pypi-proxy");
        assertTrue(f.problems(true, EXISTING).get("members").contains("pypi repository"));
        f.removeMember("pypi-proxy");
        f.getMembers().add("gone");
        assertTrue(f.problems(true, EXISTING).get("members").contains("no repository named 'gone'"));
    }

    @Test
    void membersMoveUpAndDownAndStayPutAtTheEnds() {
        RepositoryForm f = form("g", "npm", "group");
        f.addMember("a");
        f.addMember("b");
        f.addMember("c");
        f.addMember("a");
        assertEquals(List.of("a", "b", "c"), f.getMembers(), "added once");

        f.moveMember("c", -1);
        assertEquals(List.of("a", "c", "b"), f.getMembers());
        f.moveMember("a", -1);
        f.moveMember("b", +1);
        assertEquals(List.of("a", "c", "b"), f.getMembers());
    }

    @Test
    void anExistingRepositoryFillsTheFormWithItsSettings() {
        RepositoryInfo r = new RepositoryInfo(3, "npm", Format.NPM, RepositoryType.GROUP, Optional.empty(),
                Duration.ofSeconds(120), List.of("npm-hosted", "npm-proxy"), false, List.of("ci"), 5L * 1024 * 1024,
                Format.NPM.defaultMaxMetadataBytes(), false, CleanupPolicy.NONE);
        RepositoryForm f = RepositoryForm.of(r);
        assertEquals("120", f.getMetadataMaxAge());
        assertEquals("5", f.getMaxUploadMiB());
        assertEquals("ci", f.getPublishers());
        assertEquals(List.of("npm-hosted", "npm-proxy"), f.getMembers());
        assertEquals(5L * 1024 * 1024, f.toSpec().maxUploadBytes());
    }
}
