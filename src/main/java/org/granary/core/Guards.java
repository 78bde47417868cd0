package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.GuardDao;
import org.granary.persistence.GuardPolicyEntry;
import org.granary.persistence.GuardRuleEntry;
import org.granary.persistence.ReleaseTimeDao;
import org.granary.persistence.ReleaseTimeEntry;

/**
 * The supply-chain guards on the read path: every repository's {@link GuardPolicy} (from a snapshot of the database
 * re-read every few seconds, so a change on another server shows quickly), the verdict on a download before anything
 * is served or fetched, and the {@link VersionGate} a metadata document is filtered through. Release times are
 * {@link ReleaseTimes}'s; a version whose time is not stored yet is learnt from the member's own document (and, where
 * the format has one, its upstream's probe) the first time it matters.
 */
@ApplicationScoped
public class Guards {

    private static final Logger LOG = Logger.getLogger(Guards.class.getName());
    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** Upstream probes for release times one metadata request may make (the rest are probed by later requests). */
    static final int MAX_PROBES = 32;

    @Inject
    GuardDao dao;
    @Inject
    ReleaseTimes times;
    @Inject
    ReleaseTimeDao releaseTimeDao;
    @Inject
    MetadataCache metadata;
    @Inject
    Clock clock;

    private volatile Snapshot snapshot;
    private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong invalidations = new java.util.concurrent.atomic.AtomicLong();

    private record Snapshot(Map<Long, GuardPolicy> byRepository, Instant readAt) {
    }

    /** The policy of {@code repo} (no cooldown, no rules when it has none). */
    public GuardPolicy policy(RepositoryInfo repo) {
        GuardPolicy p = current().byRepository().get(repo.id());
        return p != null ? p.named(repo.name()) : GuardPolicy.none(repo.id(), repo.name());
    }

    /**
     * The policies that can refuse something on the way from the repository asked to one member ({@code chain}: the
     * repository asked first, the member last); empty when none can, so the read path does nothing more.
     */
    public Optional<PolicyChain> chain(List<RepositoryInfo> chain) {
        Map<Long, GuardPolicy> all = current().byRepository();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<GuardPolicy> active = null;
        for (RepositoryInfo r : chain) {
            GuardPolicy p = all.get(r.id());
            if (p != null && p.isActive(now)) {
                if (active == null) {
                    active = new ArrayList<>(chain.size());
                }
                active.add(p.named(r.name()));
            }
        }
        return active == null ? Optional.empty() : Optional.of(new PolicyChain(active));
    }

    public Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- downloads

    /**
     * The verdict on downloading {@code release} from {@code member}.
     *
     * @param hint  a release time the member's metadata gave for it just now (recorded when none is stored), or null
     * @param learn whether to read a proxy member's listing (and probe its upstream) when no time is stored yet (a
     *              hosted member's times are its publishes')
     */
    public Verdict verdict(PolicyChain chain, RepositoryInfo member, ReleaseKey release, Instant hint, boolean learn) {
        Optional<ReleaseTimes.Release> known = times.lookup(member, release.packageName(), release.version());
        if (hint != null && (known.isEmpty() || known.get().releasedAt() == null)) {
            times.record(member, release.packageName(), Map.of(release.version(), hint));
            known = Optional.of(new ReleaseTimes.Release(release.version(), hint));
        }
        Instant now = clock.instant();
        Verdict v = chain.judge(release.packageName(), release.version(),
                known.map(ReleaseTimes.Release::releasedAt).orElse(null), now);
        if (learn && v.wantsReleaseTime() && release.listing() != null && member.isProxy()) {
            known = learn(member, release, known.isPresent());
            v = chain.judge(release.packageName(), release.version(),
                    known.map(ReleaseTimes.Release::releasedAt).orElse(null), now);
        }
        return v;
    }

    /**
     * Whether {@code release} from {@code member} passes, decided from what this server holds in memory alone (the fast
     * path of cache hits: no database, no upstream): true only when its release time is stored here and every policy
     * on the way passes it with that time. False means "not decided here": the read path then judges it in full.
     */
    public boolean passesFromMemory(PolicyChain chain, RepositoryInfo member, ReleaseKey release) {
        Optional<Instant> at = times.stored(member, release.packageName(), release.version());
        return at.isPresent() && chain.judge(release.packageName(), release.version(), at.get(), clock.instant()).passes();
    }

    /** Throws {@link BlockedException} unless {@code v} passes. */
    public static void require(Verdict v, ReleaseKey release) {
        if (!v.passes()) {
            throw new BlockedException(release.display(), v);
        }
    }

