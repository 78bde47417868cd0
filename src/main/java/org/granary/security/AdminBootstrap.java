package org.granary.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.logging.Logger;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;

/**
 * Creates the bootstrap user {@code admin} on first start: password from {@code GRANARY_ADMIN_PASSWORD},
 * else generated once, written to {@code <data dir>/admin.password} (readable by the owner only) and logged.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the user's insert its own transaction: see ensureAdmin
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    public static final String ADMIN = "admin";

    @Inject
    UserService users;
    @Inject
    GranaryConfig config;

    @PostConstruct
    void ensureAdmin() {
        if (users.find(ADMIN).isPresent()) {
            return;
        }
        String password = config.explicit(Setting.ADMIN_PASSWORD).orElseGet(AdminBootstrap::generate);
        try {
            users.create(ADMIN, password, Set.of(Roles.ADMIN, Roles.PUBLISHER, Roles.READER), null);
        } catch (RuntimeException e) {
            if (users.find(ADMIN).isPresent()) {
                // another server sharing the database, started at the same moment, created it first
                LOG.info("User admin was created by another server meanwhile");
                return;
            }
            throw e;
        }
        if (config.explicit(Setting.ADMIN_PASSWORD).isPresent()) {
            LOG.info("Created user admin with the password from " + Setting.ADMIN_PASSWORD.environmentVariable());
            return;
        }
        Path file = config.dataDir().resolve("admin.password");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, password + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on filesystems without POSIX permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info("Created user admin with a generated password: " + password + " (also in " + file + ")");
    }

    private static String generate() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
