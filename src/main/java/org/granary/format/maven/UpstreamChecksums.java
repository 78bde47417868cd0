package org.granary.format.maven;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.ExpectedDigest;
import org.granary.core.RepositoryInfo;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * Finds the checksum an upstream Maven repository publishes for a file, to verify the file against before it
 * is cached: {@code <file>.sha512}, else {@code .sha256}, else {@code .sha1}. A checksum file that is absent
 * (any 4xx) or unreadable is skipped; an upstream that fails (5xx, unreachable) fails the lookup, so nothing is
 * ever cached unverified just because the upstream was flaky.
 */
final class UpstreamChecksums {

    private static final Logger LOG = Logger.getLogger(UpstreamChecksums.class.getName());
    private static final int MAX_CHECKSUM_FILE = 16 * 1024;

    private final UpstreamClient upstream;

    UpstreamChecksums(UpstreamClient upstream) {
        this.upstream = upstream;
    }

    /**
     * The strongest checksum the upstream of {@code member} publishes for {@code path}; empty when it
     * publishes none.
     *
     * @throws IOException when the upstream fails while being asked
     */
    Optional<ExpectedDigest> strongest(RepositoryInfo member, String path) throws IOException {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.VERIFICATION_ORDER) {
            URI url = member.upstreamUrl(path + "." + algorithm.extension());
            try (UpstreamResponse response = upstream.get(url, Map.of())) {
                int status = response.status();
                if (status >= 400 && status < 500 && status != 429) {
                    continue;
                }
                if (status != 200) {
                    throw new IOException("the upstream answered HTTP " + status + " for " + path + "."
                            + algorithm.extension() + ", so the file cannot be verified");
                }
                byte[] content = response.body().readNBytes(MAX_CHECKSUM_FILE);
                Optional<String> hex = algorithm.parse(content);
                if (hex.isEmpty()) {
                    LOG.log(Level.WARNING, "Ignoring unreadable checksum file {0} of repository ''{1}''",
                            new Object[] {url, member.name()});
                    continue;
                }
                return algorithm.expected(hex.get());
            }
        }
        return Optional.empty();
    }
}
