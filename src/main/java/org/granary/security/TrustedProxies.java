package org.granary.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * The reverse proxies whose {@code X-Forwarded-*} and {@code Forwarded} headers Granary believes
 * ({@code GRANARY_TRUSTED_PROXIES}: addresses and CIDR ranges, IPv4 or IPv6; default none). From any other
 * peer those headers are ignored, so a client cannot choose the host written into rewritten metadata or
 * the address recorded in the audit log.
 */
@ApplicationScoped
public class TrustedProxies {

    private static final Logger LOG = Logger.getLogger(TrustedProxies.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Inject
    GranaryConfig config;

    private List<Range> ranges = List.of();

    /** For CDI; tests use {@link #of(String)}. */
    public TrustedProxies() {
    }

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The proxies listed in {@code spec} (comma- or space-separated addresses and CIDRs). */
    public static TrustedProxies of(String spec) {
        return new TrustedProxies(parse(spec));
    }

    @PostConstruct
    void configure() {
        String spec = config.explicit(Setting.TRUSTED_PROXIES).orElse("");
        try {
            ranges = parse(spec);
        } catch (IllegalArgumentException e) {
            // Fail safe: trusting nobody keeps Granary serving; the log says what to fix.
            LOG.log(Level.SEVERE, Setting.TRUSTED_PROXIES.environmentVariable() + " is not valid, so no proxy is trusted: "
                    + e.getMessage());
            ranges = List.of();
        }
    }

    /** Whether {@code address} (an IP literal, as the container reports the peer) is a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty()) {
            return false; // the default: nothing to compare, so no address to parse (every request asks)
        }
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && ranges.stream().anyMatch(r -> r.contains(bytes.get()));
    }

    /** Whether the request's peer is a trusted proxy, so its forwarded headers count. */
    public boolean trustsPeerOf(HttpServletRequest request) {
        return trusts(request.getRemoteAddr());
    }

    /**
     * The client's address: the peer itself, unless it is a trusted proxy; then the nearest
     * {@code X-Forwarded-For} hop that is not a trusted proxy (hops are read right to left, since only the
     * ones our own proxies appended can be believed).
     */
    public String clientAddress(String peer, String xForwardedFor) {
        if (!trusts(peer) || xForwardedFor == null || xForwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = xForwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (literal(hop).isEmpty()) {
                break; // not an address (e.g. "unknown"): stop at the last one we could read
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    /** The request's client address (see {@link #clientAddress(String, String)}). */
    public String clientAddress(HttpServletRequest request) {
        return clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /** The client address as the audit log records it: {@code client via proxy} when a trusted proxy forwarded it. */
    public String auditAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String client = clientAddress(request);
        return client.equals(peer) ? peer : client + " via " + peer;
    }

    static List<Range> parse(String spec) {
        List<Range> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (String entry : spec.split("[,\\s]+")) {
            if (!entry.isBlank()) {
                out.add(Range.parse(entry.trim()));
            }
        }
        return List.copyOf(out);
    }

    /** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 as IPv4); empty for anything else. Never a DNS lookup. */
    static Optional<byte[]> literal(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (IPV4.matcher(a).matches()) {
            byte[] b = new byte[4];
            String[] parts = a.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) v;
            }
            return Optional.of(b);
        }
        if (a.indexOf(':') < 0 || !a.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            // With a ':' in it, InetAddress parses a literal and never resolves a name.
            return Optional.of(InetAddress.getByName(a).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** One address or CIDR range. */
    record Range(byte[] network, int prefix) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "'" + entry + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.168.1.5, fd00::/8)"));
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String p = entry.substring(slash + 1);
                if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + bits);
                }
                prefix = Integer.parseInt(p);
            }
            return new Range(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
