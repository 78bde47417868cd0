package org.granary.security;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The OpenID Connect settings ({@code GRANARY_OIDC_*}), read and checked together.
 *
 * @param issuer       the provider's issuer, exactly as its ID tokens name it (no trailing slash added or removed)
 * @param clientSecret null for a public client
 * @param redirectUri  null: derived from the request's base URL
 */
public record OidcSettings(String issuer, String clientId, String clientSecret, Set<String> scopes, String usernameClaim,
                           String rolesClaim, RoleMapping mapping, URI redirectUri, String providerName) {

    /** The settings, or empty when {@code GRANARY_OIDC_ISSUER} is not set. */
    public static Optional<OidcSettings> from(GranaryConfig config) {
        Optional<String> issuer = config.explicit(Setting.OIDC_ISSUER);
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        URI u = config.uri(Setting.OIDC_ISSUER).orElseThrow();
        if (!"https".equalsIgnoreCase(u.getScheme()) && !isLoopback(u.getHost())) {
            throw bad(Setting.OIDC_ISSUER, "the provider must be reached over https (plain http only on loopback)");
        }
        String clientId = config.explicit(Setting.OIDC_CLIENT_ID)
                .orElseThrow(() -> bad(Setting.OIDC_CLIENT_ID, "the client ID registered at the provider is required"));
        String secret = config.explicit(Setting.OIDC_CLIENT_SECRET).orElse(null);
        Optional<String> file = config.explicit(Setting.OIDC_CLIENT_SECRET_FILE);
        if (secret != null && file.isPresent()) {
            throw bad(Setting.OIDC_CLIENT_SECRET_FILE, "set the secret or its file, not both");
        }
        if (file.isPresent()) {
            try {
                secret = Files.readAllLines(Path.of(file.get()), StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw bad(Setting.OIDC_CLIENT_SECRET_FILE, "cannot read " + file.get() + ": " + e.getMessage());
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        Arrays.stream(config.require(Setting.OIDC_SCOPES).split("\\s+")).filter(s -> !s.isBlank()).forEach(scopes::add);
        RoleMapping mapping = RoleMapping.of(config.explicit(Setting.OIDC_ADMIN_VALUES).orElse(null),
                config.explicit(Setting.OIDC_PUBLISHER_VALUES).orElse(null), config.get(Setting.OIDC_READER_VALUES).orElse(null));
        return Optional.of(new OidcSettings(issuer.get(), clientId, secret == null || secret.isEmpty() ? null : secret,
                Set.copyOf(scopes), config.require(Setting.OIDC_USERNAME_CLAIM), config.require(Setting.OIDC_ROLES_CLAIM),
                mapping, config.uri(Setting.OIDC_REDIRECT_URI).orElse(null), config.require(Setting.OIDC_PROVIDER_NAME)));
    }

    /** The discovery document's URL. */
    URI discovery() {
        return URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    @Override
    public String toString() {
        return "OidcSettings[" + issuer + ", client " + clientId + "]"; // never the secret
    }

    private static IllegalStateException bad(Setting s, String why) {
        return new IllegalStateException(s.environmentVariable() + ": " + why);
    }
}
