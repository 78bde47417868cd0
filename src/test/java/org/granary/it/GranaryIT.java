package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every integration test: the WAR deployed once per test class (tests run as a client over
 * HTTP), the administrator's credentials, HTTP and JSON helpers, the REST calls tests repeat (users,
 * tokens, repositories, the audit log), and the fake upstreams a test starts, closed after it.
 *
 * <p>A new IT class extends it and starts the fakes it needs in a field:
 * <pre>{@code
 * class WingetProxyIT extends GranaryIT {
 *     private final FakeUpstream upstream = fake(new FakeUpstream(GranaryServer.upstreamPort("winget")));
 *
 *     @Test
 *     void ...() throws Exception {
 *         HttpResponse<String> r = send("GET", API + "whoami", basic(createUser("reader"), PASSWORD), null);
 *     }
 * }
 * }</pre>
 * Where the server runs (URLs, data directory, upstream ports) and plain GETs are in {@link GranaryServer}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class GranaryIT {

    /** The bootstrap administrator's password: arquillian.xml starts the server with it. */
    static final String ADMIN_PASSWORD = "admin-it-password";
    /** The {@code Authorization} header of the bootstrap administrator. */
    static final String ADMIN = basic("admin", ADMIN_PASSWORD);
    /** The password of every user {@link #createUser} makes. */
    static final String PASSWORD = "s3cret-pass";
    /** The REST API, ending in a slash. */
    static final String API = GranaryServer.baseUrl() + "/api/";

    /** The WAR as built, plus {@link ServerFaults}: the faults a test causes inside the server. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return GranaryServer.war().addClass(ServerFaults.class);
    }

    /** A fresh directory for each test: projects, client homes, files to upload. */
    @TempDir
    Path work;

    private final Deque<AutoCloseable> fakes = new ArrayDeque<>();

    /** Keeps a started fake upstream, to be closed after the test; use it in a field initializer. */
    <T extends AutoCloseable> T fake(T upstream) {
        fakes.push(upstream);
        return upstream;
    }

    @AfterEach
    void closeFakes() throws Exception {
        Exception failure = null;
        while (!fakes.isEmpty()) {
            try {
                fakes.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------

    /** Sends a JSON body ({@code null} for none) with an {@code Authorization} header ({@code null} for none). */
    static HttpResponse<String> send(String method, String url, String authorization, String json) throws Exception {
        return json == null ? send(method, url, authorization, (byte[]) null)
                : send(method, url, authorization, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    /** Sends {@code body} ({@code null} for none) with {@code Authorization} ({@code null} for none) and more headers. */
    static HttpResponse<String> send(String method, String url, String authorization, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return GranaryServer.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(String url, String authorization, String json) throws Exception {
        return send("PUT", url, authorization, json);
    }

    static HttpResponse<String> put(String url, String authorization, byte[] body) throws Exception {
        return send("PUT", url, authorization, body);
    }

    static HttpResponse<String> post(String url, String authorization, String json) throws Exception {
        return send("POST", url, authorization, json);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts that {@code response} is a 200 (naming the URL and the body if not), and returns it. */
    static <T> HttpResponse<T> ok(HttpResponse<T> response) {
        assertEquals(200, response.statusCode(), () -> response.uri() + ": " + text(response));
        return response;
    }

    /** The body as text (UTF-8). */
    static String text(HttpResponse<?> response) {
        return response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(response.body());
    }

    /** The body as a JSON object. */
    static JsonObject json(HttpResponse<?> response) {
        return Json.createReader(new StringReader(text(response))).readObject();
    }

    /** The one {@code errors[].detail} of a Cargo error response (Cargo's style, for every request to a cargo repository). */
    static String cargoError(HttpResponse<?> response) {
        try {
            jakarta.json.JsonArray errors = json(response).getJsonArray("errors");
            assertEquals(1, errors.size(), errors.toString());
            return errors.getJsonObject(0).getString("detail");
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new AssertionError("not a Cargo error body: " + text(response), e);
        }
    }

    /** The {@code error} of a JSON error body, failing clearly when the body is something else. */
    static String error(HttpResponse<?> response) {
        try {
            return json(response).getString("error");
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new AssertionError("not a JSON error body: " + text(response), e);
        }
    }

    // ---- REST API --------------------------------------------------------------------------------------

    /** {@code prefix-} and eight random hex digits: a name no other test (or earlier run) has used. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user named {@code <role>-<random>} with one role and the password {@link #PASSWORD}. */
    static String createUser(String role) throws Exception {
        String user = unique(role);
        HttpResponse<String> r = post(API + "users", ADMIN,
                "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}");
        assertEquals(201, r.statusCode(), r.body());
        return user;
    }

    /** Creates a token of {@code user} (one {@link #createUser} made) and returns its secret. */
    static String createToken(String user, boolean readOnly) throws Exception {
        HttpResponse<String> r = post(API + "tokens", basic(user, PASSWORD),
                "{\"name\":\"it\",\"readOnly\":" + readOnly + "}");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).getString("token");
    }

    /** Creates a repository from its JSON settings ({@code name}, {@code format}, {@code type}, ...). */
    static void createRepository(String json) throws Exception {
        HttpResponse<String> r = post(API + "repositories", ADMIN, json);
        assertEquals(201, r.statusCode(), r.body());
    }

    /** Changes settings of a repository, e.g. {@code {"anonymousRead":false}}. */
    static void updateRepository(String name, String json) throws Exception {
        HttpResponse<String> r = put(API + "repositories/" + name, ADMIN, json);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** The last 500 audit events, filtered by each argument that is not {@code null}. */
    static List<JsonObject> audit(String actor, String action, String outcome) throws Exception {
        String query = "audit?size=500" + (action == null ? "" : "&action=" + action)
                + (outcome == null ? "" : "&outcome=" + outcome)
                + (actor == null ? "" : "&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
        HttpResponse<String> r = send("GET", API + query, ADMIN, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).getJsonArray("events").getValuesAs(JsonValue::asJsonObject);
    }

    /** Whether the audit log has such an event; {@code actor == null} means an anonymous one. */
    static boolean hasAudit(String actor, String action, String outcome) throws Exception {
        return audit(actor, action, outcome).stream().anyMatch(e -> actor != null || e.isNull("actor"));
    }

    // ---- jobs ------------------------------------------------------------------------------------------

    /**
     * Sends a lockfile to {@code POST api/repositories/{repository}/prefetch?kind=}, waits (up to two minutes) for the
     * run it starts to finish, and returns the run with its items.
     */
    static JsonObject prefetch(String repository, String kind, byte[] lockfile) throws Exception {
        HttpResponse<String> started = send("POST", API + "repositories/" + repository + "/prefetch?kind=" + kind, ADMIN,
                lockfile, "Content-Type", "application/octet-stream");
        assertEquals(202, started.statusCode(), started.body());
        return awaitRun(json(started).getJsonNumber("runId").longValue());
    }

    /**
     * Runs a job now ({@code POST api/jobs/{job}/run}, asked again while the scheduled run of this minute is on) and
     * returns its run, with its items, once it has finished.
     */
    static JsonObject runJob(String job) throws Exception {
        HttpResponse<String> started = post(API + "jobs/" + job + "/run", ADMIN, null);
        for (int i = 0; i < 60 && started.statusCode() == 409; i++) {
            Thread.sleep(500);
            started = post(API + "jobs/" + job + "/run", ADMIN, null);
        }
        assertEquals(202, started.statusCode(), started.body());
        return awaitRun(json(started).getJsonNumber("runId").longValue());
    }

    /** Polls {@code GET api/jobs/runs/{id}} until the run is no longer running (two minutes at most). */
    static JsonObject awaitRun(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonObject run = json(ok(send("GET", API + "jobs/runs/" + id, ADMIN, null)));
            if (!"running".equals(run.getString("status")) || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(200);
        }
    }

    /** A repository's storage figures ({@code GET api/repositories/{name}}: artifacts, artifactBytes, …). */
    static JsonObject storage(String repository) throws Exception {
        return json(ok(send("GET", API + "repositories/" + repository, ADMIN, null))).getJsonObject("storage");
    }
}