    private Optional<ReleaseTimes.Release> learn(RepositoryInfo member, ReleaseKey release, boolean listed) {
        MetadataRequest request = release.listing().apply(member);
        if (!listed) {
            try {
                times.observe(member, request, metadata.read(member, request));
            } catch (GranaryException e) {
                // not listed there, or the upstream is down: decided with what is known
                LOG.log(Level.FINE, "Cannot read the listing of " + release.display() + ": " + e.getMessage());
            }
        }
        Optional<ReleaseTimes.Release> known = times.lookup(member, release.packageName(), release.version());
        ReleaseListing listing = request.listing();
        if (known.isPresent() && known.get().releasedAt() == null && member.isProxy() && listing != null
                && listing.probe() != null) {
            Optional<Instant> probed = probe(member, listing, release.version());
            if (probed.isPresent()) {
                known = Optional.of(new ReleaseTimes.Release(release.version(), probed.get()));
            }
        }
        return known;
    }

    private Optional<Instant> probe(RepositoryInfo member, ReleaseListing listing, String version) {
        Optional<Instant> probed;
        try {
            probed = listing.probe().releasedAt(member, version);
        } catch (GranaryException e) {
            LOG.log(Level.FINE, "Cannot learn the release time of " + listing.packageName() + "@" + version
                    + " from the upstream of repository '" + member.name() + "': " + e.getMessage());
            return Optional.empty();
        }
        probed.ifPresent(at -> times.record(member, listing.packageName(), Map.of(version, at)));
        return probed;
    }

    // ---------------------------------------------------------------- metadata

    /** One member's copy of a document, with the policies on the way to it (empty: none can refuse anything). */
    public record Listed(RepositoryInfo member, Optional<PolicyChain> chain, MetadataRequest request) {
    }

    /**
     * The gate for one package's document as served from {@code listed} (the members that had it, in member order):
     * each listed version is judged by the policies on the way to the first member that lists it, with that member's
     * stored time. Versions a proxy member lists without a time are probed upstream first where the format can
     * ({@link ReleaseListing#probe()}), newest first, at most {@link #MAX_PROBES} per call.
     */
    public VersionGate gate(List<Listed> listed, String packageName) {
        Instant now = clock.instant();
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, Instant> releaseTimes = new HashMap<>();
        PolicyChain firstChain = null;
        for (Listed l : listed) {
            Map<String, Instant> versions = times.versions(l.member(), packageName);
            if (l.chain().isPresent()) {
                if (l.member().isHosted() && versions.containsValue(null)) {
                    versions = withPublishTimes(l.member(), packageName, versions);
                }
                versions = probeMissing(l, packageName, versions, now);
                if (firstChain == null) {
                    firstChain = l.chain().get();
                }
            }
            for (Map.Entry<String, Instant> e : versions.entrySet()) {
                if (verdicts.containsKey(e.getKey())) {
                    continue;
                }
                releaseTimes.put(e.getKey(), e.getValue());
                verdicts.put(e.getKey(), l.chain().map(c -> c.judge(packageName, e.getKey(), e.getValue(), now))
                        .orElseGet(() -> Verdict.pass(l.member().name(), null, e.getValue(), null)));
            }
        }
        PolicyChain unlistedChain = firstChain;
        return new VersionGate(verdicts, releaseTimes, version -> unlistedChain == null
                ? Verdict.pass(listed.isEmpty() ? null : listed.get(0).member().name(), null, null, null)
                : unlistedChain.judge(packageName, version, null, now));
    }

    /** A hosted member's versions its documents list without a time, timed by their publishes. */
    private Map<String, Instant> withPublishTimes(RepositoryInfo member, String packageName, Map<String, Instant> versions) {
        Map<String, Instant> updated = new LinkedHashMap<>(versions);
        versions.forEach((version, at) -> {
            if (at == null) {
                times.lookup(member, packageName, version).map(ReleaseTimes.Release::releasedAt)
                        .ifPresent(t -> updated.put(version, t));
            }
        });
        return updated;
    }

    private Map<String, Instant> probeMissing(Listed l, String packageName, Map<String, Instant> versions, Instant now) {
        ReleaseListing listing = l.request().listing();
        if (!l.member().isProxy() || listing == null || listing.probe() == null || !versions.containsValue(null)) {
            return versions;
        }
        PolicyChain chain = l.chain().get();
        boolean denyMissing = chain.policies().stream()
                .anyMatch(p -> p.missingReleaseTime() == GuardPolicy.MissingReleaseTime.DENY);
        Duration longest = chain.policies().stream().map(GuardPolicy::minimumReleaseAge).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        List<String> unknown = versions.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .sorted(VersionOrder.INSTANCE.reversed()).toList();
        Map<String, Instant> updated = new LinkedHashMap<>(versions);
        int probes = 0;
        for (String version : unknown) {
            if (probes++ >= MAX_PROBES) {
                break;
            }
            if (!chain.judge(packageName, version, null, now).wantsReleaseTime()) {
                continue;
            }
            Optional<Instant> at = probe(l.member(), listing, version);
            if (at.isEmpty()) {
                continue;
            }
            updated.put(version, at.get());
            if (!denyMissing && at.get().isBefore(now.minus(longest))) {
                break; // older versions pass without a time under "allow"; the rest are probed when they matter
            }
        }
        return updated;
    }

