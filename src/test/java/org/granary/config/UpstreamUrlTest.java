package org.granary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator may write in an upstream URL setting, and what Granary makes of it. */
class UpstreamUrlTest {

    @ParameterizedTest(name = "\"{0}\" is used as {1}")
    @CsvSource(delimiter = '|', value = {
            "sparse+https://index.cargo.example.test/      | https://index.cargo.example.test/",
            "SPARSE+https://index.cargo.example.test       | https://index.cargo.example.test/",
            "https://repo.example.test/maven2              | https://repo.example.test/maven2/",
            "https://repo.example.test/maven2//            | https://repo.example.test/maven2/",
            "https://repo.example.test                     | https://repo.example.test/",
            "HTTPS://Repo.Example.TEST/Maven2/             | https://repo.example.test/Maven2/",
            "'  http://127.0.0.1:8081/simple  '            | http://127.0.0.1:8081/simple/",
            "http://[::1]:4873/npm                         | http://[::1]:4873/npm/",
            "https://repo.example.test/a%20b/              | https://repo.example.test/a%20b/",
    })
    void acceptedFormsAreNormalisedToOneTrailingSlash(String value, String expected) {
        assertEquals(URI.create(expected), UpstreamUrl.normalise(Setting.UPSTREAM_CARGO, value));
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "registry+https://git.example.test/index      | git registry indexes are not proxied",
            "ftp://mirror.example.test/crates/            | only http and https",
            "sparse+ftp://mirror.example.test/            | only http and https",
            "index.cargo.example.test                     | not an absolute URL",
            "/srv/crates                                  | not an absolute URL",
            "mailto:crates@example.test                   | not an absolute URL",
            "https://                                     | not a URL",
            "https:///crates/                             | has no host",
            "https://under_score.example.test/            | is not a valid host",
            "https://user:secret@index.example.test/      | credentials in the URL",
            "https://index.example.test/?token=1          | no query",
            "https://index.example.test/#top              | no query (?…) or fragment",
            "https://index example.test/                  | not a URL",
    })
    void aValueThatCannotWorkIsRefusedNamingTheSettingAndTheValue(String value, String reason) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UpstreamUrl.normalise(Setting.UPSTREAM_CARGO, value));

        assertTrue(e.getMessage().startsWith("GRANARY_UPSTREAM_CARGO (granary.upstream.cargo) must be"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
