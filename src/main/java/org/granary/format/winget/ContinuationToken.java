package org.granary.format.winget;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.granary.core.InvalidRequestException;

/**
 * Where the next page of a {@code manifestSearch} starts: after the package identifier {@code after}, with
 * {@code remaining} packages still wanted (0: no limit). Sent back by the client in the {@code ContinuationToken}
 * header, opaque to it (URL-safe base64).
 */
public record ContinuationToken(String after, int remaining) {

    /** The OpenAPI limit of a token. */
    public static final int MAX_LENGTH = 4096;
    private static final String PREFIX = "g1:";

    public String encode() {
        String plain = PREFIX + remaining + ":" + after;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a token this source issued; {@code null} or blank means the first page.
     *
     * @throws InvalidRequestException (400) for any other text
     */
    public static ContinuationToken decode(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        InvalidRequestException bad = new InvalidRequestException(
                "ContinuationToken is not one this source issued; repeat the search without it");
        if (token.length() > MAX_LENGTH) {
            throw bad;
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad;
        }
        if (!plain.startsWith(PREFIX)) {
            throw bad;
        }
        int colon = plain.indexOf(':', PREFIX.length());
        if (colon < 0 || colon == plain.length() - 1) {
            throw bad;
        }
        try {
            int remaining = Integer.parseInt(plain.substring(PREFIX.length(), colon));
            if (remaining < 0) {
                throw bad;
            }
            return new ContinuationToken(plain.substring(colon + 1), remaining);
        } catch (NumberFormatException e) {
            throw bad;
        }
    }
}
