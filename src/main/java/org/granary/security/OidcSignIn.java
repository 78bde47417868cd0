package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The console's OpenID Connect sign-in (authorization code flow with PKCE), driven by the one authentication
 * mechanism: {@link #start} sends the browser to the provider with a fresh {@code state}, {@code nonce} and PKCE
 * challenge kept in the (not yet signed-in) session; {@link #finish} checks the {@code state} that comes back,
 * exchanges the code (with the verifier, and the client secret when there is one) at the token endpoint, and checks
 * the ID token ({@link IdTokenVerifier}) against the provider's JWKS before it names the user and their roles. The
 * discovery document and the key set are fetched on first use and kept; an unknown {@code kid} fetches the key set
 * again (the provider rotated its keys). Settings are read on use.
 */
@ApplicationScoped
public class OidcSignIn {

    static final String PENDING = "granary.oidc.pending";
    /** The ID token of the signed-in session (a sign-out sends it to the provider as {@code id_token_hint}). */
    static final String ID_TOKEN = "granary.oidc.id_token";
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<URI, JsonObject> documents = new ConcurrentHashMap<>();

    /** A sign-in on its way: what the provider must send back, and what proves this browser started it. */
    record Pending(String state, String nonce, String verifier, String redirectUri, Instant startedAt) implements Serializable {
    }

    /** A sign-in the provider confirmed. */
    public record SignedIn(String username, Set<String> roles, String idToken, String subject) {
    }

    /** A refused sign-in, with the reason for the audit log. */
    public static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    public Optional<OidcSettings> settings() {
        return OidcSettings.from(config);
    }

    /** The provider's authorization URL for a new sign-in, remembered in {@code session}. */
    public URI start(HttpSession session, String redirectUri) throws RefusedException {
        OidcSettings s = settings().orElseThrow();
        JsonObject discovery = discovery(s);
        Pending p = new Pending(random(24), random(24), random(48), redirectUri, clock.instant());
        session.setAttribute(PENDING, p);
        String query = "response_type=code"
                + "&client_id=" + enc(s.clientId())
                + "&redirect_uri=" + enc(redirectUri)
                + "&scope=" + enc(String.join(" ", s.scopes()))
                + "&state=" + enc(p.state())
                + "&nonce=" + enc(p.nonce())
                + "&code_challenge=" + enc(s256(p.verifier()))
                + "&code_challenge_method=S256";
        String endpoint = endpoint(discovery, "authorization_endpoint");
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + query);
    }

    /**
     * Completes the sign-in the provider sent the browser back from.
     *
     * @param params the callback's query parameters ({@code code}, {@code state}, or {@code error})
     */
    public SignedIn finish(HttpSession session, Map<String, String> params) throws RefusedException {
        OidcSettings s = settings().orElseThrow();
        Pending p = session == null ? null : (Pending) session.getAttribute(PENDING);
        if (session != null) {
            session.removeAttribute(PENDING); // one answer per sign-in
        }
        if (p == null || !clock.instant().isBefore(p.startedAt().plus(PENDING_LIFETIME))) {
            throw new RefusedException("no sign-in was started in this browser, or it took longer than "
                    + PENDING_LIFETIME.toMinutes() + " minutes");
        }
        if (!MessageDigest.isEqual(p.state().getBytes(StandardCharsets.UTF_8),
                String.valueOf(params.get("state")).getBytes(StandardCharsets.UTF_8))) {
            throw new RefusedException("the state sent back by the provider is not this sign-in's");
        }
        if (params.get("error") != null) {
            throw new RefusedException("the provider refused: " + params.get("error")
                    + (params.get("error_description") == null ? "" : " (" + params.get("error_description") + ")"));
        }
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw new RefusedException("the provider sent no authorization code");
        }
        JsonObject discovery = discovery(s);
        JsonObject tokens = exchange(s, endpoint(discovery, "token_endpoint"), code, p);
        String idToken = tokens.getString("id_token", null);
        String issuer = discovery.getString("issuer", s.issuer());
        IdTokenVerifier.Expected expected = new IdTokenVerifier.Expected(issuer, s.clientId(), p.nonce());
        JsonObject claims;
        try {
            URI jwksUri = URI.create(endpoint(discovery, "jwks_uri"));
            JsonObject jwks = document(jwksUri, false);
            String kid = IdTokenVerifier.keyId(idToken);
            if (kid != null && IdTokenVerifier.keys(jwks, "RS256", kid).isEmpty()
                    && IdTokenVerifier.keys(jwks, "ES256", kid).isEmpty()) {
                jwks = document(jwksUri, true);
            }
            claims = IdTokenVerifier.verify(idToken, jwks, expected, clock.instant());
        } catch (IdTokenVerifier.InvalidTokenException e) {
            throw new RefusedException(e.getMessage());
        }
        String username = claims.getString(s.usernameClaim(), null);
        if (username == null || username.isBlank()) {
            throw new RefusedException("the ID token has no '" + s.usernameClaim() + "' claim ("
                    + Setting.OIDC_USERNAME_CLAIM.environmentVariable() + ")");
        }
        List<String> values = IdTokenVerifier.strings(IdTokenVerifier.claim(claims, s.rolesClaim()));
        Set<String> roles = s.mapping().roles(values);
        if (roles.isEmpty()) {
            throw new RefusedException("no role for '" + username + "': the '" + s.rolesClaim() + "' claim has "
                    + values + ", none of which the GRANARY_OIDC_*_VALUES settings name");
        }
        return new SignedIn(username, roles, idToken, claims.getString("sub"));
    }

    /** Where a sign-out sends the browser: the provider's end-session endpoint, when it has one. */
    public Optional<URI> logout(String idToken, String afterLogout) {
        Optional<OidcSettings> s = settings();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            String end = discovery(s.get()).getString("end_session_endpoint", null);
            if (end == null) {
                return Optional.empty();
            }
            return Optional.of(URI.create(end + (end.contains("?") ? "&" : "?") + "client_id=" + enc(s.get().clientId())
                    + (idToken == null ? "" : "&id_token_hint=" + enc(idToken))
                    + "&post_logout_redirect_uri=" + enc(afterLogout)));
        } catch (RefusedException | IllegalArgumentException e) {
            return Optional.empty(); // signed out of Granary; the provider's session stays
        }
    }

    private JsonObject exchange(OidcSettings s, String tokenEndpoint, String code, Pending p) throws RefusedException {
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(p.redirectUri())
                + "&code_verifier=" + enc(p.verifier()) + "&client_id=" + enc(s.clientId());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tokenEndpoint)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (s.clientSecret() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (enc(s.clientId()) + ":" + enc(s.clientSecret())).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = send(b.build(), "the token endpoint");
        if (r.statusCode() != 200) {
            throw new RefusedException("the token endpoint answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        return parse(r.body(), "the token endpoint");
    }

    private JsonObject discovery(OidcSettings s) throws RefusedException {
        JsonObject d = document(s.discovery(), false);
        if (!s.issuer().equals(d.getString("issuer", null))) {
            documents.remove(s.discovery());
            throw new RefusedException("the provider's discovery document names the issuer '" + d.getString("issuer", null)
                    + "', not " + Setting.OIDC_ISSUER.environmentVariable() + " '" + s.issuer() + "'");
        }
        return d;
    }

    private JsonObject document(URI uri, boolean fresh) throws RefusedException {
        if (!fresh) {
            JsonObject kept = documents.get(uri);
            if (kept != null) {
                return kept;
            }
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json").GET().build(), uri.toString());
        if (r.statusCode() != 200) {
            throw new RefusedException(uri + " answered " + r.statusCode());
        }
        JsonObject doc = parse(r.body(), uri.toString());
        documents.put(uri, doc);
        return doc;
    }

    private HttpResponse<String> send(HttpRequest request, String what) throws RefusedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RefusedException("the provider could not be reached (" + what + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException("interrupted while asking the provider");
        }
    }

    private static JsonObject parse(String body, String what) throws RefusedException {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new RefusedException(what + " did not answer a JSON object");
        }
    }

    private static String endpoint(JsonObject discovery, String name) throws RefusedException {
        String v = discovery.getString(name, null);
        if (v == null || !(v.startsWith("https://") || v.startsWith("http://"))) {
            throw new RefusedException("the provider's discovery document has no usable " + name);
        }
        return v;
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Query parameters of a callback, first value of each. */
    static Map<String, String> firstValues(Map<String, String[]> params) {
        return params.entrySet().stream().filter(e -> e.getValue().length > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0]));
    }
}
