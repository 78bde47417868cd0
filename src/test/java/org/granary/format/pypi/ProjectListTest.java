package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Simple API's root list: read from an upstream in either form, merged over a group's members, written. */
class ProjectListTest {

    private static List<String> read(String page) throws IOException {
        List<String> names = new ArrayList<>();
        ProjectList.read(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)), names::add);
        return names;
    }

    @Test
    void anUpstreamListIsReadAsHtmlOrJsonWithNamesNormalisedAndGarbageSkipped() throws IOException {
        assertEquals(List.of("foo-bar", "baz", "a-b"), read("<!DOCTYPE html><html><body>\n"
                + "<a href=\"/simple/foo-bar/\">Foo_Bar</a>\n<A HREF=\"baz/\">baz</A><br/>"
                + "<a href=\"x/\">not a name!</a><a href='a-b/'>a&#46;b</a></body></html>"));
        assertEquals(List.of("foo-bar", "zope-interface"), read("  {\"meta\": {\"api-version\": \"1.1\"}, \"projects\": "
                + "[{\"name\": \"Foo.Bar\", \"_last-serial\": 3}, {\"name\": \"zope.interface\"}], \"name\": \"x\"}"));
        assertThrows(IOException.class, () -> read("{\"projects\": [}"));
    }

    @Test
    void aGroupListsEveryNameOnceInMemberOrder() throws IOException {
        List<String> out = new ArrayList<>();
        ProjectList.merge(List.of(List.of("mine", "shared")::forEach, List.of("cached")::forEach,
                List.of("shared", "upstream", "cached", "upstream")::forEach), out::add);
        assertEquals(List.of("mine", "shared", "cached", "upstream", "upstream"), out,
                "the last list is streamed through: only what earlier members named is skipped");
    }

    @Test
    void theListIsWrittenAsPep503HtmlOrPep691Json() throws IOException {
        StringWriter html = new StringWriter();
        try (ProjectList.Output o = ProjectList.html(html)) {
            o.name("a-b");
        }
        assertTrue(html.toString().contains("<a href=\"a-b/\">a-b</a>"), html.toString());
        StringWriter json = new StringWriter();
        try (ProjectList.Output o = ProjectList.json(json)) {
            o.name("a-b");
            o.name("c");
        }
        assertEquals("{\"meta\":{\"api-version\":\"1.1\"},\"projects\":[{\"name\":\"a-b\"},{\"name\":\"c\"}]}",
                json.toString());
        assertEquals(List.of("a-b"), read(html.toString()), "what Granary writes it reads back");
    }
}
