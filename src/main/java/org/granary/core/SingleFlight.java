package org.granary.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs at most one piece of work per key at a time; callers that arrive while it runs wait for and share
 * its result (or its exception).
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> calls = new ConcurrentHashMap<>();

    public V run(K key, Supplier<V> work) {
        return run(key, work, () -> { });
    }

    /** As {@link #run(Object, Supplier)}; {@code onWait} runs when this caller waits for another's work. */
    public V run(K key, Supplier<V> work, Runnable onWait) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = calls.putIfAbsent(key, mine);
        if (running != null) {
            onWait.run();
            return await(running);
        }
        try {
            V value = work.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            calls.remove(key, mine);
        }
    }

    private static <V> V await(CompletableFuture<V> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailureException("interrupted while waiting for a concurrent fetch");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UpstreamFailureException("concurrent fetch failed: " + cause, cause);
        }
    }
}
