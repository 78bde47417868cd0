package org.granary.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.granary.persistence.StatsDao;

/**
 * The dashboard's chart, drawn on the server as SVG: requests per hour over the last day as bars, the hit ratio of
 * each hour as a line over them. Only numbers and times go into the markup, and no {@code style} attribute (the
 * console's Content-Security-Policy allows no inline style); it has a title and a description for screen readers.
 */
public final class RequestChart {

    static final int HOURS = 24;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int RIGHT = 40;
    private static final int TOP = 16;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private RequestChart() {
    }

    /** The last {@link #HOURS} hours up to {@code now}, from {@code hours} (hours without requests may be absent). */
    public static String svg(List<StatsDao.Hour> hours, Instant now) {
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        Instant first = last.minus(Duration.ofHours(HOURS - 1));
        Map<Instant, StatsDao.Hour> byHour = new HashMap<>();
        hours.forEach(h -> byHour.put(h.start(), h));
        long max = 1;
        long total = 0;
        for (int i = 0; i < HOURS; i++) {
            StatsDao.Hour h = byHour.get(first.plus(Duration.ofHours(i)));
            if (h != null) {
                max = Math.max(max, h.requests());
                total += h.requests();
            }
        }
        long scale = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double slot = plotW / HOURS;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"request-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" aria-labelledby=\"chart-title chart-desc\">")
                .append("<title id=\"chart-title\">Requests per hour and hit ratio, last 24 hours (UTC)</title>")
                .append("<desc id=\"chart-desc\">").append(total).append(" requests from ").append(HOUR.format(first))
                .append(" to ").append(HOUR.format(last.plus(Duration.ofHours(1)))).append(" UTC; the busiest hour had ")
                .append(max == 1 && total == 0 ? 0 : max).append(".</desc>");
        // axes and labels
        svg.append(line(LEFT, TOP, LEFT, TOP + plotH, "#8a939b")).append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#8a939b"));
        svg.append(text(LEFT - 6, TOP + 4, "end", String.valueOf(scale))).append(text(LEFT - 6, TOP + plotH, "end", "0"));
        svg.append(text(LEFT + plotW + 6, TOP + 4, "start", "100%")).append(text(LEFT + plotW + 6, TOP + plotH, "start", "0%"));
        StringBuilder ratio = new StringBuilder();
        for (int i = 0; i < HOURS; i++) {
            Instant start = first.plus(Duration.ofHours(i));
            StatsDao.Hour h = byHour.get(start);
            double x = LEFT + i * slot;
            if (i % 6 == 0) {
                svg.append(text(x + slot / 2, HEIGHT - 8, "middle", HOUR.format(start)));
            }
            if (h == null) {
                continue;
            }
            double barH = plotH * h.requests() / scale;
            svg.append("<rect x=\"").append(num(x + 1)).append("\" y=\"").append(num(TOP + plotH - barH))
                    .append("\" width=\"").append(num(slot - 2)).append("\" height=\"").append(num(barH))
                    .append("\" fill=\"#7aa7d6\"><title>").append(HOUR.format(start)).append(" UTC: ").append(h.requests())
                    .append(" requests, ").append(h.hits()).append(" hits, ").append(h.misses()).append(" misses</title></rect>");
            long downloads = h.hits() + h.misses();
            if (downloads > 0) {
                double y = TOP + plotH - plotH * h.hits() / downloads;
                ratio.append(ratio.isEmpty() ? "M" : " L").append(num(x + slot / 2)).append(' ').append(num(y));
                svg.append("<circle cx=\"").append(num(x + slot / 2)).append("\" cy=\"").append(num(y))
                        .append("\" r=\"3\" fill=\"#146c2e\"/>");
            }
        }
        if (!ratio.isEmpty()) {
            svg.append("<path d=\"").append(ratio).append("\" fill=\"none\" stroke=\"#146c2e\" stroke-width=\"2\"/>");
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code n}: a round top for the axis. */
    static long niceCeiling(long n) {
        long p = 1;
        while (p * 10 <= n) {
            p *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * p >= n) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"" + colour + "\"/>";
    }

    private static String text(double x, double y, String anchor, String s) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"11\" fill=\"#5b636b\">" + s + "</text>";
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
