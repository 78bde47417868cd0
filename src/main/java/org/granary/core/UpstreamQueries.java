package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * Questions a proxy repository passes to its upstream and whose answers are not kept (npm's security advisories for
 * a list of packages): a POST of a body the format built (never the client's request: no client header, credential
 * or cookie goes with it), under the metadata deadline and retries, and an answer that is either a 200 within a size
 * limit or an {@link UpstreamFailureException} (502) — never an empty answer that would look like "nothing found".
 */
@ApplicationScoped
public class UpstreamQueries {

    @Inject
    UpstreamClient upstream;

    /**
     * The upstream's answer to a POST of {@code json} to {@code relativePath} of {@code proxy}'s upstream.
     *
     * @param what      what is asked, for messages ({@code "the security advisories"})
     * @param maxAnswer the most bytes of answer accepted
     * @throws UpstreamFailureException when the upstream cannot be reached, answers anything but 200, or too much
     */
    public byte[] post(RepositoryInfo proxy, String relativePath, byte[] json, String what, long maxAnswer) {
        if (!proxy.isProxy()) {
            throw new IllegalArgumentException(proxy.name() + " is not a proxy");
        }
        try (UpstreamResponse r = upstream.post(proxy.upstreamUrl(relativePath), Map.of("Accept", "application/json"), json)) {
            if (r.status() != 200) {
                throw new UpstreamFailureException("the upstream of repository '" + proxy.name() + "' answered HTTP "
                        + r.status() + " when asked for " + what + "; no answer is given rather than a wrong one");
            }
            try (InputStream in = new LimitedInputStream(r.body(), maxAnswer, () -> new UpstreamFailureException(
                    "the upstream of repository '" + proxy.name() + "' answered more than " + maxAnswer
                            + " bytes when asked for " + what))) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UpstreamFailureException("the upstream of repository '" + proxy.name() + "' could not be asked for "
                    + what + ": " + e.getMessage() + "; no answer is given rather than a wrong one", e);
        }
    }
}
