package org.granary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.Format;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryType;
import org.granary.core.RequestOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request log as an operator reads it: one line per request, with every field, and none when switched off. */
class RequestLogTest {

    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger(RequestLog.LOGGER);
    private static final RepositoryInfo PROXY = new RepositoryInfo(2, "npm-proxy", Format.NPM, RepositoryType.PROXY,
            Optional.empty(), Duration.ofMinutes(5), List.of());

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    private static RequestLog filter(String setting) {
        RequestLog log = new RequestLog() {
            @Override
            String repository(HttpServletRequest request) {
                return request.getRequestURI().startsWith("/granary/npm-proxy/") ? "npm-proxy"
                        : request.getRequestURI().startsWith("/granary/npm/") ? "npm" : null;
            }
        };
        log.config = GranaryConfig.of(Map.of(Setting.ACCESS_LOG, setting));
        log.init();
        return log;
    }

    @Test
    void aCacheHitIsOneLineWithMethodPathRepositoryStatusBytesOutcomeDurationAndUser() throws Exception {
        Map<String, Object> response = new HashMap<>();
        filter("on").doFilter(request("GET", "/npm-proxy/left-pad/-/left-pad-1.3.0.tgz", "alice"), response(response),
                (req, res) -> {
                    RequestOutcome.note("hit", PROXY); // what the artifact cache notes while serving
                    ((HttpServletResponse) res).setStatus(200);
                    ((HttpServletResponse) res).setHeader("Content-Length", "2180");
                });

        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.matches("GET /granary/npm-proxy/left-pad/-/left-pad-1\\.3\\.0\\.tgz repository=npm-proxy member=npm-proxy "
                + "status=200 bytes=2180 outcome=hit ms=\\d+ user=alice client=10\\.0\\.0\\.7"), line);
    }

    @Test
    void aStreamedMissCountsTheBytesSentAndARefusalByTheGuardsSaysBlocked() throws Exception {
        filter("on").doFilter(request("GET", "/npm/big/-/big-1.0.0.tgz", null), response(new HashMap<>()), (req, res) -> {
            RequestOutcome.note("miss", PROXY);
            RequestOutcome.sent(70_000);
            RequestOutcome.sent(30_000);
            ((HttpServletResponse) res).setStatus(200);
        });
        Map<String, Object> refused = new HashMap<>();
        filter("on").doFilter(request("GET", "/npm/young/-/young-2.0.0.tgz", null), response(refused), (req, res) -> {
            ((HttpServletResponse) res).setStatus(403);
            ((HttpServletResponse) res).setHeader("X-Granary-Block-Reason", "minimum-release-age");
        });

        assertTrue(lines.get(0).startsWith("GET /granary/npm/big/-/big-1.0.0.tgz repository=npm member=npm-proxy "
                + "status=200 bytes=100000 outcome=miss "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" user=- client=10.0.0.7"), lines.get(0));
        assertTrue(lines.get(1).contains(" status=403 bytes=0 outcome=blocked "), lines.get(1));
    }

    @Test
    void offMeansNoLineAndAnythingElseIsRefusedAtStart() throws Exception {
        filter("off").doFilter(request("GET", "/health", null), response(new HashMap<>()),
                (req, res) -> ((HttpServletResponse) res).setStatus(200));

        assertEquals(List.of(), lines);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> filter("sometimes"));
        assertTrue(e.getMessage().contains("GRANARY_ACCESS_LOG must be on or off"), e.getMessage());
    }

    private static HttpServletRequest request(String method, String path, String user) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestLogTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> "/granary" + path;
                    case "getContextPath" -> "/granary";
                    case "getRemoteAddr" -> "10.0.0.7";
                    case "isAsyncStarted" -> false;
                    case "getUserPrincipal" -> user == null ? null : (Principal) () -> user;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static HttpServletResponse response(Map<String, Object> state) {
        return (HttpServletResponse) Proxy.newProxyInstance(RequestLogTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> state.put("status", args[0]);
                    case "getStatus" -> state.getOrDefault("status", 200);
                    case "setHeader" -> state.put("h:" + ((String) args[0]).toLowerCase(), args[1]);
                    case "getHeader" -> state.get("h:" + ((String) args[0]).toLowerCase());
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
