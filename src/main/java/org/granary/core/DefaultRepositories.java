package org.granary.core;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.persistence.Format;
import org.granary.persistence.Repository;
import org.granary.persistence.RepositoryDao;
import org.granary.persistence.RepositoryType;

/**
 * Creates the default repositories on first start, from configuration: for each format a proxy
 * {@code <format>-proxy} (upstream from {@code GRANARY_UPSTREAM_<FORMAT>}) and the group {@code <format>}
 * over it. On later starts an explicitly configured
 * upstream URL that differs from the stored one replaces it (and says so in the log).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
public class DefaultRepositories {

    private static final Logger LOG = Logger.getLogger(DefaultRepositories.class.getName());

    /** A default proxy repository and the group that fronts it. */
    record Default(Format format, Setting upstreamSetting) {
        String proxyName() {
            return format.id() + "-proxy";
        }

        String groupName() {
            return format.id();
        }
    }

    static final List<Default> DEFAULTS = List.of(
            new Default(Format.NPM, Setting.UPSTREAM_NPM),
            new Default(Format.PYPI, Setting.UPSTREAM_PYPI),
            new Default(Format.CARGO, Setting.UPSTREAM_CARGO),
            new Default(Format.MAVEN, Setting.UPSTREAM_MAVEN),
            new Default(Format.GO, Setting.UPSTREAM_GO));

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
            Optional<String> upstream = config.uri(d.upstreamSetting()).map(Object::toString);
            boolean explicit = config.explicit(d.upstreamSetting()).isPresent();
            Optional<Repository> proxy = dao.findByName(d.proxyName());
            if (proxy.isEmpty()) {
                dao.create(new Repository(d.proxyName(), d.format(), RepositoryType.PROXY, upstream.orElse(null),
                        maxAge, clock.instant()));
                LOG.info(() -> "Created repository " + d.proxyName() + " (proxy of "
                        + upstream.orElse("nothing yet: set " + d.upstreamSetting().environmentVariable()) + ")");
            } else if (explicit && !upstream.get().equals(proxy.get().getUpstreamUrl())) {
                dao.updateUpstream(d.proxyName(), upstream.get());
                LOG.info(() -> "Repository " + d.proxyName() + " now proxies " + upstream.get() + " (from "
                        + d.upstreamSetting().environmentVariable() + ")");
            }
            if (dao.findByName(d.groupName()).isEmpty()) {
                dao.create(new Repository(d.groupName(), d.format(), RepositoryType.GROUP, null, maxAge, clock.instant()));
                dao.setMembers(d.groupName(), List.of(d.proxyName()));
                LOG.info(() -> "Created group " + d.groupName() + " over " + d.proxyName());
            }
        }
        registry.invalidate();
    }
}
