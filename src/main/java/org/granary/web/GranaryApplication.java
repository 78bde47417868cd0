package org.granary.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS at the context root: {@code /granary/{repository}/…}, {@code /granary/health}. */
@ApplicationPath("/")
public class GranaryApplication extends Application {
}
