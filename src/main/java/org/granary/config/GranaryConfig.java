package org.granary.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, read-only view of the settings. Built from system properties and environment variables; tests
 * build one from a map with {@link #of(Map)}.
 */
public final class GranaryConfig {

    private final Function<Setting, String> source;

    private GranaryConfig(Function<Setting, String> source) {
        this.source = source;
    }

    /** System property first, then environment variable, then the default. */
    public static GranaryConfig fromEnvironment() {
        return new GranaryConfig(s -> {
            String v = System.getProperty(s.property());
            if (v == null || v.isBlank()) {
                v = System.getenv(s.environmentVariable());
            }
            return v == null || v.isBlank() ? null : v.trim();
        });
    }

    public static GranaryConfig of(Map<Setting, String> values) {
        return new GranaryConfig(values::get);
    }

    /** The value set explicitly by the operator, if any (no default). */
    public Optional<String> explicit(Setting setting) {
        return Optional.ofNullable(source.apply(setting));
    }

    public Optional<String> get(Setting setting) {
        return explicit(setting).or(() -> Optional.ofNullable(setting.defaultValue()));
    }

    public String require(Setting setting) {
        return get(setting).orElseThrow(() -> new IllegalStateException(
                "Setting " + setting.property() + " (" + setting.environmentVariable() + ") is required"));
    }

    public Path dataDir() {
        return Path.of(require(Setting.DATA_DIR)).toAbsolutePath().normalize();
    }

    public Duration duration(Setting setting) {
        String v = require(setting);
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            try {
                d = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException n) {
                throw new IllegalStateException(setting.environmentVariable()
                        + " must be an ISO-8601 duration like PT5M or a number of seconds, not '" + v + "'");
            }
        }
        if (d.isNegative()) {
            throw new IllegalStateException(setting.environmentVariable() + " must not be negative, not '" + v + "'");
        }
        return d;
    }

    public int integer(Setting setting) {
        String v = require(setting);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(setting.environmentVariable() + " must be a whole number, not '" + v + "'");
        }
    }

    /**
     * A number of bytes: digits, optionally followed by a unit ({@code KB}, {@code MB}, {@code GB}, {@code TB} are
     * powers of 1000; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} powers of 1024; {@code B} is bytes),
     * case-insensitive, with or without a space.
     */
    public long bytes(Setting setting) {
        String v = require(setting);
        Matcher m = BYTES.matcher(v);
        if (!m.matches()) {
            throw new IllegalStateException(setting.environmentVariable()
                    + " must be a number of bytes, optionally with a unit like 512MiB or 10GB, not '" + v + "'");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
        long base = unit.contains("i") ? 1024 : 1000;
        try {
            long n = Long.parseLong(m.group(1));
            for (int i = 0; i < power; i++) {
                n = Math.multiplyExact(n, base);
            }
            return n;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalStateException(setting.environmentVariable() + " is too large: '" + v + "'");
        }
    }

    private static final Pattern BYTES = Pattern.compile("(?i)(\\d{1,19})\\s*(|b|[kmgt]b|[kmgt]ib)");

    /**
     * An upstream registry URL, normalised by {@link UpstreamUrl} ({@code sparse+} dropped, one trailing slash).
     *
     * @throws IllegalStateException naming the setting when the value cannot be an upstream URL
     */
    public Optional<URI> upstream(Setting setting) {
        return get(setting).map(v -> UpstreamUrl.normalise(setting, v));
    }

    /**
     * This configuration, once every setting's value (explicit or default) has been checked against its
     * {@link Setting.Kind}; call it at start-up so a bad value stops Granary with a message instead of
     * failing requests later.
     *
     * @throws IllegalStateException listing every invalid setting, each by its environment variable
     */
    public GranaryConfig validated() {
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (get(setting).isEmpty()) {
                continue;
            }
            try {
                switch (setting.kind()) {
                    case DURATION -> duration(setting);
                    case INTEGER -> {
                        if (integer(setting) < 1) {
                            throw new IllegalStateException(setting.environmentVariable() + " must be at least 1, not '"
                                    + require(setting) + "'");
                        }
                    }
                    case BYTES -> bytes(setting);
                    case URL -> uri(setting);
                    case UPSTREAM_URL -> upstream(setting);
                    case TEXT -> {
                        // Checked by the code that reads it.
                    }
                }
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Granary cannot start with this configuration: " + String.join("; ", problems));
        }
        return this;
    }

    public Optional<URI> uri(Setting setting) {
        return get(setting).map(v -> {
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(setting.environmentVariable() + " must be an absolute URL, not '" + v + "'");
            }
        });
    }
}
