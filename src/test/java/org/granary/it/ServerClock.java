package org.granary.it;

import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

/**
 * Moves the clock of the running Granary (test-only): sets the server's system property {@code granary.clock.offset}
 * through WildFly's management API, which Granary's clock reads on every call, so a cooldown ends without a restart.
 * Always {@link #reset} it after the test (the server is shared by every IT class).
 */
final class ServerClock {

    private static final String PROPERTY = "granary.clock.offset";

    private ServerClock() {
    }

    /** Sets the offset, an ISO-8601 duration such as {@code P4D}. */
    static void offset(ManagementClient management, String duration) throws Exception {
        ModelNode read = operation("read-resource");
        boolean exists = "success".equals(execute(management, read, false).get("outcome").asString());
        ModelNode op;
        if (exists) {
            op = operation("write-attribute");
            op.get("name").set("value");
        } else {
            op = operation("add");
        }
        op.get("value").set(duration);
        execute(management, op, true);
    }

    static void reset(ManagementClient management) throws Exception {
        ModelNode read = operation("read-resource");
        if ("success".equals(execute(management, read, false).get("outcome").asString())) {
            execute(management, operation("remove"), true);
        }
    }

    private static ModelNode operation(String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set(name);
        op.get("address").add("system-property", PROPERTY);
        return op;
    }

    private static ModelNode execute(ManagementClient management, ModelNode op, boolean mustSucceed) throws Exception {
        ModelControllerClient client = management.getControllerClient();
        ModelNode result = client.execute(op);
        if (mustSucceed && !"success".equals(result.get("outcome").asString())) {
            throw new IllegalStateException("WildFly refused " + op + ": " + result);
        }
        return result;
    }
}
