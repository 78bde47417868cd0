package org.granary.format.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.ExpectedDigest;
import org.granary.core.StoredArtifact;

/**
 * The checksum files of the Maven layout ({@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512}): how to
 * read one an upstream publishes and how to compute one. Pure.
 */
public enum ChecksumAlgorithm {
    MD5("md5", "MD5", 32, null),
    SHA1("sha1", "SHA-1", 40, ExpectedDigest.Algorithm.SHA1),
    SHA256("sha256", "SHA-256", 64, ExpectedDigest.Algorithm.SHA256),
    SHA512("sha512", "SHA-512", 128, ExpectedDigest.Algorithm.SHA512);

    /** The order in which Granary asks an upstream for a checksum to verify a download: strongest first. */
    public static final ChecksumAlgorithm[] VERIFICATION_ORDER = {SHA512, SHA256, SHA1};

    private final String extension;
    private final String jcaName;
    private final int hexLength;
    private final ExpectedDigest.Algorithm expected;
    private final Pattern token;

    ChecksumAlgorithm(String extension, String jcaName, int hexLength, ExpectedDigest.Algorithm expected) {
        this.extension = extension;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
        this.expected = expected;
        this.token = Pattern.compile("(?<![0-9A-Fa-f])[0-9A-Fa-f]{" + hexLength + "}(?![0-9A-Fa-f])");
    }

    /** The file extension without the dot: {@code sha1}. */
    public String extension() {
        return extension;
    }

    /** The algorithm whose checksum file {@code fileName} is, or {@code null}. */
    public static ChecksumAlgorithm ofFileName(String fileName) {
        for (ChecksumAlgorithm a : values()) {
            if (fileName.endsWith("." + a.extension)) {
                return a;
            }
        }
        return null;
    }

    /**
     * The checksum in an upstream checksum file. Accepts the forms found in real repositories: the bare hex
     * value, {@code "<hex>  <file name>"} (sha1sum), {@code "SHA1 (<file>) = <hex>"} (BSD) and a value split
     * by whitespace into groups; empty when the content holds no value of the right length.
     */
    public Optional<String> parse(String content) {
        if (content == null) {
            return Optional.empty();
        }
        Matcher m = token.matcher(content);
        if (m.find()) {
            return Optional.of(m.group().toLowerCase(Locale.ROOT));
        }
        String joined = content.replaceAll("\\s+", "");
        if (joined.length() == hexLength && joined.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.of(joined.toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /** As {@link #parse(String)} for the raw bytes of a checksum file. */
    public Optional<String> parse(byte[] content) {
        return parse(new String(content, StandardCharsets.ISO_8859_1));
    }

    /** The hash the shared cache verifies downloads against, for algorithms it supports. */
    public Optional<ExpectedDigest> expected(String hex) {
        return expected == null ? Optional.empty() : Optional.of(new ExpectedDigest(expected, hex));
    }

    /** The value recorded for a cached artifact, when Granary records this algorithm. */
    public Optional<String> recorded(StoredArtifact entry) {
        return Optional.ofNullable(switch (this) {
            case MD5 -> null;
            case SHA1 -> entry.sha1();
            case SHA256 -> entry.sha256();
            case SHA512 -> entry.sha512();
        });
    }

    /** Reads {@code in} to the end and returns its checksum as lower-case hex. */
    public String compute(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The checksum of {@code bytes} as lower-case hex. */
    public String compute(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every Java platform", e);
        }
    }
}
