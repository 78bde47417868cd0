package org.granary.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;

/**
 * The admin console's session cookie is never readable by script ({@code HttpOnly}) and never sent with
 * requests that other sites start ({@code SameSite=Lax}). Set here rather than in web.xml because WildFly
 * ignores web.xml's cookie {@code <attribute>}s. {@code Secure} depends on how the client came in, so the
 * authentication mechanism adds it at sign-in.
 */
public class SessionCookies implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
    }
}