    // ---------------------------------------------------------------- visibility

    /** A version a policy refuses now, in the member that listed it. */
    public record Held(String member, String packageName, String version, Verdict verdict) {
    }

    /**
     * The versions the policies refuse now, of what the members at the end of {@code chains} listed: younger than a
     * minimum age (soonest available first), blocked by a rule, without a release time where one is required.
     */
    public List<Held> held(List<List<RepositoryInfo>> chains, int limit) {
        Instant now = clock.instant();
        Map<String, Held> found = new LinkedHashMap<>();
        for (List<RepositoryInfo> path : chains) {
            Optional<PolicyChain> chain = chain(path);
            if (chain.isEmpty()) {
                continue;
            }
            RepositoryInfo member = path.get(path.size() - 1);
            List<ReleaseTimeEntry> candidates = new ArrayList<>();
            Duration longest = Duration.ZERO;
            for (GuardPolicy p : chain.get().policies()) {
                longest = p.minimumReleaseAge().compareTo(longest) > 0 ? p.minimumReleaseAge() : longest;
                for (GuardRule r : p.rules()) {
                    if (r.inForce(now) && r.action() != GuardRule.Action.ALLOW) {
                        Duration ruleAge = r.minimumReleaseAge();
                        if (ruleAge != null && ruleAge.compareTo(longest) > 0) {
                            longest = ruleAge;
                        }
                        if (r.action() == GuardRule.Action.BLOCK) {
                            candidates.addAll(releaseTimeDao.named(member.id(), r.sqlLike(), limit));
                        }
                    }
                }
                if (p.missingReleaseTime() == GuardPolicy.MissingReleaseTime.DENY) {
                    candidates.addAll(releaseTimeDao.withoutTime(member.id(), limit));
                }
            }
            if (!longest.isZero()) {
                candidates.addAll(releaseTimeDao.releasedAfter(member.id(), now.minus(longest), limit));
            }
            for (ReleaseTimeEntry e : candidates) {
                String key = member.id() + "\n" + e.getPackageName() + "\n" + e.getVersion();
                if (found.containsKey(key)) {
                    continue;
                }
                Verdict v = chain.get().judge(e.getPackageName(), e.getVersion(), e.getReleasedAt(), now);
                if (!v.passes()) {
                    found.put(key, new Held(member.name(), e.getPackageName(), e.getVersion(), v));
                }
            }
        }
        return found.values().stream()
                .sorted(Comparator.comparing((Held h) -> h.verdict().availableAt() == null ? Instant.MAX
                        : h.verdict().availableAt()).thenComparing(Held::packageName).thenComparing(Held::version))
                .limit(limit).toList();
    }

    // ---------------------------------------------------------------- administration

    /** What an administrator changes of a policy; {@code null} fields stay as they are. */
    public record PolicyChange(Duration minimumReleaseAge, GuardPolicy.MissingReleaseTime missingReleaseTime,
                               Boolean breakGlass, Optional<Instant> breakGlassUntil) {

        public boolean isEmpty() {
            return minimumReleaseAge == null && missingReleaseTime == null && breakGlass == null && breakGlassUntil == null;
        }
    }

    /** Changes the policy of {@code repo}; the policy as it is now. */
    public GuardPolicy change(RepositoryInfo repo, PolicyChange change) {
        if (change.isEmpty()) {
            return policy(repo);
        }
        GuardPolicy now = policy(repo);
        Duration age = change.minimumReleaseAge() != null ? change.minimumReleaseAge() : now.minimumReleaseAge();
        if (age.isNegative()) {
            throw new InvalidRequestException("minimumReleaseAge cannot be negative");
        }
        GuardPolicy.MissingReleaseTime missing = change.missingReleaseTime() != null ? change.missingReleaseTime()
                : now.missingReleaseTime();
        boolean breakGlass = change.breakGlass() != null ? change.breakGlass() : now.breakGlass();
        Instant until = change.breakGlassUntil() != null ? change.breakGlassUntil().orElse(null)
                : (change.breakGlass() != null && !change.breakGlass() ? null : now.breakGlassUntil());
        dao.savePolicy(repo.id(), age.toSeconds(), missing.name(), breakGlass, until, clock.instant());
        invalidate();
        return policy(repo);
    }

    /** A rule as an administrator asks for it. */
    public record RuleSpec(GuardRule.Action action, String packagePattern, String versions, Duration minimumReleaseAge,
                           String reason, Instant expiresAt) {
    }

