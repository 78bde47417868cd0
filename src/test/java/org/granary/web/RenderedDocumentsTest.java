package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.granary.core.BusyException;
import org.junit.jupiter.api.Test;

class RenderedDocumentsTest {

    @Test
    void fiftyConcurrentRequestsForOneLargeDocumentRenderItOnceAndShareTheBytes() throws Exception {
        RenderedDocuments cache = new RenderedDocuments(64L << 20, 2);
        AtomicInteger renders = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        MetadataResponses.Renderer slow = () -> {
            renders.incrementAndGet();
            awaitQuietly(release);
            return "x".repeat(2_000_000);
        };
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<RenderedDocuments.Rendered>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> cache.get("sha\nfull", 9_000_000, slow)));
            }
            Thread.sleep(200);
            release.countDown();
            RenderedDocuments.Rendered first = answers.get(0).get(10, TimeUnit.SECONDS);
            for (Future<RenderedDocuments.Rendered> f : answers) {
                assertSame(first, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, renders.get());
            assertEquals(2_000_000, first.identity().length);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(first.gzip()))) {
                assertArrayEquals(first.identity(), in.readAllBytes());
            }
            assertSame(first, cache.get("sha\nfull", 9_000_000, () -> "never rendered again"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLargeRenderThatFindsTheBudgetTakenIsRefusedWithBusyInsteadOfGrowingTheHeap() throws Exception {
        RenderedDocuments cache = new RenderedDocuments(64L << 20, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread hog = new Thread(() -> cache.get("a\nfull", 9_000_000, () -> {
            started.countDown();
            awaitQuietly(release);
            return "a";
        }));
        hog.start();
        try {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            long before = System.nanoTime();
            BusyException busy = assertThrows(BusyException.class, () -> cache.get("b\nfull", 9_000_000, () -> "b"));
            assertTrue(busy.getMessage().contains("try again"), busy.getMessage());
            assertTrue(busy.retryAfter().toSeconds() > 0);
            assertTrue(System.nanoTime() - before >= RenderedDocuments.WAIT.toNanos() / 2, "it waited for the budget first");
            assertEquals("small", new String(cache.get("c\nfull", 10_000, () -> "small").identity(), StandardCharsets.UTF_8),
                    "small documents are not held up by the budget");
        } finally {
            release.countDown();
            hog.join();
        }
    }

    @Test
    void theCacheStaysWithinItsByteLimitDroppingTheLeastRecentlyUsed() {
        RenderedDocuments cache = new RenderedDocuments(1_000_000, 2);
        String body = "y".repeat(200_000);
        for (int i = 0; i < 20; i++) {
            cache.get("doc" + i, 100, () -> body);
            assertTrue(cache.size() <= 1_000_000, "size " + cache.size());
        }
        AtomicInteger renders = new AtomicInteger();
        cache.get("doc19", 100, () -> { renders.incrementAndGet(); return body; });
        cache.get("doc0", 100, () -> { renders.incrementAndGet(); return body; });
        assertEquals(1, renders.get(), "the newest rendering is kept, the oldest was dropped");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
