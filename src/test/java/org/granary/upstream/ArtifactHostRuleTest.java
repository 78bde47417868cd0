package org.granary.upstream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which artifact URLs a repository may fetch, given its upstream and GRANARY_ARTIFACT_HOSTS. */
class ArtifactHostRuleTest {

    private static final URI UPSTREAM = URI.create("https://registry.example.test/npm/");
    private static final String LIST = "cdn.example.test, *.mirror.example.test, 10.20.0.0/16, 192.0.2.7, [2001:db8::7]";

    /** What the fake DNS answers; a name not in it does not resolve. */
    private static final Map<String, List<String>> DNS = Map.ofEntries(
            Map.entry("a.mirror.example.test", List.of("203.0.113.5")),
            Map.entry("lan.mirror.example.test", List.of("10.20.3.4")),
            Map.entry("internal.mirror.example.test", List.of("10.0.0.5")),
            Map.entry("meta.mirror.example.test", List.of("169.254.169.254")),
            Map.entry("loop.mirror.example.test", List.of("203.0.113.5", "127.0.0.1")),
            Map.entry("ula.mirror.example.test", List.of("fd00::1")),
            Map.entry("zero.mirror.example.test", List.of("0.0.0.0")),
            Map.entry("nat64.mirror.example.test", List.of("64:ff9b::a00:1")),
            Map.entry("cgnat.mirror.example.test", List.of("100.64.1.1")),
            Map.entry("v6.mirror.example.test", List.of("2001:db8:1::1")),
            Map.entry("build.corp.test", List.of("10.20.9.9")),
            Map.entry("mixed.corp.test", List.of("10.20.9.9", "203.0.113.9")),
            Map.entry("evil.example.test", List.of("203.0.113.66")));

    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final ArtifactHostRule rule = ArtifactHostRule.parse(LIST, this::resolve);

