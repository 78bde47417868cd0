package org.granary.admin.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the console's pages write numbers and times ({@code #{fmt.bytes(size)}}; EL finds the static methods through
 * the bean): sizes in KiB/MiB/GiB, times in UTC.
 */
@Named("fmt")
@ApplicationScoped
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 20.0 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** A time to the second in UTC, or a dash for none. */
    public static String time(Instant t) {
        return t == null ? "–" : TIME.format(t);
    }

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code hits} of {@code total} as a percentage with one decimal, or a dash when there is nothing to divide. */
    public static String percent(long hits, long total) {
        return total <= 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * hits / total);
    }

    /** Seconds as people say them: {@code 45 s}, {@code 5 min}, {@code 2 h}, {@code 3 d}. */
    public static String seconds(long s) {
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
