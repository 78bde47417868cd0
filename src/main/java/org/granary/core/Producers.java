package org.granary.core;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.storage.BlobStore;
import org.granary.storage.filesystem.FileSystemBlobStore;
import org.granary.upstream.ArtifactHostRule;
import org.granary.storage.s3.S3BlobStore;
import org.granary.storage.s3.S3Settings;
import org.granary.upstream.OutboundProxy;
import org.granary.upstream.RetryPolicy;
import org.granary.upstream.UpstreamClient;
import org.granary.upstream.UpstreamTimeouts;

/** Builds the application-wide objects from configuration: the one place where they are wired. */
@ApplicationScoped
public class Producers {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Produces
    @Singleton
    GranaryConfig config() {
        return GranaryConfig.fromEnvironment().validated();
    }

    /** UTC; tests may move it with the system property {@code granary.clock.offset} ({@link SettableClock}). */
    @Produces
    @Singleton
    Clock clock() {
        return new SettableClock();
    }

    @Produces
    @Singleton
    BlobStore blobStore(GranaryConfig config) {
        String storage = config.require(Setting.STORAGE).toLowerCase(Locale.ROOT);
        switch (storage) {
            case "filesystem":
                try {
                    return new FileSystemBlobStore(config.dataDir().resolve("blobs"));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the blob store under " + config.dataDir(), e);
                }
            case "s3":
                return S3BlobStore.start(S3Settings.from(config));
            default:
                throw new IllegalStateException(Setting.STORAGE.environmentVariable() + " must be filesystem or s3, not '"
                        + storage + "'");
        }
    }

    /** Creates the blob store at start-up, so a misconfigured one fails the deployment rather than the first request. */
    void startBlobStore(@Observes @Initialized(ApplicationScoped.class) Object started, BlobStore store) {
        store.getClass(); // injecting it is what creates it
    }

    void closeBlobStore(@Disposes BlobStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    UpstreamClient upstreamClient(GranaryConfig config, Clock clock) {
        SecureRandom random = new SecureRandom();
        RetryPolicy retry = new RetryPolicy(config.integer(Setting.UPSTREAM_MAX_ATTEMPTS),
                config.duration(Setting.UPSTREAM_RETRY_BASE_DELAY), config.duration(Setting.UPSTREAM_RETRY_MAX_DELAY),
                random::nextDouble, clock);
        Optional<OutboundProxy> proxy = config.uri(Setting.HTTP_PROXY)
                .map(u -> new OutboundProxy(u, config.get(Setting.NO_PROXY).orElse("")));
        return new UpstreamClient(UpstreamTimeouts.from(config), retry, proxy, scheduler);
    }

    @Produces
    @Singleton
    ArtifactHostRule artifactHostRule(GranaryConfig config) {
        return ArtifactHostRule.from(config);
    }

    /**
     * Builds the configured objects when the application starts, so a bad setting stops the deployment with
     * a message naming it instead of failing the first request that needs it.
     */
    void checkConfigurationAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object started,
                                     GranaryConfig config, UpstreamClient upstream, ArtifactHostRule artifactHosts) {
        // Nothing to do: resolving the parameters did the checking.
    }
}
