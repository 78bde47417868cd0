package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.Repository;
import org.granary.persistence.RepositoryDao;
import org.granary.storage.BlobStore;
import org.granary.storage.StoragePath;

/** Creates, changes and removes repositories, enforcing the rules every repository obeys. */
@ApplicationScoped
public class RepositoryService {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    @Inject
    RepositoryDao dao;
    @Inject
    RepositoryRegistry registry;
    @Inject
    Clock clock;
    @Inject
    BlobStore blobs;
    @Inject
    ArtifactDao artifacts;
    @Inject
    AccessRecorder access;
    @Inject
    ArtifactCache artifactCache;
    @Inject
    MetadataCache metadataCache;
    @Inject
    Guards guards;
    @Inject
    GranaryConfig config;

    /** Where a repository's blobs live: {@code <root>/<repository name>/...} ({@link ArtifactCache}, {@link MetadataCache}). */
    private static final List<String> BLOB_ROOTS = List.of("artifacts", "metadata");
    private static final Logger LOG = Logger.getLogger(RepositoryService.class.getName());

    /**
     * What an administrator asks for; {@code null} fields keep their current (or default) value.
     *
     * @param guard   the supply-chain policy changes (cooldown, missing release times, break-glass), or {@code null}
     * @param cleanup the whole cleanup policy to set (proxy repositories only), {@code null} to keep it
     */
    public record Spec(String name, Format format, RepositoryType type, String upstreamUrl, List<String> members,
                       Boolean anonymousRead, List<String> publishers, Duration metadataMaxAge, Long maxUploadBytes,
                       Long maxMetadataBytes, Boolean requireDeclaredHash, Guards.PolicyChange guard,
                       CleanupPolicy cleanup) {

        /** The settings every repository has, without the limits, guards and cleanup added later (kept as they are). */
        public Spec(String name, Format format, RepositoryType type, String upstreamUrl, List<String> members,
                    Boolean anonymousRead, List<String> publishers, Duration metadataMaxAge, Long maxUploadBytes) {
            this(name, format, type, upstreamUrl, members, anonymousRead, publishers, metadataMaxAge, maxUploadBytes,
                    null, null, null, null);
        }
    }

    public RepositoryInfo create(Spec spec) {
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            throw new InvalidRequestException("a repository name is 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (RepositoryRegistry.RESERVED_NAMES.contains(spec.name())) {
            throw new InvalidRequestException("'" + spec.name() + "' is reserved for Granary's own URLs");
        }
        if (spec.format() == null || spec.type() == null) {
            throw new InvalidRequestException("format and type are required");
        }
        if (dao.findByName(spec.name()).isPresent()) {
            throw new ConflictException("repository '" + spec.name() + "' exists already");
        }
        if (spec.type() == RepositoryType.PROXY && spec.upstreamUrl() == null) {
            throw new InvalidRequestException("a proxy repository needs an upstreamUrl");
        }
        Repository r = new Repository(spec.name(), spec.format().name(), spec.type().name(), checkedUrl(spec.upstreamUrl()),
                spec.metadataMaxAge() == null ? 300 : spec.metadataMaxAge().toSeconds(), clock.instant());
        apply(r, spec);
        checkDeclaredHash(r);
        dao.create(r);
        if (spec.type() == RepositoryType.GROUP) {
            setMembers(r, spec.members() == null ? List.of() : spec.members());
        }
        registry.invalidate();
        RepositoryInfo created = RepositoryRegistry.info(dao.findByName(spec.name()).orElseThrow());
        applyGuard(created, spec);
        return created;
    }

    public RepositoryInfo update(String name, Spec spec) {
        Repository r = dao.findByName(name).orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        if (spec.upstreamUrl() != null) {
            r.setUpstreamUrl(checkedUrl(spec.upstreamUrl()));
        }
        if (spec.metadataMaxAge() != null) {
            r.setMetadataMaxAgeSeconds(spec.metadataMaxAge().toSeconds());
        }
        apply(r, spec);
        checkDeclaredHash(r);
        dao.update(r);
        if (spec.members() != null) {
            if (!RepositoryType.GROUP.name().equals(r.getType())) {
                throw new InvalidRequestException("only a group has members");
            }
            setMembers(r, spec.members());
        }
        registry.invalidate();
        RepositoryInfo updated = infoOf(name);
        applyGuard(updated, spec);
        return updated;
    }

    private void applyGuard(RepositoryInfo repo, Spec spec) {
        if (spec.guard() != null && !spec.guard().isEmpty()) {
            guards.change(repo, spec.guard());
        }
    }

