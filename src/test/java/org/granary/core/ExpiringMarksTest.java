package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The memory behind the negative cache and recent integrity failures: expiring, and never larger than its capacity. */
class ExpiringMarksTest {

    private static final Duration TTL = Duration.ofMinutes(2);

    private final MutableClock clock = new MutableClock(CoreHarness.T0);

    @Test
    void aMarkLastsItsTimeAndNotASecondLonger() {
        ExpiringMarks marks = new ExpiringMarks(10, clock);
        marks.mark("npm-proxy\nleft-pad", TTL);

        clock.advance(TTL.minusMillis(1));
        assertTrue(marks.isMarked("npm-proxy\nleft-pad"));
        clock.advance(Duration.ofMillis(1));
        assertFalse(marks.isMarked("npm-proxy\nleft-pad"));
        assertEquals(0, marks.size(), "an expired mark is forgotten when seen");
    }

    @Test
    void aZeroTimeMarksNothing() {
        ExpiringMarks marks = new ExpiringMarks(10, clock);

        marks.mark("left-pad", Duration.ZERO);

        assertFalse(marks.isMarked("left-pad"));
        assertEquals(0, marks.size());
    }

    @Test
    void beyondItsCapacityTheOldestMarkIsForgotten() {
        ExpiringMarks marks = new ExpiringMarks(3, clock);
        for (String key : new String[] {"a", "b", "c", "d", "e"}) {
            marks.mark(key, TTL);
        }

        assertEquals(3, marks.size());
        assertFalse(marks.isMarked("a"));
        assertFalse(marks.isMarked("b"));
        assertTrue(marks.isMarked("c") && marks.isMarked("d") && marks.isMarked("e"));
    }

    @Test
    void markingAKeyAgainMakesItTheYoungest() {
        ExpiringMarks marks = new ExpiringMarks(3, clock);
        marks.mark("a", TTL);
        marks.mark("b", TTL);
        marks.mark("c", TTL);

        clock.advance(Duration.ofMinutes(1));
        marks.mark("a", TTL);
        marks.mark("d", TTL);

        assertFalse(marks.isMarked("b"), "the oldest mark went");
        assertTrue(marks.isMarked("a"));
        clock.advance(Duration.ofMinutes(1).plusSeconds(30));
        assertTrue(marks.isMarked("a"), "its time counts from the second mark");
        assertFalse(marks.isMarked("c"));
    }

    @Test
    void aClearedMarkIsGone() {
        ExpiringMarks marks = new ExpiringMarks(3, clock);
        marks.mark("a", TTL);

        marks.clear("a");

        assertFalse(marks.isMarked("a"));
    }
}
