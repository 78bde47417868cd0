package org.granary.core;

import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Prefetch} on the real core: a lockfile's artifacts fetched through the verified read path and counted, the
 * lockfile's hashes checked, a second run all cached; allow-list rules resolved against the packages the repository
 * has cached and those the format finds upstream. The format is the harness's toy one ({@link CoreHarness}): a lockfile
 * line is {@code <name> <version> [<sha256>]}.
 */
@Timeout(60)
class PrefetchTest {

    private static final byte[] A = bytes("a 1.0.0 tarball");
    private static final byte[] B = bytes("b 2.0.0 tarball");

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private final Prefetch prefetch = new Prefetch();
    private final ToyFormat toy = new ToyFormat();
    private RepositoryInfo proxy;

    @BeforeEach
    void given() {
        prefetch.formats = instanceOf(toy);
        prefetch.reads = core.reads;
        prefetch.artifacts = core.artifacts;
        prefetch.rules = HarnessDaos.prefetchRules(core.db);
        proxy = core.proxy("npm-proxy");
        publishUpstream("a", "1.0.0", A);
        publishUpstream("b", "2.0.0", B);
    }

    @Test
    void aLockfileIsFetchedThroughTheVerifiedPathAndASecondRunReportsEverythingCached() {
        String lock = "a 1.0.0 " + Digests.sha256Hex(A) + "\nb 2.0.0 " + Digests.sha256Hex(bytes("other bytes"))
                + "\nc 3.0.0\na 9.9.9\n";
        List<PrefetchFormat.Wanted> wanted = prefetch.parse(proxy, "toy-lock", lock.getBytes(StandardCharsets.UTF_8));

        List<String> first = run(wanted);
        List<String> second = run(wanted);

        assertEquals(List.of("a@1.0.0 fetched " + A.length,
                "b@2.0.0 failed " + B.length + " the lockfile locks sha256:" + Digests.sha256Hex(bytes("other bytes"))
                        + " but the registry's file has sha256:" + Digests.sha256Hex(B),
                "c@3.0.0 failed 0 c was not found in repository 'npm-proxy' or its upstream",
                "a@9.9.9 failed 0 the registry lists no file of a@9.9.9"), first);
        assertEquals("a@1.0.0 cached " + A.length, second.get(0));
        assertTrue(second.get(1).startsWith("b@2.0.0 failed"), "a cached file is checked against the lockfile again");
        assertEquals(1, core.upstreamRequests("npm-proxy", artifactPath("a", "1.0.0")), "fetched once");
        core.upstream.stop();
        assertArrayEquals(A, body(core.reads.artifact(proxy, CoreHarness.READER, artifactPath("a", "1.0.0"), m -> {
            throw new AssertionError("cached: nothing is resolved");
        })));
    }

