package org.granary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A metadata document parsed once per version of it, however many artifact misses need it, in bounded memory. */
@Timeout(30)
class ParsedDocumentsTest {

    @Test
    void aDocumentIsParsedOnceForEveryMissOfItsArtifacts() {
        ParsedDocuments<String> parsed = new ParsedDocuments<>(1_000, String::length);
        AtomicInteger parses = new AtomicInteger();

        for (int tarball = 0; tarball < 100; tarball++) {
            assertEquals("index", parsed.get("sha-of-packument", () -> {
                parses.incrementAndGet();
                return "index";
            }));
        }

        assertEquals(1, parses.get());
    }

    @Test
    void concurrentMissesWaitForTheOneParse() throws Exception {
        ParsedDocuments<Object> parsed = new ParsedDocuments<>(1_000, o -> 10);
        AtomicInteger parses = new AtomicInteger();
        CountDownLatch parsing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Object value = new Object();
        List<Thread> threads = new ArrayList<>();
        List<Object> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> results.add(parsed.get("sha", () -> {
                parses.incrementAndGet();
                parsing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return value;
            })));
            threads.add(t);
            t.start();
        }
        assertTrue(parsing.await(10, TimeUnit.SECONDS));
        Thread.sleep(200); // let the others reach the wait
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(1, parses.get());
        assertEquals(20, results.size());
        results.forEach(r -> assertSame(value, r));
    }

    @Test
    void whatIsKeptStaysWithinItsBoundLeastRecentlyUsedOutFirst() {
        ParsedDocuments<String> parsed = new ParsedDocuments<>(100, String::length);
        parsed.get("a", () -> "x".repeat(40));
        parsed.get("b", () -> "y".repeat(40));
        parsed.get("a", () -> "not parsed again");
        parsed.get("c", () -> "z".repeat(40)); // over 100: b, the least recently used, goes

        assertTrue(parsed.weight() <= 100, String.valueOf(parsed.weight()));
        assertEquals("x".repeat(40), parsed.get("a", () -> "parsed again"));
        assertEquals("parsed again", parsed.get("b", () -> "parsed again"));
    }

    @Test
    void aValueLargerThanTheWholeBoundIsUsedButNotKept() {
        ParsedDocuments<String> parsed = new ParsedDocuments<>(10, String::length);
        AtomicInteger parses = new AtomicInteger();

        parsed.get("huge", () -> "h".repeat(parses.incrementAndGet() * 50));
        parsed.get("huge", () -> "h".repeat(parses.incrementAndGet() * 50));

        assertEquals(2, parses.get());
        assertEquals(0, parsed.size());
    }
}