    @ParameterizedTest(name = "{0} may be fetched")
    @ValueSource(strings = {
            "https://registry.example.test/left-pad/-/left-pad-1.3.0.tgz",
            "http://registry.example.test:8080/left-pad/-/left-pad-1.3.0.tgz",
            "https://REGISTRY.example.test./left-pad-1.3.0.tgz",
            "https://cdn.example.test/blobs/1",
            "https://CDN.Example.Test/blobs/1",
            "https://a.mirror.example.test/left-pad-1.3.0.tgz",
            "https://lan.mirror.example.test/left-pad-1.3.0.tgz",
            "https://v6.mirror.example.test/left-pad-1.3.0.tgz",
            "https://unknown.mirror.example.test/left-pad-1.3.0.tgz",
            "http://10.20.1.1/left-pad-1.3.0.tgz",
            "http://192.0.2.7:9000/left-pad-1.3.0.tgz",
            "http://[2001:db8::7]/left-pad-1.3.0.tgz",
            "https://build.corp.test/left-pad-1.3.0.tgz",
    })
    void allowed(String target) {
        assertDoesNotThrow(() -> rule.check(URI.create(target), UPSTREAM));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "https://evil.example.test/x.tgz                | host evil.example.test is not the repository's upstream host (registry.example.test) and is not listed in GRANARY_ARTIFACT_HOSTS",
            "https://mirror.example.test/x.tgz              | host mirror.example.test is not the repository's upstream host",
            "https://example.test/x.tgz                     | host example.test is not",
            "https://registry.example.test.evil.test/x.tgz  | host registry.example.test.evil.test is not",
            "http://169.254.169.254/latest/meta-data/       | host 169.254.169.254 is not the repository's upstream host",
            "http://127.0.0.1:8080/granary/api/users        | host 127.0.0.1 is not",
            "http://[::1]/x.tgz                             | host ::1 is not",
            "http://10.21.0.1/x.tgz                         | host 10.21.0.1 is not",
            "https://mixed.corp.test/x.tgz                  | host mixed.corp.test is not",
            "https://internal.mirror.example.test/x.tgz     | host internal.mirror.example.test resolves to the private address 10.0.0.5",
            "https://meta.mirror.example.test/x.tgz         | resolves to the link-local address 169.254.169.254",
            "https://loop.mirror.example.test/x.tgz         | resolves to the loopback address 127.0.0.1",
            "https://ula.mirror.example.test/x.tgz          | resolves to the private (unique local) address fd00:0:0:0:0:0:0:1",
            "https://zero.mirror.example.test/x.tgz         | resolves to the unspecified address 0.0.0.0",
            "https://nat64.mirror.example.test/x.tgz        | resolves to the private address",
            "https://cgnat.mirror.example.test/x.tgz        | resolves to the shared (carrier-grade NAT) address 100.64.1.1",
            "ftp://cdn.example.test/x.tgz                   | only http and https URLs are fetched",
            "file:///etc/passwd                             | only http and https URLs are fetched",
            "https:/x.tgz                                   | the URL has no host",
    })
    void refused(String target, String reason) {
        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> rule.check(URI.create(target), UPSTREAM));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().startsWith("refused to fetch "), e.getMessage());
    }

    @Test
    void theUpstreamHostAndHostsNamedExactlyAreTrustedWithoutALookupWhereverTheyPoint() throws Exception {
        ArtifactHostRule loopbackUpstream = ArtifactHostRule.parse("localhost", this::resolve);

        loopbackUpstream.check(URI.create("http://127.0.0.1:41234/files/x.whl"), URI.create("http://127.0.0.1:5000/simple/"));
        loopbackUpstream.check(URI.create("http://localhost:41234/files/x.whl"), URI.create("http://127.0.0.1:5000/simple/"));
        rule.check(URI.create("https://cdn.example.test/x.tgz"), UPSTREAM);

        assertEquals(List.of(), lookups);
    }

    @Test
    void withoutAListOnlyTheUpstreamHostIsAllowedAndNothingIsLookedUp() {
        ArtifactHostRule empty = ArtifactHostRule.parse("", this::resolve);

        assertDoesNotThrow(() -> empty.check(URI.create("https://registry.example.test/x.tgz"), UPSTREAM));
        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> empty.check(URI.create("https://a.mirror.example.test/x.tgz"), UPSTREAM));
        assertTrue(e.getMessage().contains("not listed in GRANARY_ARTIFACT_HOSTS"), e.getMessage());
        assertEquals(List.of(), lookups);
    }

    @Test
    void aRepositoryWithoutAnUpstreamFetchesOnlyListedHosts() {
        assertDoesNotThrow(() -> rule.check(URI.create("https://cdn.example.test/x.tgz"), null));
        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> rule.check(URI.create("https://registry.example.test/x.tgz"), null));
        assertTrue(e.getMessage().contains("is not the repository's upstream host and"), e.getMessage());
    }

    @Test
    void aStarAllowsAnyPublicHostButNoInternalAddress() {
        ArtifactHostRule any = ArtifactHostRule.parse("*", this::resolve);

        assertDoesNotThrow(() -> any.check(URI.create("https://a.mirror.example.test/x.tgz"), UPSTREAM));
        assertThrows(ArtifactHostRefusedException.class,
                () -> any.check(URI.create("https://meta.mirror.example.test/x.tgz"), UPSTREAM));
        assertThrows(ArtifactHostRefusedException.class,
                () -> any.check(URI.create("http://169.254.169.254/x.tgz"), UPSTREAM));
    }

    @Test
    void theMessageShowsNoQueryStringOrCredentials() {
        ArtifactHostRefusedException e = assertThrows(ArtifactHostRefusedException.class,
                () -> rule.check(URI.create("https://user:pw@evil.example.test/x.tgz?X-Signature=s3cret"), UPSTREAM));

        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertTrue(e.getMessage().contains("https://evil.example.test/x.tgz"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is not a valid entry")
    @ValueSource(strings = {"bad host", "10.0.0.0/33", "300.1.1.1", "*.", "10.0.0.0/x", "cdn.example.test:443",
            "https://cdn.example.test/", "fe80::1/129", "*.exa mple.test"})
    void aBadEntryStopsStartUpNamingTheSettingAndTheEntry(String entry) {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.ARTIFACT_HOSTS, "cdn.example.test," + entry));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArtifactHostRule.from(config));

        assertTrue(e.getMessage().startsWith("GRANARY_ARTIFACT_HOSTS (granary.artifact.hosts): '" + entry.trim() + "'"),
                e.getMessage());
    }

    @Test
    void theDefaultListLetsThePublicPypiAndCratesUpstreamsServeTheirFiles() {
        GranaryConfig defaults = GranaryConfig.of(Map.of());
        ArtifactHostRule byDefault = ArtifactHostRule.from(defaults);

        assertDoesNotThrow(() -> byDefault.check(URI.create("https://files.pythonhosted.org/packages/ab/cd/x.whl"),
                defaults.upstream(Setting.UPSTREAM_PYPI).orElseThrow()));
        assertDoesNotThrow(() -> byDefault.check(URI.create("https://static.crates.io/crates/serde/serde-1.0.0.crate"),
                defaults.upstream(Setting.UPSTREAM_CARGO).orElseThrow()));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, loopback", "10.1.2.3, private", "172.16.0.1, private", "192.168.1.1, private",
            "169.254.169.254, link-local", "0.0.0.0, unspecified", "::, unspecified", "::1, loopback",
            "fe80::1, link-local", "fc00::1, private (unique local)", "224.0.0.1, multicast",
            "240.0.0.1, reserved", "2002:a00:1::, private", "::10.0.0.1, private",
    })
    void internalAddresses(String address, String kind) throws Exception {
        assertEquals(Optional.of(kind), ArtifactHostRule.internalKind(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.5", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1", "2002:cb00:7105::"})
    void publicAddresses(String address) throws Exception {
        assertEquals(Optional.empty(), ArtifactHostRule.internalKind(InetAddress.getByName(address)));
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = InetAddress.getByName(addresses.get(i)); // literals: no real lookup
        }
        return result;
    }

}
