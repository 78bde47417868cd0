package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ReleaseTimeDao;
import org.granary.persistence.VersionEntry;

/**
 * The release time of every version a repository's metadata has listed, stored once when a document is first seen
 * (a new version of a document is read once per server, never per download) and kept in memory per package, so that a
 * download's check costs a map lookup. A stored time never changes; a version first listed without one gets it when
 * it is learnt. For versions no document listed, the time recorded with a stored artifact (a hosted publish, an npm
 * or PyPI download) counts.
 */
@ApplicationScoped
public class ReleaseTimes {

    private static final Logger LOG = Logger.getLogger(ReleaseTimes.class.getName());
    private static final int MAX_PACKAGES = 50_000;
    private static final int MAX_OBSERVED = 100_000;
    /** How long a version unknown to this server's copy is not looked for in the database again. */
    private static final Duration RECHECK = Duration.ofSeconds(5);

    @Inject
    ReleaseTimeDao dao;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    Clock clock;

    private final Map<String, Versions> packages = new ConcurrentHashMap<>();
    private final Set<String> observed = ConcurrentHashMap.newKeySet();

    /** One version as stored: its release time, or {@code null} when it is listed without one. */
    public record Release(String version, Instant releasedAt) {
    }

    private record Versions(Map<String, Instant> times, Map<String, Instant> missedAt) {
    }

    /** Every version of {@code packageName} that {@code repo} has listed, with its time ({@code null}: none known). */
    public Map<String, Instant> versions(RepositoryInfo repo, String packageName) {
        return Collections.unmodifiableMap(load(repo.id(), packageName).times());
    }

    /**
     * The stored release of one version, or empty when no document of {@code repo} listed it. A version no document
     * timed takes the time recorded with its stored artifact (a hosted publish, an npm or PyPI download), if any.
     */
    public Optional<Release> lookup(RepositoryInfo repo, String packageName, String version) {
        Versions known = load(repo.id(), packageName);
        Instant at = known.times().get(version);
        if (at != null) {
            return Optional.of(new Release(version, at));
        }
        boolean listed = known.times().containsKey(version);
        Instant now = clock.instant();
        Instant missed = known.missedAt().get(version);
        if (missed != null && now.isBefore(missed.plus(RECHECK)) && !now.isBefore(missed)) {
            return listed ? Optional.of(new Release(version, null)) : Optional.empty();
        }
        // listed or timed meanwhile by another server, or timed only by an artifact row
        Map<String, Instant> fresh = dao.versions(repo.id(), packageName);
        at = fresh.get(version);
        if (at == null) {
            at = artifactDao.findVersion(repo.id(), packageName, version).map(VersionEntry::getReleasedAt).orElse(null);
        }
        Versions reloaded = new Versions(new HashMap<>(fresh), new ConcurrentHashMap<>());
        put(repo.id(), packageName, reloaded);
        if (at != null) {
            if (fresh.get(version) == null) {
                record(repo, packageName, Map.of(version, at));
            }
            return Optional.of(new Release(version, at));
        }
        reloaded.missedAt().put(version, now);
        return fresh.containsKey(version) ? Optional.of(new Release(version, null)) : Optional.empty();
    }

    /**
     * The release time of one version if this server holds it in memory, without asking the database (the fast path of
     * cache hits); empty when it does not (then {@link #lookup} answers).
     */
    public Optional<Instant> stored(RepositoryInfo repo, String packageName, String version) {
        Versions known = packages.get(repo.id() + "\n" + packageName);
        return known == null ? Optional.empty() : Optional.ofNullable(known.times().get(version));
    }

