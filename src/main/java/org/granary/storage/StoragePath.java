package org.granary.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A validated, relative storage key such as {@code artifacts/npm-proxy/lodash/-/lodash-4.17.21.tgz}.
 * <p>
 * Construction rejects anything that could escape the store or mean different things to different
 * back ends: empty segments, {@code .} and {@code ..} (also percent-encoded, e.g. {@code %2e%2e}),
 * backslashes, NUL and other control characters, and a leading slash.
 */
public final class StoragePath {

    private static final int MAX_LENGTH = 1024;

    private final List<String> segments;

    private StoragePath(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Parses a slash-separated key; throws {@link InvalidPathException} when it is not a safe key. */
    public static StoragePath of(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidPathException("path is empty");
        }
        if (path.length() > MAX_LENGTH) {
            throw new InvalidPathException("path is longer than " + MAX_LENGTH + " characters");
        }
        if (path.startsWith("/")) {
            throw new InvalidPathException("path must be relative: " + printable(path));
        }
        return new StoragePath(validate(Arrays.asList(path.split("/", -1)), path));
    }

    /** Joins already-separate segments; each is validated and may not contain a slash. */
    public static StoragePath of(String first, String... more) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(more));
        for (String s : all) {
            if (s != null && s.contains("/")) {
                throw new InvalidPathException("segment contains '/': " + printable(s));
            }
        }
        return new StoragePath(validate(all, String.join("/", all)));
    }

    public StoragePath resolve(StoragePath child) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(child.segments);
        return new StoragePath(all);
    }

    public StoragePath resolve(String child) {
        return resolve(of(child));
    }

    public List<String> segments() {
        return segments;
    }

    public String fileName() {
        return segments.get(segments.size() - 1);
    }

    private static List<String> validate(List<String> segments, String whole) {
        for (String segment : segments) {
            if (segment == null || segment.isEmpty()) {
                throw new InvalidPathException("path has an empty segment: " + printable(whole));
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw new InvalidPathException("path contains a control character: " + printable(whole));
                }
                if (c == '\\') {
                    throw new InvalidPathException("path contains a backslash: " + printable(whole));
                }
            }
            String decodedDots = segment.replaceAll("(?i)%2e", ".");
            if (decodedDots.equals(".") || decodedDots.equals("..")) {
                throw new InvalidPathException("path contains a '.' or '..' segment: " + printable(whole));
            }
            if (segment.matches("(?i).*%(2f|5c|00).*")) {
                throw new InvalidPathException("path contains an encoded separator or NUL: " + printable(whole));
            }
        }
        return segments;
    }

    /** The path with control characters escaped, for messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    @Override
    public String toString() {
        return String.join("/", segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(segments);
    }
}
