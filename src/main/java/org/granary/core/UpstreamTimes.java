package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamResponse;

/**
 * Release times a format can only learn from an upstream's response headers (Maven: the {@code Last-Modified} of a
 * release's POM), for {@link ReleaseListing#probe()}: one request, the body left unread.
 */
@ApplicationScoped
public class UpstreamTimes {

    private static final Logger LOG = Logger.getLogger(UpstreamTimes.class.getName());

    @Inject
    UpstreamClient upstream;

    /** The {@code Last-Modified} of {@code path} on a proxy member's upstream; empty when it has none or is down. */
    public Optional<Instant> lastModified(RepositoryInfo member, String path) {
        if (!member.isProxy()) {
            return Optional.empty();
        }
        try (UpstreamResponse r = upstream.get(member.upstreamUrl(path), Map.of())) {
            String header = r.status() == 200 ? r.header("Last-Modified") : null;
            return header == null ? Optional.empty()
                    : Optional.of(ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (IOException | DateTimeParseException e) {
            LOG.log(Level.FINE, "No Last-Modified for " + path + " from the upstream of '" + member.name() + "': " + e);
            return Optional.empty();
        }
    }
}
