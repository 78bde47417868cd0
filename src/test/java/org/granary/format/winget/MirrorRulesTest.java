package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mirror's allow-list: which packages, which of their versions, and what an administrator gets wrong. */
class MirrorRulesTest {

    static final List<String> AVAILABLE = List.of("1.9", "1.10", "2.0-beta", "2.0", "1.2.3");

    static MirrorRules rules(String json) {
        return MirrorRules.parse(WingetFixtures.body(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "latest|2.0",
            "latest 3|2.0,2.0-beta,1.10",
            "1.9|1.9",
            "7.0|''",
            ">=1.9 <2.0|2.0-beta,1.10,1.9",
            ">1.9|2.0,2.0-beta,1.10",
            "<=1.2.3|1.2.3"})
    void aVersionRuleChoosesAmongWhatTheSourceHasNewestFirst(String rule, String expected) {
        MirrorRules r = rules("{\"source\":\"winget-proxy\",\"packages\":[{\"id\":\"Contoso.Tools\",\"versions\":\"" + rule
                + "\"}]}");

        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(",")), r.versionsOf("Contoso.Tools", AVAILABLE));
    }

    @Test
    void patternsMatchIdentifiersIgnoringCaseAndSeveralEntriesAddUp() {
        MirrorRules r = rules("{\"source\":\"winget-proxy\",\"packages\":[{\"id\":\"Contoso.*\",\"versions\":\"latest\"},"
                + "{\"id\":\"contoso.tools\",\"versions\":\"1.9\"},{\"id\":\"*.Zip\"}]}");

        assertEquals(List.of("2.0", "1.9"), r.versionsOf("Contoso.Tools", AVAILABLE));
        assertTrue(r.allows("CONTOSO.Editor"));
        assertTrue(r.allows("Fabrikam.Zip"));
        assertFalse(r.allows("Fabrikam.Unzip.Tools"));
        assertFalse(r.allows("Contosoft.Tools"), "the dot is literal");
        assertEquals("Contoso.", r.packages().get(0).prefix());
        assertEquals(r, MirrorRules.parse(r.toJson()), "stored and read back unchanged");
    }

    @Test
    void theSourceIsARepositoryADirectoryOfTheServerOrAnArchiveUrl() {
        MirrorRules repository = rules("{\"source\":\"winget-proxy\",\"packages\":[]}");
        MirrorRules tree = rules("{\"source\":{\"tree\":\"/srv/winget-pkgs/manifests\"},\"packages\":[]}");
        MirrorRules archive = rules("{\"source\":{\"archive\":\"https://example.test/winget-pkgs.zip\"},\"packages\":[]}");

        assertEquals(new MirrorRules.RepositorySource("winget-proxy"), repository.source());
        assertEquals(new MirrorRules.TreeSource("/srv/winget-pkgs/manifests"), tree.source());
        assertEquals("archive https://example.test/winget-pkgs.zip", archive.source().display());
        for (MirrorRules r : List.of(repository, tree, archive)) {
            assertEquals(r, MirrorRules.parse(r.toJson()), "stored and read back unchanged");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"packages\":[]}|source",
            "{\"source\":\"p\",\"packages\":{}}|packages",
            "{\"source\":\"p\",\"packages\":[],\"interval\":1}|unknown field 'interval'",
            "{\"source\":\"p\",\"packages\":[{\"id\":\"a/b\"}]}|packages[0].id",
            "{\"source\":\"p\",\"packages\":[{\"id\":\"A.B\",\"versions\":\"newest\"}]}|packages[0].versions",
            "{\"source\":\"p\",\"packages\":[{\"id\":\"A.B\",\"versions\":\"latest 0\"}]}|packages[0].versions",
            "{\"source\":\"p\",\"packages\":[{\"id\":\"A.B\",\"versions\":\">=1.0 2.0\"}]}|packages[0].versions",
            "{\"source\":\"p\",\"packages\":[{\"id\":\"A.B\",\"version\":\"1.0\"}]}|packages[0]: unknown field 'version'",
            "{\"source\":{\"tree\":\"winget-pkgs/manifests\"},\"packages\":[]}|source.tree 'winget-pkgs/manifests' must be an absolute path",
            "{\"source\":{\"archive\":\"ftp://example.test/w.zip\"},\"packages\":[]}|source.archive 'ftp://example.test/w.zip' must be an http or https URL",
            "{\"source\":{\"git\":\"https://example.test/w.git\"},\"packages\":[]}|{\"tree\": ",
            "{\"source\":{\"tree\":\"/a\",\"archive\":\"https://example.test/w.zip\"},\"packages\":[]}|or {\"archive\": ",
            "{\"source\":{\"tree\":7},\"packages\":[]}|source.tree must be a string"})
    void aMistakeInTheAllowListIsNamed(String json, String named) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules(json));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
