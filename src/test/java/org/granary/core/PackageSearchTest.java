package org.granary.core;

import static org.granary.core.CoreHarness.READER;
import static org.granary.core.CoreHarness.T0;
import static org.granary.core.CoreHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Search over what a repository keeps: hosted documents and a proxy's cached copies, the group's members in order
 * with those the caller may not read skipped, a package once (the first member's), and each behind the gate of the
 * supply-chain policies on the way to its member. The toy format's document lists {@code <version> <sha256> [<time>]}.
 */
@Timeout(60)
class PackageSearchTest {

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private final PackageSearch search = new PackageSearch();
    private final AtomicInteger parses = new AtomicInteger();
    private final Map<String, Toy> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    private RepositoryInfo hosted;
    private RepositoryInfo proxy;

    /** A toy package: its name (the document's path) and its versions. */
    private record Toy(String name, List<String> versions) {
    }

    private final PackageSearch.Catalog<Toy> catalog = new PackageSearch.Catalog<>() {
        @Override
        public String pathPrefix() {
            return "";
        }

        @Override
        public Optional<Toy> summary(String path, String sha256, Supplier<byte[]> bytes) {
            return Optional.of(parsed.computeIfAbsent(sha256, k -> {
                parses.incrementAndGet();
                return new Toy(path, List.copyOf(times(bytes.get()).keySet()));
            }));
        }

        @Override
        public String packageName(Toy summary) {
            return summary.name();
        }

        @Override
        public MetadataRequest listing(String packageName) {
            return CoreHarness.document(packageName).withListing(new ReleaseListing(packageName, PackageSearchTest::times));
        }
    };

    private static Map<String, Instant> times(byte[] document) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String l : new String(document, StandardCharsets.UTF_8).split("\n")) {
            String[] f = l.split(" ");
            if (f.length >= 2) {
                out.put(f[0], f.length > 2 ? Instant.parse(f[2]) : null);
            }
        }
        return out;
    }

    @BeforeEach
    void given() {
        hosted = core.privateHosted("npm-hosted");
        proxy = core.proxy("npm-proxy");
        search.reads = core.reads;
        search.metadataDao = core.metadataDao;
        search.blobs = core.blobs;
        search.guards = core.guards;
        core.publish(hosted, "left-pad", "2.0.0-internal", bytes("internal left-pad"));
        core.publish(hosted, "internal-only", "1.0.0", bytes("internal-only"));
        cache("left-pad", "1.0.0 aaa " + T0.minus(Duration.ofDays(30)) + "\n");
        cache("leftish", "1.0.0 bbb " + T0.minus(Duration.ofDays(30)) + "\n2.0.0 ccc " + T0.minus(Duration.ofHours(1)) + "\n");
        cache("right-pad", "1.0.0 ddd\n");
    }

    /** The proxy fetched (and so keeps) {@code name}'s document, its release times observed as a read does. */
    private void cache(String name, String document) {
        core.upstreamDocument("npm-proxy", name, document);
        core.reads.first(proxy, Identity.ANONYMOUS, m -> catalog.listing(name));
    }

    private List<String> found(RepositoryInfo repo, Identity who, String text) {
        return search.find(repo, who, catalog, t -> t.name().contains(text)).stream()
                .map(f -> f.member().name() + ":" + f.summary().name() + "@" + f.summary().versions()).toList();
    }

    @Test
    void aGroupFindsEachPackageOnceInTheFirstMemberThatHasItAndOnlyInMembersTheCallerMayRead() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");

        assertEquals(List.of("npm-hosted:left-pad@[2.0.0-internal]", "npm-proxy:leftish@[1.0.0, 2.0.0]"),
                found(group, READER, "left"), "hosted first, and a package in both members is the hosted one");
        assertEquals(List.of("npm-proxy:left-pad@[1.0.0]", "npm-proxy:leftish@[1.0.0, 2.0.0]"),
                found(group, Identity.ANONYMOUS, "left"), "anonymous callers do not see the private hosted member");
        assertEquals(List.of("npm-hosted:internal-only@[1.0.0]"), found(group, READER, "internal"));
        assertEquals(List.of(), found(group, Identity.ANONYMOUS, "internal"));
        assertThrows(UnauthorizedException.class, () -> found(hosted, Identity.ANONYMOUS, "left"));
        assertEquals(List.of("npm-proxy:right-pad@[1.0.0]"), found(proxy, Identity.ANONYMOUS, "right"),
                "a proxy searched alone: what it has cached, never its upstream");
    }

    @Test
    void eachDocumentVersionIsSummarisedOnceAndAChangedDocumentAgain() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        found(group, READER, "pad");
        int first = parses.get();
        found(group, READER, "pad");
        assertEquals(first, parses.get(), "a second search parses nothing");

        core.publish(hosted, "left-pad", "2.1.0-internal", bytes("internal left-pad 2.1"));
        assertEquals(List.of("npm-hosted:left-pad@[2.0.0-internal, 2.1.0-internal]"), found(group, READER, "left-pad"));
        assertEquals(first + 1, parses.get(), "only the changed document is read again");
    }

    @Test
    void aPackageComesWithTheGateOfThePoliciesOnTheWayToItsMember() {
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.guards.change(proxy, new Guards.PolicyChange(Duration.ofDays(3), null, null, null));

        PackageSearch.Found<Toy> leftish = search.find(group, READER, catalog, t -> t.name().equals("leftish")).get(0);
        assertTrue(leftish.gate().allows("1.0.0"));
        assertFalse(leftish.gate().allows("2.0.0"), "released an hour ago, under a three-day cooldown");
        PackageSearch.Found<Toy> internal = search.find(group, READER, catalog, t -> t.name().equals("left-pad")).get(0);
        assertTrue(internal.gate().hidesNothing(), "the hosted member has no policy on its way");
    }
}