    /** pip's {@code --hash=sha512:}: a PyPI proxy records no SHA-512 of its own, so the check hashes the stored file. */
    @Test
    void aLockedSha512IsCheckedInAFormatThatRecordsNone() throws Exception {
        toy.format = Format.PYPI;
        toy.documents.clear(); // the npm proxy's listing of a and b, from given()
        RepositoryInfo pypi = core.proxy("pypi-proxy", Format.PYPI);
        publishUpstream("pypi-proxy", "a", "1.0.0", A);
        publishUpstream("pypi-proxy", "b", "2.0.0", B);
        String lock = "a 1.0.0 sha512:" + sha512Hex(A) + "\nb 2.0.0 sha512:" + sha512Hex(bytes("other bytes")) + "\n";

        List<String> first = run(pypi, prefetch.parse(pypi, "toy-lock", lock.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of("a@1.0.0 fetched " + A.length, "b@2.0.0 failed " + B.length + " the lockfile locks sha512:"
                + sha512Hex(bytes("other bytes")) + " but the registry's file has sha512:" + sha512Hex(B)), first);

        // the same for a locked SHA-1, which a PyPI proxy no longer records either
        String sha1Lock = "a 1.0.0 sha1:" + hex("SHA-1", A) + "\nb 2.0.0 sha1:" + hex("SHA-1", bytes("other bytes")) + "\n";
        List<String> second = run(pypi, prefetch.parse(pypi, "toy-lock", sha1Lock.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a@1.0.0 cached " + A.length, "b@2.0.0 failed " + B.length + " the lockfile locks sha1:"
                + hex("SHA-1", bytes("other bytes")) + " but the registry's file has sha1:" + hex("SHA-1", B)), second);
    }

    private static String sha512Hex(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return hex("SHA-512", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void aFileOfAnotherKindOrARepositoryThatIsNoProxyIsRefusedWithAMessage() {
        InvalidRequestException kind = assertThrows(InvalidRequestException.class,
                () -> prefetch.parse(proxy, "cargo-lock", bytes("x 1")));
        assertEquals("'cargo-lock' is not a kind of file npm repositories read; the kinds are toy-lock", kind.getMessage());
        InvalidRequestException hosted = assertThrows(InvalidRequestException.class,
                () -> prefetch.parse(core.hosted("npm-hosted"), "toy-lock", bytes("a 1.0.0")));
        assertTrue(hosted.getMessage().contains("fills a proxy repository"), hosted.getMessage());
        assertThrows(InvalidRequestException.class, () -> prefetch.parse(proxy, "toy-lock", bytes("# nothing\n")));
    }

    @Test
    void aPatternRuleMatchesCachedPackagesAndThoseTheFormatFindsUpstreamAndAnUnknownPackageIsReported() {
        publishUpstream("lib-one", "1.0.0", bytes("one 1.0.0"));
        publishUpstream("lib-one", "1.2.0", bytes("one 1.2.0"));
        publishUpstream("lib-two", "0.9.0", bytes("two 0.9.0"));
        publishUpstream("other", "1.0.0", bytes("other 1.0.0"));
        run(List.of(new PrefetchFormat.Wanted("lib-one", "1.0.0"), new PrefetchFormat.Wanted("other", "1.0.0")));
        toy.upstreamNames = List.of("lib-two", "unrelated"); // what the format's search finds
        prefetch.addRule(proxy, "lib-*", "latest", core.clock.instant());
        prefetch.addRule(proxy, "gone", "all", core.clock.instant());

        List<String> failures = new ArrayList<>();
        List<PrefetchFormat.Wanted> wanted = prefetch.fromRules(proxy, r -> failures.add(r.item() + " " + r.reason()));

        assertEquals(List.of("lib-one@1.2.0", "lib-two@0.9.0"), wanted.stream().map(PrefetchFormat.Wanted::display).toList(),
                "the cached lib-one and the upstream's lib-two, not other nor what the pattern does not match");
        assertEquals(List.of("gone (all) gone was not found in repository 'npm-proxy' or its upstream"),
                failures);
        assertEquals(List.of("lib-one@1.2.0 fetched 9", "lib-two@0.9.0 fetched 9"), run(wanted));
    }

    // ------------------------------------------------------------------ the toy format

    /** The upstream lists {@code name}'s version in its document and serves its artifact. */
    private void publishUpstream(String name, String version, byte[] artifact) {
        publishUpstream("npm-proxy", name, version, artifact);
    }

    private void publishUpstream(String repo, String name, String version, byte[] artifact) {
        toy.documents.merge(name, version + " " + Digests.sha256Hex(artifact) + "\n", String::concat);
        core.upstreamDocument(repo, name, toy.documents.get(name));
        core.upstreamArtifact(repo, name, version, artifact);
    }

    /** {@code "<item> <outcome> <bytes> [<reason>]"} of each artifact of {@code wanted}. */
    private List<String> run(List<PrefetchFormat.Wanted> wanted) {
        return run(proxy, wanted);
    }

    private List<String> run(RepositoryInfo proxy, List<PrefetchFormat.Wanted> wanted) {
        List<String> out = new ArrayList<>();
        prefetch.fetch(proxy, wanted, r -> out.add(r.item() + " " + r.outcome().id() + " " + r.bytes()
                + (r.reason() == null ? "" : " " + r.reason())), () -> true);
        return out;
    }

    /** The harness's toy format as a prefetching format: documents list {@code <version> <sha256>} lines. */
    private final class ToyFormat implements PrefetchFormat {
        final java.util.Map<String, String> documents = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> upstreamNames = List.of();

        Format format = Format.NPM;

        @Override
        public Format format() {
            return format;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("toy-lock");
        }

        @Override
        public List<Wanted> parse(String kind, byte[] file) {
            List<Wanted> out = new ArrayList<>();
            for (String line : new String(file, StandardCharsets.UTF_8).lines().toList()) {
                String[] p = line.strip().split(" ");
                if (p.length >= 2 && !line.startsWith("#")) {
                    out.add(new Wanted(p[0], p[1], p.length < 3 ? List.of() : List.of(new LockedFile(null,
                            Optional.of(p[2].startsWith("sha512:")
                                    ? new ExpectedDigest(ExpectedDigest.Algorithm.SHA512, p[2].substring(7))
                                    : p[2].startsWith("sha1:")
                                    ? new ExpectedDigest(ExpectedDigest.Algorithm.SHA1, p[2].substring(5))
                                    : new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, p[2]))))));
                }
            }
            return out;
        }

        @Override
        public List<String> versions(RepositoryInfo repo, Identity as, String name) {
            return lines(repo, as, name).stream().map(l -> l.split(" ")[0]).toList();
        }

        @Override
        public List<String> matching(RepositoryInfo repo, Identity as, String pattern) {
            return upstreamNames.stream().filter(Prefetch.glob(pattern).asMatchPredicate()).toList();
        }

        @Override
        public List<Target> resolve(RepositoryInfo repo, Identity as, Wanted w) {
            return lines(repo, as, w.name()).stream().filter(l -> l.startsWith(w.version() + " ")).map(l -> new Target(
                    w.display(), artifactPath(w.name(), w.version()), CoreHarness.source(w.name(), w.version(),
                    new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, l.split(" ")[1])),
                    w.files().stream().findFirst().flatMap(LockedFile::hash))).toList();
        }

        private List<String> lines(RepositoryInfo repo, Identity as, String name) {
            return CoreHarness.text(core.reads.first(repo, as, m -> CoreHarness.document(name))).lines().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Instance<PrefetchFormat> instanceOf(PrefetchFormat... formats) {
        List<PrefetchFormat> all = List.of(formats);
        return (Instance<PrefetchFormat>) Proxy.newProxyInstance(PrefetchTest.class.getClassLoader(),
                new Class<?>[] {Instance.class}, (self, method, args) -> switch (method.getName()) {
                    case "iterator" -> all.iterator();
                    case "stream" -> all.stream();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
