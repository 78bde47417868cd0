package org.granary.upstream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * Where artifacts may be fetched from. The URL of an artifact comes from upstream metadata (npm
 * {@code dist.tarball}, PyPI file links, cargo's {@code dl}), so a hostile or intercepted upstream could make
 * Granary fetch any address; this rule allows only:
 * <ul>
 *   <li>http and https URLs;</li>
 *   <li>on the repository's own upstream host (any port), or on a host named in {@code GRANARY_ARTIFACT_HOSTS}:
 *       a host name ({@code cdn.example.com}), a suffix ({@code *.example.com}: its subdomains; {@code *}: any
 *       name), an IP address or a CIDR range ({@code 10.20.0.0/16}: IP literals in it, and names whose every
 *       address is in it);</li>
 *   <li>and a host allowed only by a suffix must not resolve to a loopback, link-local, private, shared,
 *       multicast or unspecified address unless that address is in a listed range. The upstream host itself
 *       and hosts named exactly are trusted wherever they point.</li>
 * </ul>
 * {@link UpstreamClient} applies the rule to the first URL and to every redirect, so a redirect leaves the
 * allowed hosts only into the list. Pure apart from the {@link HostResolver}.
 */
public final class ArtifactHostRule {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final String SETTING = Setting.ARTIFACT_HOSTS.environmentVariable();

    private final Set<String> hosts;
    private final List<String> suffixes;
    private final List<Network> networks;
    private final HostResolver resolver;

    private ArtifactHostRule(Set<String> hosts, List<String> suffixes, List<Network> networks, HostResolver resolver) {
        this.hosts = Set.copyOf(hosts);
        this.suffixes = List.copyOf(suffixes);
        this.networks = List.copyOf(networks);
        this.resolver = resolver;
    }

    /** The rule configured by {@code GRANARY_ARTIFACT_HOSTS}, with the system resolver. */
    public static ArtifactHostRule from(GranaryConfig config) {
        try {
            return parse(config.get(Setting.ARTIFACT_HOSTS).orElse(""), HostResolver.SYSTEM);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SETTING + " (" + Setting.ARTIFACT_HOSTS.property() + "): " + e.getMessage());
        }
    }

    /**
     * @param list comma-separated host names, {@code *.suffix}, IP addresses and CIDR ranges (may be empty)
     * @throws IllegalArgumentException naming the first entry that is none of these
     */
    public static ArtifactHostRule parse(String list, HostResolver resolver) {
        Set<String> hosts = new HashSet<>();
        List<String> suffixes = new ArrayList<>();
        List<Network> networks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                suffixes.add("");
            } else if (entry.startsWith("*.") || entry.startsWith(".")) {
                String suffix = entry.substring(entry.indexOf('.'));
                if (!HOST_NAME.matcher(suffix.substring(1)).matches()) {
                    throw badEntry(raw);
                }
                suffixes.add(suffix);
            } else if (entry.contains("/")) {
                networks.add(Network.parse(entry).orElseThrow(() -> badEntry(raw)));
            } else {
                String host = bare(entry);
                Optional<InetAddress> ip = literal(host);
                if (ip.isPresent()) {
                    networks.add(Network.of(ip.get()));
                } else if (HOST_NAME.matcher(host).matches() && !IPV4.matcher(host).matches()) {
                    hosts.add(host);
                } else {
                    throw badEntry(raw);
                }
            }
        }
        return new ArtifactHostRule(hosts, suffixes, networks, resolver);
    }

    /** This rule for one repository, for {@link UpstreamClient#get(URI, java.util.Map, TargetRule)}. */
    public TargetRule forUpstream(URI repositoryUpstream) {
        return target -> check(target, repositoryUpstream);
    }

    /**
     * @param repositoryUpstream the repository's configured upstream URL ({@code null}: it has none)
     * @throws ArtifactHostRefusedException saying which host was refused, why, and which setting allows it
     */
    public void check(URI target, URI repositoryUpstream) throws ArtifactHostRefusedException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ArtifactHostRefusedException("refused to fetch " + shown(target)
                    + ": only http and https URLs are fetched");
        }
        String host = hostOf(target);
        if (host == null) {
            throw new ArtifactHostRefusedException("refused to fetch " + shown(target) + ": the URL has no host");
        }
        String upstreamHost = repositoryUpstream == null ? null : hostOf(repositoryUpstream);
        if (host.equals(upstreamHost) || hosts.contains(host)) {
            return;
        }
        Optional<InetAddress> ip = literal(host);
        if (ip.isPresent()) {
            if (inListedNetwork(ip.get())) {
                return;
            }
            throw notListed(target, host, upstreamHost);
        }
        boolean bySuffix = suffixes.stream().anyMatch(s -> host.endsWith(s) && host.length() > s.length());
        if (!bySuffix && networks.isEmpty()) {
            throw notListed(target, host, upstreamHost);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            if (bySuffix) {
                return; // allowed by name; the fetch itself reports that the host does not resolve
            }
            throw notListed(target, host, upstreamHost);
        }
        if (!bySuffix) {
            for (InetAddress a : addresses) {
                if (!inListedNetwork(a)) {
                    throw notListed(target, host, upstreamHost);
                }
            }
            if (addresses.length > 0) {
                return;
            }
            throw notListed(target, host, upstreamHost);
        }
        for (InetAddress a : addresses) {
            Optional<String> internal = internalKind(a);
            if (internal.isPresent() && !inListedNetwork(a)) {
                throw new ArtifactHostRefusedException("refused to fetch " + shown(target) + ": host " + host
                        + " resolves to the " + internal.get() + " address " + a.getHostAddress()
                        + "; only the repository's upstream host, or a host or network named in " + SETTING
                        + ", may point there");
            }
        }
    }

    /**
     * What kind of non-public address {@code a} is (loopback, link-local, private, …), or empty for a public one.
     * Addresses embedded in IPv6 (IPv4-compatible, NAT64, 6to4) are judged by the IPv4 address inside.
     */
    static Optional<String> internalKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("shared (carrier-grade NAT)");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
            return Optional.empty();
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("private (unique local)");
        }
        Optional<InetAddress> embedded = embeddedIpv4((Inet6Address) a);
        return embedded.flatMap(ArtifactHostRule::internalKind);
    }

    private static Optional<InetAddress> embeddedIpv4(Inet6Address a) {
        byte[] b = a.getAddress();
        int from;
        if (a.isIPv4CompatibleAddress()) {
            from = 12;
        } else if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            from = 12; // NAT64 64:ff9b::/96
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            from = 2; // 6to4 2002::/16
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]}));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean inListedNetwork(InetAddress a) {
        return networks.stream().anyMatch(n -> n.contains(a));
    }

    private static ArtifactHostRefusedException notListed(URI target, String host, String upstreamHost) {
        return new ArtifactHostRefusedException("refused to fetch " + shown(target) + ": host " + host
                + " is not the repository's upstream host" + (upstreamHost == null ? "" : " (" + upstreamHost + ")")
                + " and is not listed in " + SETTING);
    }

    /** The URL without credentials or query, which may carry secrets. */
    private static String shown(URI target) {
        String host = target.getHost();
        if (target.getScheme() == null || host == null) {
            return "'" + target.getScheme() + ":…'";
        }
        return target.getScheme() + "://" + host + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + (target.getRawPath() == null ? "" : target.getRawPath());
    }

    private static String hostOf(URI uri) {
        String h = uri.getHost();
        return h == null || h.isEmpty() ? null : bare(h.toLowerCase(Locale.ROOT));
    }

    /** Without IPv6 brackets or a trailing dot. */
    private static String bare(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** An IP address written as such; never a DNS lookup. */
    static Optional<InetAddress> literal(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                String[] parts = host.split("\\.");
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[i]);
                    if (v > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) v;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            if (IPV6.matcher(host).matches()) {
                return Optional.of(InetAddress.getByName(host));
            }
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static IllegalArgumentException badEntry(String raw) {
        return new IllegalArgumentException("'" + raw.trim()
                + "' is not a host name, *.suffix, IP address or CIDR range (such as 10.20.0.0/16)");
    }

    /** An address range: the first {@code bits} bits of {@code prefix}. */
    private record Network(byte[] prefix, int bits) {

        static Network of(InetAddress a) {
            return new Network(a.getAddress(), a.getAddress().length * 8);
        }

        static Optional<Network> parse(String cidr) {
            int slash = cidr.indexOf('/');
            Optional<InetAddress> a = literal(bare(cidr.substring(0, slash)));
            if (a.isEmpty()) {
                return Optional.empty();
            }
            int max = a.get().getAddress().length * 8;
            try {
                int bits = Integer.parseInt(cidr.substring(slash + 1));
                return bits < 0 || bits > max ? Optional.empty() : Optional.of(new Network(a.get().getAddress(), bits));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
