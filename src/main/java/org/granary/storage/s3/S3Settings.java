package org.granary.storage.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.storage.InvalidPathException;
import org.granary.storage.StoragePath;

/**
 * Where and how the S3 blob store connects, read once from the {@code GRANARY_S3_*} settings. Every mistake an
 * operator can make here is reported at start-up with the setting's name.
 *
 * @param prefix   the key prefix, empty or ending in {@code /}
 * @param region   the region; empty: ask the AWS region provider chain
 * @param partSize bytes per multipart-upload part (and the largest blob uploaded in one request)
 */
public record S3Settings(String bucket, String prefix, Optional<String> region, Optional<URI> endpoint,
        boolean pathStyle, Credentials credentials, int partSize) {

    /** S3 refuses parts smaller than this, except the last one. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** A stream being uploaded holds one part in memory: keep that bounded. */
    static final int MAX_PART_SIZE_MIB = 512;

    /** Where the access keys come from. */
    public sealed interface Credentials {
        /** The AWS SDK's default chain: environment, system properties, profile files, web identity, container or instance role. */
        record DefaultChain() implements Credentials {
        }

        record Keys(String accessKeyId, String secretAccessKey) implements Credentials {
            @Override
            public String toString() {
                return "Keys[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
            }
        }

        /** A credentials file in the AWS format and the profile to read from it. */
        record ProfileFile(Path file, String profile) implements Credentials {
        }
    }

    /** Reads and checks the settings; throws {@link IllegalStateException} naming the setting that is wrong. */
    public static S3Settings from(GranaryConfig config) {
        String bucket = config.get(Setting.S3_BUCKET).orElseThrow(() -> new IllegalStateException(
                "GRANARY_STORAGE=s3 needs a bucket: set " + name(Setting.S3_BUCKET)));
        String prefix = prefix(config.get(Setting.S3_PREFIX).orElse(""));
        Optional<URI> endpoint = config.uri(Setting.S3_ENDPOINT);
        endpoint.ifPresent(u -> {
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalStateException(name(Setting.S3_ENDPOINT) + " must be an http or https URL, not '" + u + "'");
            }
        });
        Optional<String> region = config.get(Setting.S3_REGION).or(() -> endpoint.map(u -> "us-east-1"));
        return new S3Settings(bucket, prefix, region, endpoint, bool(config, Setting.S3_PATH_STYLE),
                credentials(config), partSize(config));
    }

    private static String prefix(String raw) {
        String p = raw.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        try {
            return StoragePath.of(p) + "/";
        } catch (InvalidPathException e) {
            throw new IllegalStateException(name(Setting.S3_PREFIX) + " is not a usable key prefix: " + e.getMessage());
        }
    }

    private static Credentials credentials(GranaryConfig config) {
        Optional<String> accessKey = config.get(Setting.S3_ACCESS_KEY);
        Optional<String> secretKey = config.get(Setting.S3_SECRET_KEY);
        Optional<String> file = config.get(Setting.S3_CREDENTIALS_FILE);
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalStateException("set both " + name(Setting.S3_ACCESS_KEY) + " and "
                    + name(Setting.S3_SECRET_KEY) + ", or neither; only "
                    + name(accessKey.isPresent() ? Setting.S3_ACCESS_KEY : Setting.S3_SECRET_KEY) + " is set");
        }
        if (accessKey.isPresent() && file.isPresent()) {
            throw new IllegalStateException("set either " + name(Setting.S3_ACCESS_KEY) + "/"
                    + name(Setting.S3_SECRET_KEY) + " or " + name(Setting.S3_CREDENTIALS_FILE) + ", not both");
        }
        if (accessKey.isPresent()) {
            return new Credentials.Keys(accessKey.get(), secretKey.get());
        }
        if (file.isPresent()) {
            Path path = Path.of(file.get()).toAbsolutePath();
            if (!Files.isReadable(path)) {
                throw new IllegalStateException(name(Setting.S3_CREDENTIALS_FILE) + " names " + path
                        + ", which does not exist or cannot be read");
            }
            return new Credentials.ProfileFile(path, config.require(Setting.S3_PROFILE));
        }
        return new Credentials.DefaultChain();
    }

    private static int partSize(GranaryConfig config) {
        int mib = config.integer(Setting.S3_PART_SIZE_MIB);
        if (mib < MIN_PART_SIZE / (1024 * 1024) || mib > MAX_PART_SIZE_MIB) {
            throw new IllegalStateException(name(Setting.S3_PART_SIZE_MIB) + " must be between 5 (S3's smallest part) and "
                    + MAX_PART_SIZE_MIB + " MiB, not " + mib);
        }
        return mib * 1024 * 1024;
    }

    private static boolean bool(GranaryConfig config, Setting setting) {
        String v = config.require(setting).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(name(setting) + " must be true or false, not '" + v + "'");
        };
    }

    static String name(Setting setting) {
        return setting.environmentVariable();
    }

    /** Where the store is, for log lines and messages: never the credentials. */
    String describe() {
        return "bucket '" + bucket + "'" + (prefix.isEmpty() ? "" : " (prefix " + prefix + ")") + " at "
                + endpoint.map(URI::toString).orElse("AWS S3") + region.map(r -> ", region " + r).orElse("");
    }
}
