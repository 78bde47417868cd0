package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.granary.security.OidcSettings;
import org.granary.security.OidcSignIn;

/** The sign-in page: whether it offers single sign-on (OpenID Connect), and under which name. */
@Named
@RequestScoped
public class LoginPage {

    @Inject
    OidcSignIn oidc;

    public boolean isSingleSignOn() {
        try {
            return oidc.settings().isPresent();
        } catch (IllegalStateException misconfigured) {
            return false; // the sign-in itself says what is wrong; local users still sign in here
        }
    }

    public String getProviderName() {
        return oidc.settings().map(OidcSettings::providerName).orElse("");
    }
}
