package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.granary.web.ArtifactResponses.ByteRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range requests on a 1000-byte artifact: what a download manager, pip or a resumed curl gets. */
class ArtifactResponsesTest {

    @ParameterizedTest(name = "Range \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            // one range: 206 with exactly those bytes
            "bytes=0-99                          | 0-99",
            "bytes=100-199                       | 100-199",
            "bytes=900-                          | 900-999",
            "bytes=-100                          | 900-999",
            "bytes=990-5000                      | 990-999",
            "bytes=999-999                       | 999-999",
            "Bytes = 10 - 19                     | 10-19",
            "bytes=0007-0009                     | 7-9",
            // more than the artifact: the whole of it
            "bytes=-5000                         | 0-999",
            "bytes=0-99999999999999999999        | 0-999",
            "bytes=-99999999999999999999         | 0-999",
            // beyond the end: 416
            "bytes=1000-                         | 416",
            "bytes=99999999999999999999-         | 416",
            "bytes=99999999999999999999-99999999999999999999 | 416",
            "bytes=-0                            | 416",
            // malformed or several ranges: ignored, the whole body (200)
            "bytes=200-100                       | 200",
            "bytes=-                             | 200",
            "bytes=0-1,5-6                       | 200",
            "items=0-10                          | 200",
            "bytes=a-b                           | 200",
            "bytes=-1-2                          | 200",
            "''                                  | 200",
    })
    void aRangeIsServedClampedIgnoredOrRefused(String header, String expected) {
        assertEquals(expected, describe(ByteRange.parse(header, 1000)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bytes=0-     | 416", "bytes=-10    | 416", "bytes=5-2   | 200"})
    void anEmptyArtifactHasNoSatisfiableRange(String header, String expected) {
        assertEquals(expected, describe(ByteRange.parse(header, 0)));
    }

    private static String describe(ByteRange r) {
        if (r == ByteRange.WHOLE) {
            return "200";
        }
        return r == ByteRange.UNSATISFIABLE ? "416" : r.start() + "-" + r.end();
    }
}
