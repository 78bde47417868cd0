package org.granary.core;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A benchmark, not a test (run it with {@code bench/cooldown/run.sh}): what the supply-chain guards add to serving a
 * cached artifact. Three proxies hold the same cached, mature tarball: one has a three-day cooldown with a block rule
 * and an exemption, two have no policy (the second is the control: how far two identical set-ups differ in this run).
 * The real read path ({@link RepositoryReads} over the real caches and DAOs, on the core harness's H2) serves it from
 * each in turn, the order rotated every round, after a warm-up; the median of the rounds is reported per download and
 * as ratios. The download reads the whole body, as a client's would.
 */
public final class CooldownBenchmark {

    private static final byte[] TARBALL = new byte[16 * 1024];

    private CooldownBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        CoreHarness core = new CoreHarness();
        try {
            Arrays.fill(TARBALL, (byte) 7);
            RepositoryInfo plain = core.proxy("plain");
            RepositoryInfo control = core.proxy("control");
            RepositoryInfo guarded = core.proxy("guarded");
            RepositoryInfo[] arms = {plain, control, guarded};
            for (RepositoryInfo r : arms) {
                core.upstreamDocument(r.name(), "left-pad", "1.0.0 x " + CoreHarness.T0.minus(Duration.ofDays(30)) + "\n");
                core.upstreamArtifact(r.name(), "left-pad", "1.0.0", TARBALL);
            }
            core.guards.change(guarded, new Guards.PolicyChange(Duration.ofDays(3), GuardPolicy.MissingReleaseTime.DENY,
                    null, null));
            core.guards.addRule(guarded, new Guards.RuleSpec(GuardRule.Action.BLOCK, "evil-*", null, null, "bad", null), "bench");
            core.guards.addRule(guarded, new Guards.RuleSpec(GuardRule.Action.ALLOW, "@acme/*", null, null, "ours", null), "bench");
            for (RepositoryInfo r : arms) {
                read(core, r); // cached now; the guarded one learnt its release time from the listing
            }
            long[][] ns = new long[arms.length][rounds];
            for (int warm = 0; warm < 3; warm++) {
                for (RepositoryInfo r : arms) {
                    time(core, r, perRound);
                }
            }
            for (int i = 0; i < rounds; i++) {
                for (int k = 0; k < arms.length; k++) {
                    int arm = (i + k) % arms.length;
                    ns[arm][i] = time(core, arms[arm], perRound);
                }
            }
            double[] median = new double[arms.length];
            for (int k = 0; k < arms.length; k++) {
                Arrays.sort(ns[k]);
                median[k] = ns[k][rounds / 2] / (double) perRound;
            }
            System.out.printf("cached %d KiB tarball, %d rounds of %d downloads per repository, median per download:%n",
                    TARBALL.length / 1024, rounds, perRound);
            System.out.printf("  no policy          : %8.1f us%n", median[0] / 1000);
            System.out.printf("  no policy, control : %8.1f us  (ratio %.3f: the noise of this run)%n", median[1] / 1000,
                    median[1] / median[0]);
            System.out.printf("  three-day cooldown : %8.1f us  (ratio %.3f, %+.1f%%)%n", median[2] / 1000,
                    median[2] / median[0], (median[2] / median[0] - 1) * 100);
        } finally {
            core.afterEach(null);
        }
    }

    private static long time(CoreHarness core, RepositoryInfo repo, int n) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            read(core, repo);
        }
        return System.nanoTime() - start;
    }

    private static int read(CoreHarness core, RepositoryInfo repo) throws IOException {
        ArtifactResult r = core.reads.artifact(repo, Identity.ANONYMOUS, CoreHarness.artifactPath("left-pad", "1.0.0"),
                CoreHarness.source("left-pad", "1.0.0", CoreHarness.sha256Of(TARBALL)),
                new ReleaseKey("left-pad", "1.0.0", m -> CoreHarness.document("left-pad").withListing(
                        new ReleaseListing("left-pad", CooldownBenchmark::times))));
        int total = 0;
        try (InputStream in = r.open(0)) {
            byte[] buf = new byte[8192];
            int k;
            while ((k = in.read(buf)) > 0) {
                total += k;
            }
        }
        return total;
    }

    private static Map<String, Instant> times(byte[] document) {
        String[] f = new String(document, java.nio.charset.StandardCharsets.UTF_8).trim().split(" ");
        return Map.of(f[0], Instant.parse(f[2]));
    }
}
