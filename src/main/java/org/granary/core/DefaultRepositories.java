package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.Repository;
import org.granary.persistence.RepositoryDao;

/**
 * Creates the default repositories on first start, from configuration: for each format a proxy
 * {@code <format>-proxy} (upstream from {@code GRANARY_UPSTREAM_<FORMAT>}), a hosted {@code <format>-hosted}
 * (npm, PyPI, Cargo, Maven, WinGet) and the group {@code <format>} over them, hosted first. On later starts an explicitly configured
 * upstream URL that differs from the stored one replaces it (and says so in the log).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each DAO call its own transaction: see create()
public class DefaultRepositories {

    private static final Logger LOG = Logger.getLogger(DefaultRepositories.class.getName());

    /** A default proxy repository, optionally a hosted one, and the group that fronts them (hosted first). */
    record Default(Format format, Setting upstreamSetting, boolean hosted) {
        String proxyName() {
            return format.id() + "-proxy";
        }

        String hostedName() {
            return format.id() + "-hosted";
        }

        List<String> members() {
            return hosted ? List.of(hostedName(), proxyName()) : List.of(proxyName());
        }

        String groupName() {
            return format.id();
        }
    }

    static final List<Default> DEFAULTS = List.of(
            new Default(Format.NPM, Setting.UPSTREAM_NPM, true),
            new Default(Format.PYPI, Setting.UPSTREAM_PYPI, true),
            new Default(Format.CARGO, Setting.UPSTREAM_CARGO, true),
            new Default(Format.MAVEN, Setting.UPSTREAM_MAVEN, true),
            new Default(Format.GO, Setting.UPSTREAM_GO, false),
            new Default(Format.WINGET, Setting.UPSTREAM_WINGET, true));

    @Inject
    RepositoryDao dao;
    @Inject
    GranaryConfig config;
    @Inject
    Clock clock;
    @Inject
    RepositoryRegistry registry;

    @PostConstruct
    void ensureDefaults() {
        long maxAge = config.duration(Setting.METADATA_MAX_AGE).toSeconds();
        for (Default d : DEFAULTS) {
            Optional<String> upstream = config.upstream(d.upstreamSetting()).map(Object::toString);
            boolean explicit = config.explicit(d.upstreamSetting()).isPresent();
            Optional<Repository> proxy = dao.findByName(d.proxyName());
            if (proxy.isEmpty()) {
                if (create(new Repository(d.proxyName(), d.format().name(), RepositoryType.PROXY.name(),
                        upstream.orElse(null), maxAge, clock.instant()))) {
                    LOG.info(() -> "Created repository " + d.proxyName() + " (proxy of "
                            + upstream.orElse("nothing yet: set " + d.upstreamSetting().environmentVariable()) + ")");
                }
            } else if (explicit && !upstream.get().equals(proxy.get().getUpstreamUrl())) {
                dao.updateUpstream(d.proxyName(), upstream.get());
                LOG.info(() -> "Repository " + d.proxyName() + " now proxies " + upstream.get() + " (from "
                        + d.upstreamSetting().environmentVariable() + ")");
            }
            if (d.hosted() && dao.findByName(d.hostedName()).isEmpty() && create(new Repository(d.hostedName(),
                    d.format().name(), RepositoryType.HOSTED.name(), null, maxAge, clock.instant()))) {
                LOG.info(() -> "Created repository " + d.hostedName() + " (hosted)");
                dao.findByName(d.groupName()).ifPresent(group -> {
                    // A group made before hosted repositories existed gets its hosted member, first.
                    List<String> members = new java.util.ArrayList<>(group.getMembers().stream().map(Repository::getName).toList());
                    members.add(0, d.hostedName());
                    dao.setMembers(d.groupName(), members);
                });
            }
            if (dao.findByName(d.groupName()).isEmpty() && create(new Repository(d.groupName(), d.format().name(),
                    RepositoryType.GROUP.name(), null, maxAge, clock.instant()))) {
                dao.setMembers(d.groupName(), d.members());
                LOG.info(() -> "Created group " + d.groupName() + " over " + d.members());
            }
        }
        registry.invalidate();
    }

    /**
     * Creates a default repository; {@code false} when another server sharing the database created it at the same
     * moment (several servers started at once on an empty database: one insert wins on the unique name, and the
     * winner finishes setting it up).
     */
    private boolean create(Repository repository) {
        try {
            dao.create(repository);
            return true;
        } catch (RuntimeException e) {
            if (dao.findByName(repository.getName()).isPresent()) {
                LOG.info(() -> "Repository " + repository.getName() + " was created by another server meanwhile");
                return false;
            }
            throw e;
        }
    }
}
