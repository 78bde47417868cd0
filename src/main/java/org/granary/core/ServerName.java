package org.granary.core;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This server's name in the leases it takes (jobs, artifact fetches): its host name and a random suffix chosen once per
 * start, so two servers on one host, or a restarted one, never pass for each other.
 */
final class ServerName {

    private static final String NAME = host() + "/" + UUID.randomUUID().toString().substring(0, 8);

    private ServerName() {
    }

    static String ofThisServer() {
        return NAME;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "granary";
        }
    }
}
