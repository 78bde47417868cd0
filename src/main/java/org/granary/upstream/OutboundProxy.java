package org.granary.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outbound HTTP proxy for upstream traffic, with a no-proxy list of host names, IP addresses and
 * {@code .domain} suffixes (a leading {@code *} is accepted too: {@code *.corp.example}).
 */
public final class OutboundProxy extends ProxySelector {

    private final Proxy proxy;
    private final List<String> noProxy;
    private final Optional<String[]> credentials;

    public OutboundProxy(URI proxyUrl, String noProxyList) {
        int port = proxyUrl.getPort() > 0 ? proxyUrl.getPort() : ("https".equals(proxyUrl.getScheme()) ? 443 : 80);
        this.proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxyUrl.getHost(), port));
        this.noProxy = noProxyList == null ? List.of() : Arrays.stream(noProxyList.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .map(s -> s.startsWith("*") ? s.substring(1) : s)
                .filter(s -> !s.isEmpty())
                .toList();
        String userInfo = proxyUrl.getUserInfo();
        this.credentials = userInfo == null || !userInfo.contains(":")
                ? Optional.empty()
                : Optional.of(userInfo.split(":", 2));
    }

    /** user and password from the proxy URL, when it has them. */
    public Optional<String[]> credentials() {
        return credentials;
    }

    public boolean bypasses(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String rule : noProxy) {
            if (rule.startsWith(".") ? (h.endsWith(rule) || h.equals(rule.substring(1))) : h.equals(rule)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return bypasses(uri.getHost()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to remember: the request fails and the retry policy decides.
    }
}
