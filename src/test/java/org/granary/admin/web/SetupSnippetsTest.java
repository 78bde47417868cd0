package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.granary.core.Format;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryType;
import org.junit.jupiter.api.Test;

/** What the repository page tells an admin to paste into each client, with the server's own URL. */
class SetupSnippetsTest {

    private static final String BASE = "https://repo.example.com/granary";

    private static RepositoryInfo repo(String name, Format format, RepositoryType type) {
        return new RepositoryInfo(1, name, format, type, type == RepositoryType.PROXY
                ? Optional.of(URI.create("https://up.example/")) : Optional.empty(), Duration.ofMinutes(5), List.of());
    }

    private static String all(RepositoryInfo r) {
        return SetupSnippets.of(BASE, r).stream().map(SetupSnippets.Snippet::text).reduce("", (a, b) -> a + "\n" + b);
    }

    @Test
    void everyClientGetsTheRepositorysRealUrl() {
        assertTrue(all(repo("npm", Format.NPM, RepositoryType.GROUP)).contains("npm config set registry " + BASE + "/npm/"));
        assertTrue(all(repo("pypi", Format.PYPI, RepositoryType.GROUP)).contains("--index-url " + BASE + "/pypi/simple/"));
        assertTrue(all(repo("cargo", Format.CARGO, RepositoryType.GROUP)).contains("registry = \"sparse+" + BASE + "/cargo/\""));
        assertTrue(all(repo("maven", Format.MAVEN, RepositoryType.GROUP)).contains("<url>" + BASE + "/maven/</url>"));
        assertEquals("go env -w GOPROXY=" + BASE + "/go,direct", all(repo("go", Format.GO, RepositoryType.PROXY)).strip());
    }

    @Test
    void onlyRepositoriesThatTakeUploadsShowHowToPublish() {
        assertTrue(all(repo("npm-hosted", Format.NPM, RepositoryType.HOSTED)).contains("npm publish --registry"));
        assertTrue(!all(repo("npm-proxy", Format.NPM, RepositoryType.PROXY)).contains("publish"));
        assertTrue(all(repo("pypi-hosted", Format.PYPI, RepositoryType.HOSTED)).contains("twine upload --repository-url "
                + BASE + "/pypi-hosted/"));
    }

    @Test
    void wingetRepositoriesGetNoCommandThatWouldNotWorkYet() {
        assertEquals(List.of(), SetupSnippets.of(BASE, repo("winget", Format.WINGET, RepositoryType.HOSTED)));
    }

    @Test
    void theInstallCommandOfAVersionNamesItInTheFormatsSpelling() {
        assertEquals("npm install left-pad@1.3.0 --registry " + BASE + "/npm/",
                SetupSnippets.install(BASE, repo("npm", Format.NPM, RepositoryType.GROUP), "left-pad", "1.3.0"));
        assertEquals("pip install --index-url " + BASE + "/pypi/simple/ requests==2.32.0",
                SetupSnippets.install(BASE, repo("pypi", Format.PYPI, RepositoryType.GROUP), "requests", "2.32.0"));
    }

    @Test
    void sizesAndRatiosReadAsPeopleWriteThem() {
        assertEquals("512 B", Formats.bytes(512));
        assertEquals("1.5 KiB", Formats.bytes(1536));
        assertEquals("1.0 GiB", Formats.bytes(1L << 30));
        assertEquals("–", Formats.percent(0, 0));
        assertEquals("66.7 %", Formats.percent(2, 3));
        assertEquals("5 min", Formats.seconds(300));
    }
}
