package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A form on another site cannot post to Granary through a visitor's browser; package clients are never refused. */
class CrossSiteRequestsTest {

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}, hosts {2}: refused {3}")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
            // package clients (npm, twine, mvn, cargo) send neither header
            "(none)       | (none)                          | repo.example.com        | false",
            // modern browsers say where the request comes from
            "same-origin  | https://repo.example.com        | repo.example.com        | false",
            "none         | (none)                          | repo.example.com        | false",
            "cross-site   | https://evil.example.net        | repo.example.com        | true",
            "same-site    | https://other.example.com       | repo.example.com        | true",
            "cross-site   | (none)                          | repo.example.com        | true",
            // older browsers: Origin against the hosts Granary is reached at (default ports do not matter)
            "(none)       | https://repo.example.com        | repo.example.com        | false",
            "(none)       | https://repo.example.com:443    | repo.example.com        | false",
            "(none)       | http://127.0.0.1:8080           | 127.0.0.1:8080          | false",
            "(none)       | http://127.0.0.1:8081           | 127.0.0.1:8080          | true",
            "(none)       | https://REPO.example.com        | internal:8080 repo.example.com | false",
            "(none)       | https://evil.example.net        | repo.example.com        | true",
            "(none)       | null                            | repo.example.com        | true",
            "(none)       | not a url                       | repo.example.com        | true",
    })
    void browsersPostingFromAnotherSiteAreRecognised(String secFetchSite, String origin, String hosts, boolean refused) {
        List<String> own = Arrays.asList(hosts.split(" "));
        assertEquals(refused, CrossSiteRequests.foreign(secFetchSite, origin, own).isPresent());
    }
}
