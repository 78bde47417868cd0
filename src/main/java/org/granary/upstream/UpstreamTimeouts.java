package org.granary.upstream;

import java.time.Duration;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * How long {@link UpstreamClient} waits. {@code connect} bounds connection set-up; {@code read} bounds the wait
 * for response headers and any stall while a body is read; the two deadlines bound one whole fetch (every
 * attempt, redirect and retry delay, headers and body) of metadata and of an artifact, however steadily the
 * bytes trickle in.
 */
public record UpstreamTimeouts(Duration connect, Duration read, Duration metadataDeadline, Duration artifactDeadline) {

    public UpstreamTimeouts {
        for (Duration d : new Duration[] {connect, read, metadataDeadline, artifactDeadline}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("upstream timeouts must be positive, not " + d);
            }
        }
    }

    /** @throws IllegalStateException naming a setting that is zero */
    public static UpstreamTimeouts from(GranaryConfig config) {
        return new UpstreamTimeouts(positive(config, Setting.UPSTREAM_CONNECT_TIMEOUT),
                positive(config, Setting.UPSTREAM_READ_TIMEOUT), positive(config, Setting.UPSTREAM_METADATA_DEADLINE),
                positive(config, Setting.UPSTREAM_FETCH_DEADLINE));
    }

    private static Duration positive(GranaryConfig config, Setting setting) {
        Duration d = config.duration(setting);
        if (d.isZero()) {
            throw new IllegalStateException(setting.environmentVariable() + " must be longer than zero");
        }
        return d;
    }
}
