package org.granary.web;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.RepositoryRegistry;
import org.granary.core.RequestOutcome;

/**
 * The request log: one line per request to the logger {@code org.granary.access} ({@link Setting#ACCESS_LOG}, on by
 * default), written when the response is complete:
 * <pre>GET /granary/npm/left-pad/-/left-pad-1.3.0.tgz repository=npm member=npm-proxy status=200 bytes=2180 outcome=hit ms=1 user=- client=10.0.0.7</pre>
 * {@code repository} is the one the URL names, {@code member} the one that answered (a group's member), {@code outcome}
 * what the cache did ({@link RequestOutcome}: {@code hit}, {@code miss}, {@code joined}, {@code revalidated},
 * {@code stale}, {@code hosted}, {@code negative}, {@code blocked}; {@code -} where no cache was involved), {@code bytes}
 * the body sent ({@code Content-Length}, else what was counted while streaming). The query string is left out (it may
 * carry search words, never needed to follow a request). Mapped in web.xml before the hit fast path
 * ({@link ArtifactHits}), so hits are logged too, at the cost of a thread-local and one formatted line.
 */
public class RequestLog extends HttpFilter {

    static final String LOGGER = "org.granary.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    @Inject
    GranaryConfig config;
    @Inject
    RepositoryRegistry registry;

    boolean enabled;

    @Override
    public void init() {
        enabled = enabled(config);
    }

    /** Whether {@link Setting#ACCESS_LOG} switches the log on; a value that is neither on nor off stops the start. */
    static boolean enabled(GranaryConfig config) {
        String v = config.require(Setting.ACCESS_LOG).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalStateException(Setting.ACCESS_LOG.environmentVariable()
                    + " must be on or off, not '" + v + "'");
        };
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled || !LOG.isLoggable(Level.INFO)) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        RequestOutcome outcome = RequestOutcome.begin();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                async = true;
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        log(request, response, outcome, started);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
        } finally {
            RequestOutcome.end();
            if (!async) {
                log(request, response, outcome, started);
            }
        }
    }

    private void log(HttpServletRequest request, HttpServletResponse response, RequestOutcome outcome, long started) {
        try {
            LOG.info(line(request, response, outcome, repository(request), (System.nanoTime() - started) / 1_000_000));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot log a request", e); // never fail a request for its log line
        }
    }

    /** The repository the URL names ({@code /granary/<repository>/…}), or {@code null}. */
    String repository(HttpServletRequest request) {
        ArtifactHits.RepositoryPath target = ArtifactHits.RepositoryPath.of(request.getRequestURI(),
                request.getContextPath());
        if (target == null || registry == null) {
            return null;
        }
        return registry.find(target.repository()).map(r -> r.name()).orElse(null);
    }

    /** The log line of one finished request. */
    static String line(HttpServletRequest request, HttpServletResponse response, RequestOutcome outcome,
                       String repository, long millis) {
        int status = response.getStatus();
        String what = outcome.outcome();
        if (status == 403 && response.getHeader("X-Granary-Block-Reason") != null) {
            what = "blocked";
        }
        Principal user = request.getUserPrincipal();
        StringBuilder b = new StringBuilder(160);
        b.append(request.getMethod()).append(' ').append(request.getRequestURI())
                .append(" repository=").append(orDash(repository))
                .append(" member=").append(orDash(outcome.member()))
                .append(" status=").append(status)
                .append(" bytes=").append(bytes(request, response, outcome))
                .append(" outcome=").append(orDash(what))
                .append(" ms=").append(millis)
                .append(" user=").append(user == null ? "-" : user.getName().replace(' ', '_'))
                .append(" client=").append(orDash(request.getRemoteAddr()));
        return b.toString();
    }

    private static long bytes(HttpServletRequest request, HttpServletResponse response, RequestOutcome outcome) {
        int status = response.getStatus();
        if ("HEAD".equals(request.getMethod()) || status == 204 || status == 304) {
            return 0;
        }
        String declared = response.getHeader("Content-Length");
        if (declared != null) {
            try {
                return Long.parseLong(declared.trim());
            } catch (NumberFormatException ignored) {
                // fall back to what was counted
            }
        }
        return outcome.bytes();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
