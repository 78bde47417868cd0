package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadataResponsesTest {

    @ParameterizedTest(name = "Accept-Encoding \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
            // what npm, curl and browsers send
            "gzip, deflate                  | gzip",
            "gzip, deflate, br              | gzip",
            "deflate, gzip                  | gzip",
            "br, gzip                       | gzip",
            "x-gzip                         | gzip",
            "GZIP                           | gzip",
            "gzip;q=0.5, deflate            | deflate",
            "gzip;q=0.8, deflate;q=0.8      | gzip",
            // refusals
            "gzip;q=0                       | (none)",
            "gzip; q=0                      | (none)",
            "gzip;q=0, deflate              | deflate",
            "gzip;q=0, deflate;q=0          | (none)",
            "gzip;q=bogus                   | (none)",
            // only deflate
            "deflate                        | deflate",
            // wildcard: any coding not listed explicitly
            "*                              | gzip",
            "*;q=0                          | (none)",
            "*;q=0, deflate                 | deflate",
            "gzip;q=0, *                    | deflate",
            "*, gzip;q=0                    | deflate",
            // nothing we can do
            "br                             | (none)",
            "identity                       | (none)",
            "''                             | (none)",
    })
    void choosesTheEncodingTheClientAccepts(String acceptEncoding, String expected) {
        assertEquals(expected, MetadataResponses.chooseEncoding(acceptEncoding));
    }

    @Test
    void noHeaderMeansNoCompression() {
        assertNull(MetadataResponses.chooseEncoding(null));
    }
}
