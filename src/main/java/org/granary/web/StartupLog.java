package org.granary.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/** Logs one line saying where Granary serves and where its data lives. */
@WebListener
public class StartupLog implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger("org.granary");

    @Inject
    GranaryConfig config;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String url = config.explicit(Setting.BASE_URL).orElseGet(() -> {
            // WildFly names its HTTP port in system properties; elsewhere assume the usual 8080.
            int port = Integer.getInteger("jboss.http.port", 8080) + Integer.getInteger("jboss.socket.binding.port-offset", 0);
            return "http://localhost:" + port + event.getServletContext().getContextPath();
        });
        LOG.info("Granary is serving at " + (url.endsWith("/") ? url : url + "/") + " (data directory "
                + config.dataDir() + ")");
    }
}
