package org.granary.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider on 127.0.0.1 (the JDK's HttpServer) for one client: discovery, JWKS, an authorization
 * endpoint that signs in whoever the test named ({@link #nextUser}) without a page of its own, a token endpoint that
 * checks the client secret and the PKCE verifier and answers an RS256-signed ID token, and an end-session endpoint
 * that sends the browser back. It can misbehave once: a tampered ID token ({@link #tamperNext}), or the wrong
 * {@code state} sent back ({@link #wrongStateNext}).
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "granary-console";
    public static final String CLIENT_SECRET = "client-secret-for-tests";

    private final HttpServer server;
    private final TestJwt key = TestJwt.rs256("fake-key-1");
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile String user = "nobody";
    private volatile List<String> groups = List.of();
    private volatile boolean tamper;
    private volatile boolean wrongState;
    private volatile int tokenRequests;

    private record Grant(String user, List<String> groups, String nonce, String challenge, String redirectUri) {
    }

    public FakeOidcProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", ex -> json(ex, 200, Json.createObjectBuilder()
                .add("issuer", issuer())
                .add("authorization_endpoint", issuer() + "/authorize")
                .add("token_endpoint", issuer() + "/token")
                .add("jwks_uri", issuer() + "/jwks")
                .add("end_session_endpoint", issuer() + "/logout")
                .add("response_types_supported", Json.createArrayBuilder().add("code"))
                .add("id_token_signing_alg_values_supported", Json.createArrayBuilder().add("RS256"))
                .add("code_challenge_methods_supported", Json.createArrayBuilder().add("S256")).build()));
        server.createContext("/jwks", ex -> json(ex, 200, TestJwt.jwks(key)));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/logout", ex -> {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            redirect(ex, q.getOrDefault("post_logout_redirect_uri", issuer() + "/signed-out"));
        });
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Whom the next authorization signs in, with these values in its {@code groups} claim. */
    public void nextUser(String name, List<String> groupClaim) {
        user = name;
        groups = List.copyOf(groupClaim);
    }

    /** The next ID token's claims are changed after signing (to make the user an administrator). */
    public void tamperNext() {
        tamper = true;
    }

    /** The next authorization answers with a {@code state} other than the one it was sent. */
    public void wrongStateNext() {
        wrongState = true;
    }

    /** How many code exchanges the token endpoint has answered. */
    public int tokenRequests() {
        return tokenRequests;
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null
                || q.get("nonce") == null || q.get("state") == null || !q.getOrDefault("scope", "").contains("openid")) {
            json(ex, 400, Json.createObjectBuilder().add("error", "invalid_request").add("query", String.valueOf(q)).build());
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(user, groups, q.get("nonce"), q.get("code_challenge"), q.get("redirect_uri")));
        String state = wrongState ? "not-the-state-that-was-sent" : q.get("state");
        wrongState = false;
        redirect(ex, q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(state));
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((enc(CLIENT_ID) + ":" + enc(CLIENT_SECRET))
                .getBytes(StandardCharsets.UTF_8));
        boolean clientOk = expected.equals(auth)
                || CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
        if (!clientOk) {
            json(ex, 401, Json.createObjectBuilder().add("error", "invalid_client").build());
            return;
        }
        Grant g = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (g == null || !"authorization_code".equals(form.get("grant_type"))
                || !String.valueOf(g.redirectUri()).equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null || !g.challenge().equals(s256(form.get("code_verifier")))) {
            json(ex, 400, Json.createObjectBuilder().add("error", "invalid_grant").build());
            return;
        }
        tokenRequests++;
        long now = Instant.now().getEpochSecond();
        JsonArrayBuilder groupClaim = Json.createArrayBuilder();
        g.groups().forEach(groupClaim::add);
        JsonObject claims = Json.createObjectBuilder().add("iss", issuer()).add("sub", "sub-" + g.user())
                .add("aud", CLIENT_ID).add("iat", now).add("exp", now + 300).add("nonce", g.nonce())
                .add("preferred_username", g.user()).add("groups", groupClaim).build();
        String idToken = key.sign(claims);
        if (tamper) {
            tamper = false;
            idToken = TestJwt.tampered(idToken, Json.createObjectBuilder(claims)
                    .add("groups", Json.createArrayBuilder().add("granary-admins")).build());
        }
        json(ex, 200, Json.createObjectBuilder().add("access_token", UUID.randomUUID().toString())
                .add("token_type", "Bearer").add("expires_in", 300).add("id_token", idToken).build());
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", URI.create(location).toString());
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void json(HttpExchange ex, int status, JsonObject body) throws IOException {
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
