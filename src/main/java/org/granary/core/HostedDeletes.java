package org.granary.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.ArtifactDao;
import org.granary.persistence.ArtifactEntry;

/**
 * The one delete of a hosted version, for every format: {@link #deleteVersion} removes every file recorded for the
 * version (their blobs retired under the cleanup grace) and applies the format's document edits
 * ({@link VersionDeletion}) in ONE {@link HostedStore.Write}, audited as {@code delete}. Administrators may delete any
 * version; a publisher only their own, within the format's window ({@link VersionDeletion#window()}) of publishing
 * it. The REST API ({@code DELETE /api/repositories/{repo}/packages/{name}/versions/{version}}) and the admin
 * console call it.
 */
@ApplicationScoped
public class HostedDeletes {

    @Inject
    HostedStore store;
    @Inject
    ArtifactDao artifactDao;
    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;
    @Inject
    @Any
    Instance<VersionDeletion> deletions;

    /** The formats' deletions when not looked up through CDI (the fast tests). */
    Iterable<VersionDeletion> given;

    /** What a delete removed. */
    public record Deleted(RepositoryInfo repository, String packageName, String version, List<String> files) {
    }

    /** One published file of a version: who published it and when (for the window rule). */
    public record Published(String path, String publishedBy, Instant publishedAt) {
    }

    /**
     * Deletes {@code version} of {@code packageName} from {@code repo} (a hosted repository, or a group's first hosted
     * member).
     *
     * @throws InvalidRequestException for a proxy, or a format without hosted deletes
     * @throws NotFoundException       when the version is not published there
     * @throws ForbiddenException      for a caller who may not delete it
     */
    public Deleted deleteVersion(RepositoryInfo repo, Identity who, String packageName, String version) {
        VersionDeletion format = deletion(repo.format());
        try (HostedStore.Write write = store.begin(repo, who, "delete", packageName + "@" + version)) {
            RepositoryInfo hosted = write.repository();
            VersionDeletion.Plan plan;
            try {
                plan = format.plan(hosted, who, write.user(), packageName, version, path -> store.readDocument(hosted, path));
            } catch (GranaryException e) {
                throw write.refused(e);
            }
            String what = plan.packageName() + "@" + plan.version();
            write.describe("delete", what);
            List<Published> files = published(hosted, plan.packageName(), plan.version());
            requireMayChange(write, who, files, format.window(), what, "delete");
            files.forEach(f -> write.removeFile(f.path()));
            for (VersionDeletion.DocumentChange c : plan.changes()) {
                if (c.removes()) {
                    write.removeDocument(c.path());
                } else {
                    write.updateDocument(c.path(), c.contentType(), c.edit());
                }
            }
            List<String> paths = files.stream().map(Published::path).toList();
            write.commit("files removed: " + (paths.isEmpty() ? "none" : String.join(", ", paths)));
            return new Deleted(hosted, plan.packageName(), plan.version(), paths);
        }
    }

    /** The files recorded for a version of a package in a hosted repository, in path order. */
    public List<Published> published(RepositoryInfo hosted, String packageName, String version) {
        return artifactDao.ofVersion(hosted.id(), packageName, version).stream().map(HostedDeletes::published).toList();
    }

    /** The file at {@code path} of a hosted repository, if one is recorded. */
    public java.util.Optional<Published> published(RepositoryInfo hosted, String path) {
        return artifactDao.find(hosted.id(), path).map(HostedDeletes::published);
    }

    private static Published published(ArtifactEntry e) {
        return new Published(e.getPath(), e.getPublishedBy(), e.getFetchedAt());
    }

    /**
     * Refuses (and audits the refusal of) a change of published files by a caller who is neither an administrator nor
     * their publisher within {@code window} of publishing them.
     *
     * @param what the thing changed, e.g. {@code demo@1.0}
     * @param verb what is done, e.g. {@code delete}, {@code yank}
     */
    public void requireMayChange(HostedStore.Write write, Identity who, List<Published> files, Setting window,
                                 String what, String verb) {
        try {
            requireMayChange(who.isAdmin(), write.user(), files, config.duration(window), clock.instant(), window,
                    what, verb);
        } catch (GranaryException e) {
            throw write.refused(e);
        }
    }

    /** The rule of {@link #requireMayChange(HostedStore.Write, Identity, List, Setting, String, String)}, pure. */
    static void requireMayChange(boolean admin, String user, List<Published> files, Duration window, Instant now,
                                 Setting windowSetting, String what, String verb) {
        if (admin) {
            return;
        }
        for (Published f : files) {
            if (!user.equals(f.publishedBy())) {
                throw new ForbiddenException("user '" + user + "' may not " + verb + " " + what + ": it was published by "
                        + (f.publishedBy() == null ? "someone else" : "'" + f.publishedBy() + "'") + "; only its "
                        + "publisher (within " + window + " of publishing) or an administrator may");
            }
            if (f.publishedAt() == null || now.isAfter(f.publishedAt().plus(window))) {
                throw new ForbiddenException(what + " was published " + (f.publishedAt() == null ? "at an unknown time"
                        : "at " + f.publishedAt()) + ", more than " + window + " ago ("
                        + windowSetting.environmentVariable() + "); only an administrator may " + verb + " it now");
            }
        }
    }

    private VersionDeletion deletion(Format format) {
        for (VersionDeletion d : given != null ? given : deletions) {
            if (d.format() == format) {
                return d;
            }
        }
        throw new InvalidRequestException("versions of hosted " + format.id() + " packages cannot be deleted here"
                + (format == Format.CARGO ? "; yank them with cargo yank" : ""));
    }
}
