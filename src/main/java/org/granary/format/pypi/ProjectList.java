package org.granary.format.pypi;

import org.granary.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The root of the Simple API ({@code simple/}): the list of every project an index can serve, which can be large
 * (PyPI's has hundreds of thousands of names), so it is read and written as a stream. Reading takes PEP 503 HTML (the
 * text of each anchor) or PEP 691 JSON ({@code projects[].name}); names are normalised (PEP 503) and those that are
 * not project names skipped. Merging (a group's members) and writing are pure.
 */
public final class ProjectList {

    /** The most characters one anchor's tag or text may have before it is skipped as garbage. */
    private static final int MAX_ANCHOR_CHARS = 8192;

    private ProjectList() {
    }

    /** A list of project names that can be read more than once (a stored document, a hosted repository's names). */
    @FunctionalInterface
    public interface Names {
        void forEach(Consumer<String> name) throws IOException;
    }

    /**
     * Reads every project name of an upstream's root page, JSON or HTML (told apart by the first character), and
     * hands each, normalised, to {@code out}.
     *
     * @throws IOException for a JSON page that is not PEP 691's
     */
    public static void read(InputStream in, Consumer<String> out) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 64 * 1024);
        b.mark(4096);
        int c;
        int n = 0;
        do {
            c = b.read();
            n++;
        } while (c >= 0 && Character.isWhitespace(c) && n < 4000);
        b.reset();
        if (c == '{') {
            readJson(b, out);
        } else {
            readHtml(new BufferedReader(new InputStreamReader(b, StandardCharsets.UTF_8), 64 * 1024), out);
        }
    }

    private static void readJson(InputStream in, Consumer<String> out) throws IOException {
        try (JsonParser p = Json.createParser(in)) {
            int depth = 0;
            boolean inProjects = false;
            int projectsDepth = -1;
            String key = null;
            while (p.hasNext()) {
                JsonParser.Event e = p.next();
                switch (e) {
                    case START_OBJECT, START_ARRAY -> {
                        depth++;
                        if (e == JsonParser.Event.START_ARRAY && depth == 2 && "projects".equals(key)) {
                            inProjects = true;
                            projectsDepth = depth;
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (inProjects && depth == projectsDepth) {
                            inProjects = false;
                        }
                        depth--;
                    }
                    case KEY_NAME -> key = p.getString();
                    case VALUE_STRING -> {
                        if (inProjects && depth == projectsDepth + 1 && "name".equals(key)) {
                            emit(p.getString(), out);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (JsonParsingException | IllegalStateException e) {
            throw new IOException("not a PEP 691 project list: " + e.getMessage(), e);
        }
    }

    /** The text of every {@code <a>} element; tags, comments and entities handled as much as a project list needs. */
    private static void readHtml(Reader in, Consumer<String> out) throws IOException {
        StringBuilder tag = new StringBuilder();
        StringBuilder text = new StringBuilder();
        int c;
        boolean inAnchor = false;
        while ((c = in.read()) >= 0) {
            if (c != '<') {
                if (inAnchor && text.length() < MAX_ANCHOR_CHARS) {
                    text.append((char) c);
                }
                continue;
            }
            tag.setLength(0);
            while ((c = in.read()) >= 0 && c != '>') {
                if (tag.length() < MAX_ANCHOR_CHARS) {
                    tag.append((char) c);
                }
            }
            String t = tag.toString().strip().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("a") || t.startsWith("a ") || t.startsWith("a\t") || t.startsWith("a\n")) {
                inAnchor = true;
                text.setLength(0);
            } else if (t.equals("/a") && inAnchor) {
                inAnchor = false;
                emit(HtmlAnchors.decode(text.toString()).strip(), out);
            }
        }
    }

    private static void emit(String name, Consumer<String> out) {
        if (ProjectName.isValid(name)) {
            out.accept(ProjectName.normalise(name));
        }
    }

    /**
     * The lists of a group's members, merged in member order: every name once, where it first appears. Only the names
     * of all but the last list are remembered (the last, typically a proxy's huge upstream list, is streamed through).
     */
    public static void merge(List<Names> lists, Consumer<String> out) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lists.size(); i++) {
            boolean last = i == lists.size() - 1;
            lists.get(i).forEach(name -> {
                if (last ? !seen.contains(name) : seen.add(name)) {
                    out.accept(name);
                }
            });
        }
    }

    /** Writes a project list as Granary serves it, one name at a time. */
    public interface Output extends AutoCloseable {
        void name(String project) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** PEP 503 HTML: each name linked relative to the list page ({@code name/}). */
    public static Output html(Writer w) throws IOException {
        w.write("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                + "    <title>Simple index</title>\n  </head>\n  <body>\n");
        return new Output() {
            @Override
            public void name(String project) throws IOException {
                String e = HtmlAnchors.escape(project);
                w.write("    <a href=\"");
                w.write(e);
                w.write("/\">");
                w.write(e);
                w.write("</a><br>\n");
            }

            @Override
            public void close() throws IOException {
                w.write("  </body>\n</html>\n");
                w.flush();
            }
        };
    }

    /** PEP 691 JSON: {@code {"meta": {"api-version": "1.1"}, "projects": [{"name": …}]}}. */
    public static Output json(Writer w) {
        JsonGenerator g = Json.createGenerator(w);
        g.writeStartObject().writeStartObject("meta").write("api-version", "1.1").writeEnd().writeStartArray("projects");
        return new Output() {
            @Override
            public void name(String project) {
                g.writeStartObject().write("name", project).writeEnd();
            }

            @Override
            public void close() {
                g.writeEnd().writeEnd();
                g.flush();
            }
        };
    }
}