    /**
     * Reads the versions and release times out of {@code document} as {@code request}'s listing says, unless this very
     * document (by its hash) was read before; records what is new.
     */
    public void observe(RepositoryInfo member, MetadataRequest request, CachedMetadata document) {
        ReleaseListing listing = request.listing();
        if (listing == null) {
            return;
        }
        String key = observedKey(member, request, document.sha256());
        if (observed.contains(key)) {
            return;
        }
        Map<String, Instant> times;
        try {
            times = listing.times().read(document.bytes());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot read release times of " + listing.packageName() + " in repository '"
                    + member.name() + "': " + e.getMessage(), e);
            return;
        }
        record(member, listing.packageName(), times);
        markObserved(key);
    }

    /**
     * Of {@code times} read from a document just fetched for {@code member}, what {@link #record} would store: the
     * new versions and the newly learnt times when this server holds the package in memory; all of them when it does
     * not (the writer compares them with the stored ones). Asks no database.
     */
    Map<String, Instant> unrecorded(RepositoryInfo member, String packageName, Map<String, Instant> times) {
        Versions known = packages.get(member.id() + "\n" + packageName);
        if (known == null) {
            return times;
        }
        Map<String, Instant> news = new LinkedHashMap<>();
        times.forEach((version, at) -> {
            if (!known.times().containsKey(version) || (at != null && known.times().get(version) == null)) {
                news.put(version, at);
            }
        });
        return news;
    }

    /**
     * The release times of the document {@code sha256} of {@code request} were stored with it (one transaction with the
     * document, see {@code MetadataDao.saveFetched}): {@code versions} is every version the package now has recorded
     * ({@code null}: nothing new was recorded, what is in memory stands). A later {@link #observe} of this document
     * reads nothing.
     */
    void recorded(RepositoryInfo member, MetadataRequest request, String sha256, Map<String, Instant> versions) {
        if (versions != null) {
            put(member.id(), request.listing().packageName(), new Versions(new HashMap<>(versions),
                    new ConcurrentHashMap<>()));
        }
        markObserved(observedKey(member, request, sha256));
    }

    private static String observedKey(RepositoryInfo member, MetadataRequest request, String sha256) {
        return member.id() + "\n" + request.listing().packageName() + "\n" + request.path() + "\n" + sha256;
    }

    private void markObserved(String key) {
        if (observed.size() >= MAX_OBSERVED) {
            observed.clear();
        }
        observed.add(key);
    }

    /**
     * Records versions of a package that {@code repo} lists: new versions with their time (or none), and times learnt
     * for versions listed without one. Stored times stay as they are.
     */
    public void record(RepositoryInfo repo, String packageName, Map<String, Instant> times) {
        Versions known = load(repo.id(), packageName);
        Map<String, Instant> news = new LinkedHashMap<>();
        times.forEach((version, at) -> {
            if (!known.times().containsKey(version) || (at != null && known.times().get(version) == null)) {
                news.put(version, at);
            }
        });
        if (news.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                dao.record(repo.id(), packageName, news, now);
                break;
            } catch (RuntimeException e) {
                // another server recorded some of them at the same moment: read again and record the rest
                if (attempt >= 3) {
                    LOG.log(Level.WARNING, "Could not record release times of " + packageName + " in repository '"
                            + repo.name() + "': " + e.getMessage());
                    break;
                }
            }
        }
        put(repo.id(), packageName, new Versions(new HashMap<>(dao.versions(repo.id(), packageName)),
                new ConcurrentHashMap<>()));
    }

    /** Forgets what this server keeps in memory (the stored times stay). */
    public void forget() {
        packages.clear();
        observed.clear();
    }

    private Versions load(long repositoryId, String packageName) {
        String key = repositoryId + "\n" + packageName;
        Versions v = packages.get(key);
        if (v == null) {
            v = new Versions(new HashMap<>(dao.versions(repositoryId, packageName)), new ConcurrentHashMap<>());
            put(repositoryId, packageName, v);
        }
        return v;
    }

    private void put(long repositoryId, String packageName, Versions v) {
        if (packages.size() >= MAX_PACKAGES) {
            packages.clear();
        }
        packages.put(repositoryId + "\n" + packageName, v);
    }
}