    /**
     * Deletes a repository with everything it holds: its rows (artifacts, metadata, packages, statistics: the database
     * cascades) and then its blobs ({@code artifacts/<name>/} and {@code metadata/<name>/}, including any orphan a
     * crash left), so that no private package stays on disk.
     *
     * @return what was removed, for the audit log
     */
    public String delete(String name) {
        Repository r = dao.findByName(name).orElseThrow(() -> new NotFoundException("there is no repository named '" + name + "'"));
        if (dao.groupsContaining(r.getId()).size() > 0) {
            throw new ConflictException("repository '" + name + "' is a member of a group; remove it from the group first");
        }
        long artifactBytes = artifacts.bytesUsed(r.getId());
        // the rows go now, and every blob they pointed at gets a tombstone (a backstop for the cleanup job should
        // removing the trees below fail part-way); the blobs themselves are removed at once, so that no private
        // package stays on disk (the cleanup job's purge skips keys a row points at again)
        dao.delete(r.getId(), clock.instant().plus(config.duration(Setting.CLEANUP_GRACE)));
        artifactCache.forgetRepository(r.getId());
        metadataCache.forgetRepository(r.getId());
        registry.invalidate();
        access.forget(r.getId());
        int removed = 0;
        for (String root : BLOB_ROOTS) {
            try {
                removed += blobs.deleteTree(StoragePath.of(root, name));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Repository " + name + " was deleted, but not all of its blobs under " + root
                        + "/" + name + ": " + e.getMessage(), e);
                return "deleted; " + removed + " stored files removed, but removing the files under " + root + "/" + name
                        + " failed: " + e.getMessage();
            }
        }
        return "deleted with " + removed + " stored files (" + artifactBytes + " bytes of artifacts)";
    }

    private RepositoryInfo infoOf(String name) {
        return RepositoryRegistry.info(dao.findByName(name).orElseThrow());
    }

    private void setMembers(Repository group, List<String> members) {
        for (String m : members) {
            Repository member = dao.findByName(m).orElseThrow(() -> new InvalidRequestException("there is no repository named '" + m + "'"));
            if (!member.getFormat().equals(group.getFormat())) {
                throw new InvalidRequestException("member '" + m + "' is a " + Format.valueOf(member.getFormat()).id()
                        + " repository, not " + Format.valueOf(group.getFormat()).id());
            }
            if (member.getName().equals(group.getName())) {
                throw new InvalidRequestException("a group cannot contain itself");
            }
            if (contains(member, group.getName(), new java.util.HashSet<>())) {
                throw new InvalidRequestException("group '" + m + "' contains '" + group.getName() + "' already: a group "
                        + "may be a member of another group, but not of itself through it");
            }
        }
        dao.setMembers(group.getName(), members);
    }

    /** Whether {@code group}'s members (nested groups included) name {@code name}. */
    private boolean contains(Repository group, String name, java.util.Set<String> seen) {
        if (!seen.add(group.getName())) {
            return false;
        }
        for (Repository m : group.getMembers()) {
            if (m.getName().equals(name)) {
                return true;
            }
            Repository loaded = dao.findByName(m.getName()).orElse(m);
            if (RepositoryType.GROUP.name().equals(loaded.getType()) && contains(loaded, name, seen)) {
                return true;
            }
        }
        return false;
    }

    private static void apply(Repository r, Spec spec) {
        if (spec.cleanup() != null) {
            CleanupPolicy c = spec.cleanup();
            if (!RepositoryType.PROXY.name().equals(r.getType())
                    && (c.maxBytes() != null || c.maxIdleDays() != null || c.keepLatest() != null)) {
                throw new InvalidRequestException("cleanup policies (maxBytes, maxIdleDays, keepLatest) apply to proxy "
                        + "repositories; '" + r.getName() + "' is " + r.getType().toLowerCase(java.util.Locale.ROOT)
                        + (RepositoryType.HOSTED.name().equals(r.getType())
                        ? ", and hosted artifacts are never evicted" : ", which stores nothing of its own"));
            }
            r.setCleanupPolicy(c.maxBytes(), c.maxIdleDays(), c.keepLatest());
        }
        if (spec.anonymousRead() != null) {
            r.setAnonymousRead(spec.anonymousRead());
        }
        if (spec.publishers() != null) {
            r.setPublishers(spec.publishers());
        }
        if (spec.maxUploadBytes() != null) {
            if (spec.maxUploadBytes() <= 0) {
                throw new InvalidRequestException("maxUploadBytes must be positive");
            }
            r.setMaxUploadBytes(spec.maxUploadBytes());
        }
        if (spec.maxMetadataBytes() != null) {
            if (spec.maxMetadataBytes() <= 0) {
                throw new InvalidRequestException("maxMetadataBytes must be positive");
            }
            r.setMaxMetadataBytes(spec.maxMetadataBytes());
        }
        if (spec.requireDeclaredHash() != null) {
            r.setRequireDeclaredHash(spec.requireDeclaredHash());
        }
    }

    private static void checkDeclaredHash(Repository r) {
        Format format = Format.valueOf(r.getFormat());
        if (r.isRequireDeclaredHash() && !format.declaresHashes()) {
            throw new InvalidRequestException("requireDeclaredHash cannot be set on a " + format.id() + " repository: "
                    + format.id() + " upstreams declare no artifact hashes (the " + format.id()
                    + " client checks what it downloads itself)");
        }
    }

    private static String checkedUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("upstreamUrl must be an absolute http(s) URL, not '" + url + "'");
        }
    }
}
