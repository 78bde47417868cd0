package org.granary.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashes Granary records for a blob, as lower-case hex; {@code sha1} and {@code sha512} are {@code null} where
 * they were not computed ({@link HashingInputStream#HashingInputStream(java.io.InputStream, boolean, boolean)}).
 */
public record Digests(long size, String sha1, String sha256, String sha512) {

    /** The SHA-256 of {@code bytes} as lower-case hex (for identities and ETags of generated documents). */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
