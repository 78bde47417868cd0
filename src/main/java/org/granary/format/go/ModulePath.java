package org.granary.format.go;

import java.util.Locale;
import java.util.Set;
import org.granary.core.InvalidRequestException;

/**
 * A Go module path, valid by the rules of {@code go} itself, with its case-encoded form. In URLs and storage
 * keys every upper-case letter is written {@code !} + lower-case ({@code example.test/Upper} is
 * {@code example.test/!upper}), so that paths stay distinct on case-insensitive file systems.
 *
 * @param path    the module path as written in {@code go.mod} ({@code example.test/Upper/Dep})
 * @param escaped the case-encoded form used in GOPROXY URLs and storage keys ({@code example.test/!upper/!dep})
 */
public record ModulePath(String path, String escaped) {

    /** Longer paths would not fit the package table; no real module comes close. */
    static final int MAX_LENGTH = 400;

    private static final Set<String> WINDOWS_RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    /** What a path element is checked as: module paths allow fewer characters than file paths. */
    enum Kind { MODULE, FILE }

    /**
     * Decodes and validates a module path as it appears in a GOPROXY URL.
     *
     * @throws InvalidRequestException with the reason, for bad encodings and invalid module paths
     */
    public static ModulePath ofEscaped(String escaped) {
        if (escaped.length() > MAX_LENGTH * 2) {
            throw new InvalidRequestException("module path is too long");
        }
        String path = unescape(escaped);
        if (path == null) {
            throw new InvalidRequestException("invalid escaped module path \"" + printable(escaped)
                    + "\": upper-case letters must be written as '!' followed by the lower-case letter "
                    + "(example.test/!upper for example.test/Upper)");
        }
        String problem = problemWithPath(path);
        if (problem != null) {
            throw new InvalidRequestException("malformed module path \"" + printable(path) + "\": " + problem);
        }
        return new ModulePath(path, escaped);
    }

    /** Validates a module path as written in {@code go.mod}. */
    public static ModulePath of(String path) {
        String problem = problemWithPath(path);
        if (problem != null) {
            throw new InvalidRequestException("malformed module path \"" + printable(path) + "\": " + problem);
        }
        return new ModulePath(path, escape(path));
    }

    /**
     * The major-version suffix of the path: {@code ""}, {@code "/v2"}, or for {@code gopkg.in} paths
     * {@code ".v1"} (possibly with {@code -unstable}).
     */
    public String pathMajor() {
        return splitPathMajor(path);
    }

    /** {@code Upper} → {@code !upper}; the inverse of {@link #unescape}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                b.append('!').append((char) (c + ('a' - 'A')));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code !upper} → {@code Upper}; {@code null} when the encoding is invalid (a bare upper-case letter, a dangling '!'). */
    static String unescape(String escaped) {
        StringBuilder b = new StringBuilder(escaped.length());
        boolean bang = false;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (bang) {
                bang = false;
                if (c < 'a' || c > 'z') {
                    return null;
                }
                b.append((char) (c - ('a' - 'A')));
            } else if (c == '!') {
                bang = true;
            } else if (c >= 'A' && c <= 'Z') {
                return null;
            } else {
                b.append(c);
            }
        }
        return bang ? null : b.toString();
    }

    /** Why {@code path} is not a valid module path, or {@code null} when it is. */
    static String problemWithPath(String path) {
        if (path.isEmpty()) {
            return "empty string";
        }
        if (path.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        String general = problemWithSlashPath(path, Kind.MODULE);
        if (general != null) {
            return general;
        }
        int slash = path.indexOf('/');
        String first = slash < 0 ? path : path.substring(0, slash);
        if (!first.contains(".")) {
            return "missing dot in first path element";
        }
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return "invalid char '" + c + "' in first path element (only lower-case letters, digits, '-' and '.')";
            }
        }
        if (splitPathMajor(path) == null) {
            return "invalid major version suffix (a final /vN needs N >= 2 without leading zeros or dots; "
                    + "gopkg.in paths end in .vN)";
        }
        return null;
    }

    /** Checks a slash-separated path (module path or file path in a module zip); {@code null} when fine. */
    static String problemWithSlashPath(String path, Kind kind) {
        if (path.isEmpty()) {
            return "empty string";
        }
        if (path.charAt(0) == '-' && kind != Kind.FILE) {
            return "leading dash";
        }
        if (path.contains("//")) {
            return "double slash";
        }
        if (path.charAt(0) == '/') {
            return "leading slash";
        }
        if (path.endsWith("/")) {
            return "trailing slash";
        }
        for (String elem : path.split("/", -1)) {
            String problem = problemWithElement(elem, kind);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Checks one path element (also a version string, as a file name); {@code null} when fine. */
    static String problemWithElement(String elem, Kind kind) {
        if (elem.isEmpty()) {
            return "empty path element";
        }
        if (elem.chars().allMatch(c -> c == '.')) {
            return "invalid path element \"" + printable(elem) + "\"";
        }
        if (elem.charAt(0) == '.' && kind == Kind.MODULE) {
            return "leading dot in path element";
        }
        if (elem.charAt(elem.length() - 1) == '.') {
            return "trailing dot in path element";
        }
        for (int i = 0; i < elem.length(); ) {
            int c = elem.codePointAt(i);
            boolean ok = kind == Kind.MODULE ? modulePathChar(c) : fileNameChar(c);
            if (!ok) {
                return "invalid char '" + printable(Character.toString(c)) + "'";
            }
            i += Character.charCount(c);
        }
        int dot = elem.indexOf('.');
        String shortName = dot < 0 ? elem : elem.substring(0, dot);
        if (WINDOWS_RESERVED.contains(shortName.toLowerCase(Locale.ROOT))) {
            return "\"" + shortName + "\" disallowed as path element component on Windows";
        }
        if (kind == Kind.MODULE) {
            int tilde = shortName.lastIndexOf('~');
            if (tilde >= 0 && tilde < shortName.length() - 1
                    && shortName.substring(tilde + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "trailing tilde and digits in path element";
            }
        }
        return null;
    }

    private static boolean modulePathChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean fileNameChar(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&()+,-.=@[]^_{}~ ".indexOf(c) >= 0;
        }
        return Character.isLetter(c);
    }

    /** The major-version suffix, {@code ""} for none, {@code null} when the suffix is malformed. */
    private static String splitPathMajor(String path) {
        if (path.startsWith("gopkg.in/")) {
            return splitGopkgIn(path);
        }
        int i = path.length();
        boolean dot = false;
        while (i > 0 && (Character.isDigit(path.charAt(i - 1)) && path.charAt(i - 1) < 0x80 || path.charAt(i - 1) == '.')) {
            dot |= path.charAt(i - 1) == '.';
            i--;
        }
        if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') {
            return "";
        }
        String major = path.substring(i - 2);
        if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) {
            return null;
        }
        return major;
    }

    private static String splitGopkgIn(String path) {
        int i = path.length();
        if (path.endsWith("-unstable")) {
            i -= "-unstable".length();
        }
        while (i > 0 && path.charAt(i - 1) >= '0' && path.charAt(i - 1) <= '9') {
            i--;
        }
        if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') {
            return null;
        }
        String major = path.substring(i - 2);
        if (major.length() <= 2 || major.charAt(2) == '0' && !major.equals(".v0")) {
            return null;
        }
        return major;
    }

    /** Control characters replaced, length capped: safe to echo in a message. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }

    @Override
    public String toString() {
        return path;
    }
}
