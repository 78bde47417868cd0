package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlAnchorsTest {

    @Test
    void readsAnchorsWithEveryQuotingStyleAndDecodesReferences() {
        HtmlAnchors.Page page = HtmlAnchors.parse("""
                <!DOCTYPE html>
                <HTML><HEAD><META NAME="pypi:repository-version" CONTENT="1.1"><title>x</title></HEAD>
                <body>
                <!-- <a href="commented-out.whl">commented-out.whl</a> -->
                <A HREF="a-1.0.tar.gz#sha256=AB12" DATA-REQUIRES-PYTHON="&gt;=3.8,&lt;4" data-yanked>a-1.0.tar.gz</A><br/>
                <a href='b-1.0.whl' data-yanked='bad &amp; &#34;broken&#x22;'> b-1.0.whl </a>
                <a href=c-1.0.whl data-core-metadata=sha256=ff>c-<b>1.0</b>.whl</a>
                <script>var s = "<a href='not-a-link'>x</a>";</script>
                <a href="d-1.0.whl" data-requires-python=">=3" data-requires-python="ignored duplicate">d-1.0.whl
                </body></HTML>
                """);
        List<HtmlAnchors.Anchor> a = page.anchors();
        assertEquals(4, a.size(), a.toString());
        assertEquals("1.1", page.meta().get("pypi:repository-version"));

        assertEquals("a-1.0.tar.gz#sha256=AB12", a.get(0).attribute("href"));
        assertEquals(">=3.8,<4", a.get(0).attribute("data-requires-python"));
        assertTrue(a.get(0).has("data-yanked"));
        assertEquals("", a.get(0).attribute("data-yanked"));
        assertEquals("a-1.0.tar.gz", a.get(0).text());

        assertEquals("bad & \"broken\"", a.get(1).attribute("data-yanked"));
        assertEquals("b-1.0.whl", a.get(1).text());

        assertEquals("sha256=ff", a.get(2).attribute("data-core-metadata"));
        assertEquals("c-1.0.whl", a.get(2).text());

        assertEquals(">=3", a.get(3).attribute("data-requires-python"));
        assertEquals("d-1.0.whl", a.get(3).text());
        assertFalse(a.get(3).has("data-yanked"));
    }

    @Test
    void findsTheBaseHrefAndSurvivesBrokenMarkup() {
        HtmlAnchors.Page page = HtmlAnchors.parse("<base href=\"https://files.example.test/p/\"><a href=\"x.whl\">x.whl"
                + "<a href=\"y.whl\" data-x=\"unterminated>y.whl</a> 1 < 2 <a");
        assertEquals("https://files.example.test/p/", page.baseHref());
        assertEquals("x.whl", page.anchors().get(0).attribute("href"));
        assertEquals("x.whl", page.anchors().get(0).text());
        assertEquals(2, page.anchors().size());
        assertNull(HtmlAnchors.parse("<p>no links</p>").baseHref());
        assertTrue(HtmlAnchors.parse("").anchors().isEmpty());
    }

    @Test
    void escapingIsTheInverseOfDecoding() {
        String nasty = "<\"a\" & 'b'> >=3.8";
        String escaped = HtmlAnchors.escape(nasty);
        assertFalse(escaped.contains("<") || escaped.contains(">") || escaped.contains("\""));
        assertEquals(nasty, HtmlAnchors.decode(escaped));
        assertEquals("&unknown; &#xZZ;", HtmlAnchors.decode("&unknown; &#xZZ;"));
    }
}
