package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.granary.config.GranaryConfig;
import org.granary.web.BaseUrl;

/** The base URL clients reach this server at, as the console's pages show it in client set-up snippets. */
@RequestScoped
public class ConsoleUrls {

    @Inject
    GranaryConfig config;
    @Inject
    HttpServletRequest request;

    /**
     * {@code GRANARY_BASE_URL} when set, else what a trusted proxy says, else the URL of this very request (the
     * rules of {@link BaseUrl}, which the package endpoints use too); without a trailing slash.
     */
    public String base() {
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        URI self = URI.create(request.getScheme() + "://" + host + ":" + request.getServerPort()
                + request.getContextPath() + "/");
        String base = BaseUrl.of(config, self, request::getHeader);
        // Default ports are left out, as people write the URL.
        return base.replaceFirst("^(http://[^/]+):80(?=/|$)", "$1").replaceFirst("^(https://[^/]+):443(?=/|$)", "$1");
    }
}
