package org.granary.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gauges of the container's datasource pools, read from the platform MBean server at scrape time: WildFly publishes
 * each pool's statistics as {@code jboss.as:subsystem=datasources,data-source=<name>,statistics=pool} (the
 * application's own embedded pool under its deployment). Jakarta EE has no portable pool API, so on a server that
 * publishes no such MBeans (GlassFish unless its monitoring is switched on) there are simply no pool gauges.
 * Values are live only where the pool's statistics are enabled ({@code tomcat-config/wildfly-postgresql.cli} does).
 */
final class DataSourcePoolGauges {

    private static final Logger LOG = Logger.getLogger(DataSourcePoolGauges.class.getName());
    /** The pool statistics worth a gauge, by WildFly's attribute name, and the {@code state} tag they get. */
    private static final Map<String, String> STATISTICS = Map.of(
            "activecount", "active", "availablecount", "available", "inusecount", "in_use",
            "idlecount", "idle", "maxusedcount", "max_used", "waitcount", "waiting");

    private DataSourcePoolGauges() {
    }

    static void bind(MeterRegistry registry) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> pools = server.queryNames(new ObjectName("jboss.as:subsystem=datasources,*"), null);
            pools.addAll(server.queryNames(new ObjectName("jboss.as:deployment=*,subsystem=datasources,*"), null));
            for (ObjectName pool : pools) {
                if (!"pool".equals(pool.getKeyProperty("statistics")) || pool.getKeyProperty("data-source") == null) {
                    continue;
                }
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(pool).getAttributes()) {
                    String state = STATISTICS.get(attribute.getName().toLowerCase(Locale.ROOT));
                    if (state != null) {
                        Gauge.builder("granary.datasource.connections", () -> read(server, pool, attribute.getName()))
                                .description("Connections of a container datasource pool, by state")
                                .tags("datasource", pool.getKeyProperty("data-source"), "state", state)
                                .register(registry);
                    }
                }
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "No datasource pool statistics to publish", e);
        }
    }

    private static double read(MBeanServer server, ObjectName pool, String attribute) {
        try {
            return server.getAttribute(pool, attribute) instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
