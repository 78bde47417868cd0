package org.granary.format.pypi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, forgiving reader of the parts of an HTML page the Simple API uses: anchors (attributes and
 * text), {@code <base href>} and {@code <meta name content>}. It never fails: what it cannot read it skips.
 * Tag and attribute names are case-insensitive (returned in lower case); attribute values may be double-,
 * single- or unquoted; character references ({@code &gt;}, {@code &#62;}, {@code &#x3e;}) are decoded in
 * values and text; comments, doctype and the contents of {@code script}/{@code style} are ignored.
 */
public final class HtmlAnchors {

    /** One {@code <a>} element: its attributes (first occurrence of a name wins) and its text. */
    public record Anchor(Map<String, String> attributes, String text) {
        public String attribute(String name) {
            return attributes.get(name);
        }

        public boolean has(String name) {
            return attributes.containsKey(name);
        }
    }

    /** What was found on a page. {@code baseHref} is {@code null} when the page has no {@code <base>}. */
    public record Page(List<Anchor> anchors, String baseHref, Map<String, String> meta) {
    }

    private static final Map<String, String> NAMED = Map.of(
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0");

    private final String html;
    private int pos;

    private HtmlAnchors(String html) {
        this.html = html;
    }

    public static Page parse(String html) {
        return new HtmlAnchors(html).read();
    }

    private Page read() {
        List<Anchor> anchors = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        String base = null;
        Map<String, String> openAnchor = null;
        StringBuilder text = new StringBuilder();
        while (pos < html.length()) {
            int lt = html.indexOf('<', pos);
            if (lt < 0) {
                if (openAnchor != null) {
                    text.append(html, pos, html.length());
                }
                break;
            }
            if (openAnchor != null) {
                text.append(html, pos, lt);
            }
            pos = lt;
            if (html.startsWith("<!--", pos)) {
                skipPast("-->", pos + 4);
                continue;
            }
            if (html.startsWith("<!", pos) || html.startsWith("<?", pos)) {
                skipPast(">", pos + 2);
                continue;
            }
            boolean closing = pos + 1 < html.length() && html.charAt(pos + 1) == '/';
            int nameStart = pos + (closing ? 2 : 1);
            if (nameStart >= html.length() || !Character.isLetter(html.charAt(nameStart))) {
                if (openAnchor != null) {
                    text.append('<'); // a stray '<' is text
                }
                pos++;
                continue;
            }
            int nameEnd = nameStart;
            while (nameEnd < html.length() && isNameChar(html.charAt(nameEnd))) {
                nameEnd++;
            }
            String tag = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            pos = nameEnd;
            if (closing) {
                skipPast(">", pos);
                if (tag.equals("a") && openAnchor != null) {
                    anchors.add(new Anchor(openAnchor, decode(text.toString()).strip()));
                    openAnchor = null;
                }
                continue;
            }
            Map<String, String> attributes = attributes();
            switch (tag) {
                case "a" -> {
                    if (openAnchor != null) { // an unclosed anchor ends where the next begins
                        anchors.add(new Anchor(openAnchor, decode(text.toString()).strip()));
                    }
                    openAnchor = attributes;
                    text.setLength(0);
                }
                case "base" -> {
                    if (base == null && attributes.containsKey("href")) {
                        base = attributes.get("href");
                    }
                }
                case "meta" -> {
                    if (attributes.containsKey("name") && attributes.containsKey("content")) {
                        meta.putIfAbsent(attributes.get("name").toLowerCase(Locale.ROOT), attributes.get("content"));
                    }
                }
                case "script", "style" -> skipPastIgnoringCase("</" + tag, pos);
                default -> { }
            }
        }
        if (openAnchor != null) {
            anchors.add(new Anchor(openAnchor, decode(text.toString()).strip()));
        }
        return new Page(List.copyOf(anchors), base, Map.copyOf(meta));
    }

    /** Reads attributes up to and including the tag's closing {@code >}. */
    private Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        while (pos < html.length()) {
            char c = html.charAt(pos);
            if (c == '>') {
                pos++;
                break;
            }
            if (Character.isWhitespace(c) || c == '/') {
                pos++;
                continue;
            }
            int start = pos;
            while (pos < html.length() && !Character.isWhitespace(html.charAt(pos)) && "=>/".indexOf(html.charAt(pos)) < 0) {
                pos++;
            }
            if (pos == start) { // a lone '=' or the like
                pos++;
                continue;
            }
            String name = html.substring(start, pos).toLowerCase(Locale.ROOT);
            skipWhitespace();
            String value = "";
            if (pos < html.length() && html.charAt(pos) == '=') {
                pos++;
                skipWhitespace();
                value = decode(value());
            }
            attributes.putIfAbsent(name, value);
        }
        return attributes;
    }

    private String value() {
        if (pos >= html.length()) {
            return "";
        }
        char quote = html.charAt(pos);
        if (quote == '"' || quote == '\'') {
            int end = html.indexOf(quote, pos + 1);
            if (end < 0) {
                end = html.length();
            }
            String v = html.substring(pos + 1, end);
            pos = Math.min(end + 1, html.length());
            return v;
        }
        int start = pos;
        while (pos < html.length() && !Character.isWhitespace(html.charAt(pos)) && html.charAt(pos) != '>') {
            pos++;
        }
        return html.substring(start, pos);
    }

    private void skipWhitespace() {
        while (pos < html.length() && Character.isWhitespace(html.charAt(pos))) {
            pos++;
        }
    }

    private void skipPast(String marker, int from) {
        int at = html.indexOf(marker, Math.min(from, html.length()));
        pos = at < 0 ? html.length() : at + marker.length();
    }

    private void skipPastIgnoringCase(String marker, int from) {
        int at = html.toLowerCase(Locale.ROOT).indexOf(marker, from);
        if (at < 0) {
            pos = html.length();
        } else {
            skipPast(">", at);
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':';
    }

    /** Decodes named (the common ones) and numeric character references; unknown ones stay as written. */
    static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i + 1 && semi - i <= 12) {
                String ref = s.substring(i + 1, semi);
                String decoded = reference(ref);
                if (decoded != null) {
                    b.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    private static String reference(String ref) {
        if (ref.startsWith("#")) {
            try {
                int cp = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
                        ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                return Character.isValidCodePoint(cp) && cp != 0 ? Character.toString(cp) : "\ufffd";
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return NAMED.get(ref.toLowerCase(Locale.ROOT));
    }

    /** Escapes text for an HTML attribute value or element content. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
