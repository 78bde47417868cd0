package org.granary.core;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.granary.storage.Digests;

/** A hash the upstream metadata declares for an artifact, checked before the artifact is cached. */
public record ExpectedDigest(Algorithm algorithm, String hex) {

    public enum Algorithm {
        SHA1, SHA256, SHA512;

        String of(Digests d) {
            return switch (this) {
                case SHA1 -> d.sha1();
                case SHA256 -> d.sha256();
                case SHA512 -> d.sha512();
            };
        }

        String sriPrefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ExpectedDigest {
        hex = hex.toLowerCase(Locale.ROOT);
    }

    public boolean matches(Digests actual) {
        return hex.equals(algorithm.of(actual));
    }

    /** The actual value in the same notation, for messages. */
    public String describe(Digests actual) {
        return algorithm.sriPrefix() + ":" + algorithm.of(actual);
    }

    @Override
    public String toString() {
        return algorithm.sriPrefix() + ":" + hex;
    }

    /**
     * The strongest supported hash in a Subresource Integrity string such as
     * {@code "sha512-base64... sha1-base64..."}; empty when none is supported or readable.
     */
    public static Optional<ExpectedDigest> fromSri(String integrity) {
        if (integrity == null) {
            return Optional.empty();
        }
        ExpectedDigest best = null;
        for (String token : integrity.trim().split("\\s+")) {
            int dash = token.indexOf('-');
            if (dash < 0) {
                continue;
            }
            Algorithm alg;
            try {
                alg = Algorithm.valueOf(token.substring(0, dash).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                continue;
            }
            String b64 = token.substring(dash + 1);
            int opt = b64.indexOf('?');
            if (opt >= 0) {
                b64 = b64.substring(0, opt);
            }
            try {
                ExpectedDigest d = new ExpectedDigest(alg, HexFormat.of().formatHex(Base64.getDecoder().decode(b64)));
                if (best == null || alg.ordinal() > best.algorithm.ordinal()) {
                    best = d;
                }
            } catch (IllegalArgumentException badBase64) {
                // skip unreadable entries
            }
        }
        return Optional.ofNullable(best);
    }
}
