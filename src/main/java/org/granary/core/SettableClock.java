package org.granary.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The application's clock: the system's UTC clock, moved by the duration in the system property
 * {@value #OFFSET_PROPERTY} (ISO-8601, e.g. {@code P4D} or {@code -PT1H}) when it is set. <b>For tests only</b>: the
 * integration tests move a running server's clock with it (a WildFly {@code system-property} resource) to show a
 * cooldown ending without a restart. The property is read on every call, so a change applies at once; an unreadable
 * value counts as none.
 */
final class SettableClock extends Clock {

    static final String OFFSET_PROPERTY = "granary.clock.offset";

    private final Clock system = Clock.systemUTC();
    private record Offset(String text, Duration duration) {
    }

    private volatile Offset last = new Offset("", Duration.ZERO);

    @Override
    public Instant instant() {
        String text = System.getProperty(OFFSET_PROPERTY);
        if (text == null || text.isBlank()) {
            return system.instant();
        }
        return system.instant().plus(offset(text));
    }

    private Duration offset(String text) {
        Offset o = last;
        if (!text.equals(o.text())) {
            Duration d;
            try {
                d = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                d = Duration.ZERO;
            }
            o = new Offset(text, d);
            last = o;
        }
        return o.duration();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : Clock.system(zone);
    }
}
