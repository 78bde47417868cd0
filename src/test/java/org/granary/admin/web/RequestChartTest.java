package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.persistence.StatsDao;
import org.junit.jupiter.api.Test;

/** The dashboard's server-drawn chart: one bar per hour of the last day, the hit ratio as a line. */
class RequestChartTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:34:00Z");

    private static List<Double> barHeights(String svg) {
        Matcher m = Pattern.compile("<rect [^>]*height=\"([0-9.]+)\"").matcher(svg);
        List<Double> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    @Test
    void eachHourWithRequestsIsABarAsTallAsItsShareOfTheRoundedTop() {
        String svg = RequestChart.svg(List.of(
                new StatsDao.Hour(Instant.parse("2026-06-01T12:00:00Z"), 100, 30, 10, 0),
                new StatsDao.Hour(Instant.parse("2026-06-01T11:00:00Z"), 50, 0, 0, 0),
                new StatsDao.Hour(Instant.parse("2026-05-31T11:00:00Z"), 999, 0, 0, 0)), NOW);
        List<Double> heights = barHeights(svg);
        assertEquals(2, heights.size(), "the hour 25 hours ago is not drawn: " + svg);
        assertEquals(2.0, heights.get(1) / heights.get(0), 0.01, "100 requests, twice 50");
        assertTrue(svg.contains(">100<"), "the axis tops out at 100: " + svg);
        assertTrue(svg.contains("12:00 UTC: 100 requests, 30 hits, 10 misses"), svg);
        assertEquals(1, svg.split("<circle").length - 1, "a ratio point only where there were downloads");
        assertTrue(svg.contains("150 requests"), "the description sums the day: " + svg);
    }

    @Test
    void aQuietDayIsAnEmptyChartThatSaysSo() {
        String svg = RequestChart.svg(List.of(), NOW);
        assertEquals(List.of(), barHeights(svg));
        assertTrue(svg.contains("0 requests from 13:00 to 13:00 UTC"), svg);
        assertFalse(svg.contains("style="), "no inline style: the console's CSP would block it");
    }

    @Test
    void theAxisTopIsARoundNumber() {
        assertEquals(1, RequestChart.niceCeiling(1));
        assertEquals(5, RequestChart.niceCeiling(3));
        assertEquals(100, RequestChart.niceCeiling(100));
        assertEquals(200, RequestChart.niceCeiling(101));
        assertEquals(1000, RequestChart.niceCeiling(501));
    }
}
