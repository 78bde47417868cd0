package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimpleFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // what pip sends
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | JSON",
            "application/vnd.pypi.simple.v1+html | HTML",
            "application/vnd.pypi.simple.latest+json | JSON",
            "application/vnd.pypi.simple.latest+html | HTML",
            "text/html | TEXT_HTML",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | TEXT_HTML",
            "*/* | TEXT_HTML",
            "text/* | TEXT_HTML",
            "application/vnd.pypi.simple.v1+json;q=0.5, text/html | TEXT_HTML",
            "text/html, application/vnd.pypi.simple.v1+json | JSON",
            "application/vnd.pypi.simple.v1+json;q=0, */* | TEXT_HTML",
            "'' | TEXT_HTML"})
    void acceptDecides(String accept, SimpleFormat expected) {
        assertEquals(expected, SimpleFormat.negotiate(accept, null));
    }

    @ParameterizedTest
    @CsvSource({
            "application/vnd.pypi.simple.v1+json, JSON",
            "application/vnd.pypi.simple.v1+html, HTML",
            "text/html, TEXT_HTML",
            "json, JSON",
            "application/vnd.pypi.simple.v1 json, JSON"})
    void theFormatParameterOverridesAccept(String format, SimpleFormat expected) {
        assertEquals(expected, SimpleFormat.negotiate("text/html", format));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "application/json", "application/vnd.pypi.simple.v2+json",
            "text/html;q=0"})
    void nothingAcceptableIs406(String accept) {
        assertEquals(406, assertThrows(NotAcceptableException.class, () -> SimpleFormat.negotiate(accept, null)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "application/vnd.pypi.simple.v2+json"})
    void anUnknownFormatParameterIs406(String format) {
        assertThrows(NotAcceptableException.class, () -> SimpleFormat.negotiate(null, format));
    }
}
