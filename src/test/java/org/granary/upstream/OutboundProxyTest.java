package org.granary.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundProxyTest {

    private static final URI PROXY = URI.create("http://proxy.corp.example:3128");

    @ParameterizedTest(name = "no-proxy \"{0}\", host {1}: bypass={2}")
    @CsvSource(delimiter = '|', value = {
            // exact host names and addresses
            "localhost,127.0.0.1              | localhost               | true",
            "localhost,127.0.0.1              | 127.0.0.1               | true",
            "localhost,127.0.0.1              | 127.0.0.2               | false",
            "localhost,127.0.0.1              | registry.npm.example.test      | false",
            "registry.internal                | registry.internal       | true",
            "registry.internal                | a.registry.internal     | false",
            "registry.internal                | registry.internal.evil  | false",
            // .suffix matches the domain and everything under it, on a label boundary
            ".corp.example                    | corp.example            | true",
            ".corp.example                    | nexus.corp.example      | true",
            ".corp.example                    | a.b.corp.example        | true",
            ".corp.example                    | evilcorp.example        | false",
            ".corp.example                    | corp.example.com        | false",
            // *.suffix is the same as .suffix
            "*.corp.example                   | nexus.corp.example      | true",
            "*.corp.example                   | corp.example            | true",
            "*.corp.example                   | evilcorp.example        | false",
            // IPv6 literals arrive in brackets from URI.getHost()
            "::1                              | [::1]                   | true",
            "::1                              | ::1                     | true",
            "fd00::1                          | [fd00::2]               | false",
            // case-insensitive both ways, blanks and empty entries ignored
            "Registry.Internal                | REGISTRY.internal       | true",
            "' .Corp.Example , , localhost '  | NEXUS.corp.example      | true",
            "' .Corp.Example , , localhost '  | LocalHost               | true",
            "' , '                            | localhost               | false",
    })
    void noProxyRules(String noProxy, String host, boolean bypass) {
        assertEquals(bypass, new OutboundProxy(PROXY, noProxy).bypasses(host));
    }

    @Test
    void anAbsentNoProxyListBypassesNothing() {
        assertEquals(false, new OutboundProxy(PROXY, null).bypasses("localhost"));
    }

    @Test
    void selectReturnsNoProxyForBypassedHostsAndTheHttpProxyOtherwise() {
        OutboundProxy selector = new OutboundProxy(PROXY, "localhost,127.0.0.1,::1,.corp.example");

        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("http://127.0.0.1:4873/lodash")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("http://[::1]:4873/lodash")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://nexus.corp.example/npm/lodash")));

        List<Proxy> viaProxy = selector.select(URI.create("https://registry.npm.example.test/lodash"));
        assertEquals(1, viaProxy.size());
        assertEquals(Proxy.Type.HTTP, viaProxy.get(0).type());
        InetSocketAddress address = (InetSocketAddress) viaProxy.get(0).address();
        assertEquals("proxy.corp.example", address.getHostString());
        assertEquals(3128, address.getPort());
    }

    @Test
    void proxyPortDefaultsFromTheScheme() {
        Proxy http = new OutboundProxy(URI.create("http://proxy.example"), null)
                .select(URI.create("https://registry.npm.example.test/")).get(0);
        Proxy https = new OutboundProxy(URI.create("https://proxy.example"), null)
                .select(URI.create("https://registry.npm.example.test/")).get(0);

        assertEquals(80, ((InetSocketAddress) http.address()).getPort());
        assertEquals(443, ((InetSocketAddress) https.address()).getPort());
    }

    @Test
    void credentialsAreTakenFromTheProxyUrl() {
        String[] credentials = new OutboundProxy(URI.create("http://user:pass@proxy:3128"), null).credentials().orElseThrow();

        assertArrayEquals(new String[] {"user", "pass"}, credentials);
    }

    @Test
    void passwordsMayContainColonsAndEncodedCharacters() {
        String[] credentials = new OutboundProxy(URI.create("http://svc-granary:p%40ss:w0rd@proxy:3128"), null)
                .credentials().orElseThrow();

        assertArrayEquals(new String[] {"svc-granary", "p@ss:w0rd"}, credentials);
    }

    @Test
    void noCredentialsWithoutAUserAndPassword() {
        assertTrue(new OutboundProxy(URI.create("http://proxy:3128"), null).credentials().isEmpty());
        assertTrue(new OutboundProxy(URI.create("http://justauser@proxy:3128"), null).credentials().isEmpty());
    }
}
