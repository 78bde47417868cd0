package org.granary.core;

/**
 * What the cache did for the request this thread is serving, for the request log ({@code org.granary.web.RequestLog}):
 * the outcome ({@code hit}, {@code miss}, {@code joined}, {@code revalidated}, {@code stale}, {@code hosted},
 * {@code negative}, …), the repository that answered (a group's member) and the body bytes sent. The web edge opens
 * one per request ({@link #begin}) and closes it ({@link #end}); the caches {@link #note} what they did, the last note
 * winning (a group's walk ends at the member that answered). Outside a request (download threads, jobs, tests) there
 * is none and noting costs a thread-local read.
 */
public final class RequestOutcome {

    private static final ThreadLocal<RequestOutcome> CURRENT = new ThreadLocal<>();

    private volatile String outcome;
    private volatile String member;
    private volatile long bytes;

    private RequestOutcome() {
    }

    /** Opens the record of the request this thread serves now. */
    public static RequestOutcome begin() {
        RequestOutcome o = new RequestOutcome();
        CURRENT.set(o);
        return o;
    }

    /** Closes it (the thread goes back to its pool). */
    public static void end() {
        CURRENT.remove();
    }

    /** Notes what the cache did for the current request, if there is one. */
    public static void note(String outcome, RepositoryInfo answered) {
        RequestOutcome o = CURRENT.get();
        if (o != null) {
            o.outcome = outcome;
            o.member = answered == null ? null : answered.name();
        }
    }

    /** Notes body bytes sent to the current request's client, if there is one. */
    public static void sent(long n) {
        RequestOutcome o = CURRENT.get();
        if (o != null) {
            o.bytes += n; // one request, one thread writing its body
        }
    }

    /** The cache outcome, {@code null} when no cache was involved (the API, the console, errors before a read). */
    public String outcome() {
        return outcome;
    }

    /** The repository that answered, {@code null} when none did. */
    public String member() {
        return member;
    }

    /** Body bytes counted as sent (artifacts and cached documents as streamed); 0 when nothing was counted. */
    public long bytes() {
        return bytes;
    }
}
