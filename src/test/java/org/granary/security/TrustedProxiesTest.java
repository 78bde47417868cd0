package org.granary.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which peers may say where a request came from (GRANARY_TRUSTED_PROXIES), and what the client address then is. */
class TrustedProxiesTest {

    @ParameterizedTest(name = "{0} trusts {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // single addresses
            "10.1.2.3                    | 10.1.2.3        | true",
            "10.1.2.3                    | 10.1.2.4        | false",
            // IPv4 ranges, including prefixes that end inside a byte
            "10.0.0.0/8                  | 10.200.3.4      | true",
            "10.0.0.0/8                  | 11.0.0.1        | false",
            "192.168.16.0/20             | 192.168.31.255  | true",
            "192.168.16.0/20             | 192.168.32.0    | false",
            "172.16.0.0/12               | 172.31.0.9      | true",
            "172.16.0.0/12               | 172.32.0.9      | false",
            "0.0.0.0/0                   | 203.0.113.9     | true",
            // several entries, commas or spaces
            "127.0.0.1, 10.0.0.0/8       | 10.9.9.9        | true",
            "127.0.0.1 10.0.0.0/8        | 127.0.0.1       | true",
            // IPv6, and IPv4-mapped IPv6 peers as containers report them
            "::1                         | ::1             | true",
            "::1                         | 0:0:0:0:0:0:0:1 | true",
            "fd00::/8                    | fd12:3456::1    | true",
            "fd00::/8                    | fe80::1         | false",
            "2001:db8::/32               | 2001:db8:1::5   | true",
            "10.0.0.0/8                  | ::ffff:10.0.0.7 | true",
            "10.0.0.0/8                  | fd00::1         | false",
            "::1                         | [::1]           | true",
            // what is not an address never matches, and is never looked up in DNS
            "0.0.0.0/0                   | localhost       | false",
            "0.0.0.0/0                   | unknown         | false",
            "0.0.0.0/0                   | 999.1.1.1       | false",
    })
    void aPeerIsTrustedOnlyWhenAListedAddressOrRangeContainsIt(String spec, String peer, boolean trusted) {
        assertEquals(trusted, TrustedProxies.of(spec).trusts(peer));
    }

    @Test
    void byDefaultNobodyIsTrusted() {
        assertFalse(TrustedProxies.of("").trusts("127.0.0.1"));
        assertFalse(TrustedProxies.of(null).trusts("10.0.0.1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "proxy.example.com  | not an IP address",
            "10.0.0.0/33        | prefix length outside 0-32",
            "fd00::/129         | prefix length outside 0-128",
            "10.0.0.0/x         | prefix length",
    })
    void aMistypedEntryIsRefusedWithAMessageNamingIt(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(spec));
        assertTrue(e.getMessage().contains(spec.trim()), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "peer {1}, X-Forwarded-For \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
            // an untrusted peer is the client, whatever it claims
            "10.0.0.0/8  | 203.0.113.5 | 198.51.100.1              | 203.0.113.5",
            // a trusted proxy: the hop it appended
            "10.0.0.0/8  | 10.0.0.2    | 198.51.100.1              | 198.51.100.1",
            // a client that sends its own X-Forwarded-For cannot hide behind it: the rightmost untrusted hop wins
            "10.0.0.0/8  | 10.0.0.2    | 1.2.3.4, 198.51.100.1     | 198.51.100.1",
            // chains of trusted proxies are walked through
            "10.0.0.0/8  | 10.0.0.2    | 198.51.100.1, 10.0.0.9    | 198.51.100.1",
            // only proxies in front: the leftmost of them
            "10.0.0.0/8  | 10.0.0.2    | 10.0.0.7, 10.0.0.9        | 10.0.0.7",
            // junk stops the walk at the last readable hop
            "10.0.0.0/8  | 10.0.0.2    | unknown, 10.0.0.9         | 10.0.0.9",
            "10.0.0.0/8  | 10.0.0.2    | (none)                    | 10.0.0.2",
    })
    void theClientAddressIsReadThroughTrustedProxiesOnly(String spec, String peer, String xff, String client) {
        assertEquals(client, TrustedProxies.of(spec).clientAddress(peer, xff));
    }
}