    public GuardRule addRule(RepositoryInfo repo, RuleSpec spec, String createdBy) {
        if (spec.action() == null) {
            throw new InvalidRequestException("action must be allow, block or age");
        }
        if (spec.packagePattern() == null || spec.packagePattern().isBlank() || spec.packagePattern().length() > 512) {
            throw new InvalidRequestException("package is required: a package name or a pattern with *, e.g. @acme/*");
        }
        if (spec.reason() == null || spec.reason().isBlank()) {
            throw new InvalidRequestException("reason is required: say why, for whoever reads the list later");
        }
        if (spec.reason().length() > 1024) {
            throw new InvalidRequestException("reason is at most 1024 characters");
        }
        VersionRange versions = VersionRange.parse(spec.versions());
        if (spec.action() == GuardRule.Action.AGE) {
            if (spec.minimumReleaseAge() == null || spec.minimumReleaseAge().isNegative()) {
                throw new InvalidRequestException("an age rule needs a minimumReleaseAge, e.g. \"P7D\"");
            }
        } else if (spec.minimumReleaseAge() != null) {
            throw new InvalidRequestException("minimumReleaseAge belongs to age rules only");
        }
        Instant now = clock.instant();
        if (spec.expiresAt() != null && !spec.expiresAt().isAfter(now)) {
            throw new InvalidRequestException("expiresAt " + spec.expiresAt() + " is not in the future");
        }
        GuardRuleEntry saved = dao.addRule(new GuardRuleEntry(repo.id(), spec.action().name(), spec.packagePattern().trim(),
                versions.isAll() ? null : versions.text(),
                spec.minimumReleaseAge() == null ? null : spec.minimumReleaseAge().toSeconds(), spec.reason().trim(),
                spec.expiresAt(), createdBy, now));
        invalidate();
        return rule(saved);
    }

    public void removeRule(RepositoryInfo repo, long id) {
        if (!dao.removeRule(repo.id(), id)) {
            throw new NotFoundException("repository '" + repo.name() + "' has no exemption " + id);
        }
        invalidate();
    }

    /** Forgets the snapshot; the next check reads the tables. */
    public void invalidate() {
        invalidations.incrementAndGet();
        snapshot = null;
    }

    /**
     * The policies as last read. A stale snapshot is re-read by one caller while the others go on with it (a hit path
     * under load would otherwise send every request thread to the database at once every few seconds); a snapshot
     * forgotten by {@link #invalidate} is read before anyone goes on.
     */
    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        boolean stale = s != null && (now.isAfter(s.readAt().plus(REFRESH)) || now.isBefore(s.readAt()));
        if (s == null) {
            synchronized (this) {
                s = snapshot;
                return s != null ? s : read(now);
            }
        }
        if (stale && refreshing.compareAndSet(false, true)) {
            try {
                return read(now);
            } finally {
                refreshing.set(false);
            }
        }
        return s;
    }

    private Snapshot read(Instant now) {
        long generation = invalidations.get();
        {
            Map<Long, List<GuardRule>> rules = new HashMap<>();
            for (GuardRuleEntry r : dao.rules()) {
                rules.computeIfAbsent(r.getRepositoryId(), k -> new ArrayList<>()).add(rule(r));
            }
            Map<Long, GuardPolicy> byRepository = new HashMap<>();
            for (GuardPolicyEntry p : dao.policies()) {
                byRepository.put(p.getRepositoryId(), new GuardPolicy(p.getRepositoryId(), null,
                        Duration.ofSeconds(p.getMinimumReleaseAgeSeconds()),
                        GuardPolicy.MissingReleaseTime.valueOf(p.getMissingReleaseTime()), p.isBreakGlass(),
                        p.getBreakGlassUntil(), rules.getOrDefault(p.getRepositoryId(), List.of())));
            }
            rules.forEach((id, list) -> byRepository.computeIfAbsent(id, k -> new GuardPolicy(id, null, Duration.ZERO,
                    GuardPolicy.MissingReleaseTime.ALLOW, false, null, list)));
            Snapshot s = new Snapshot(Map.copyOf(byRepository), now);
            if (invalidations.get() == generation) {
                snapshot = s; // not when a change on this server forgot the snapshot while this read ran
            }
            return s;
        }
    }

    private static GuardRule rule(GuardRuleEntry r) {
        return new GuardRule(r.getId(), GuardRule.Action.valueOf(r.getAction()), r.getPackagePattern(),
                VersionRange.parse(r.getVersions()),
                r.getMinimumReleaseAgeSeconds() == null ? null : Duration.ofSeconds(r.getMinimumReleaseAgeSeconds()),
                r.getReason(), r.getExpiresAt(), r.getCreatedBy(), r.getCreatedAt());
    }
}
