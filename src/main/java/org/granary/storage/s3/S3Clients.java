package org.granary.storage.s3;

import java.net.URI;
import java.time.Duration;
import org.granary.config.Setting;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds the S3 client from {@link S3Settings} and proves at start-up that it can use the bucket, turning each
 * way this can fail into a message that names the setting to change.
 * <p>
 * The HTTP client is the SDK's {@code url-connection-client}, named explicitly (no class-path discovery): it is
 * built on the JDK's {@code HttpURLConnection} alone, so the WAR carries no HTTP stack or commons-logging of its
 * own that could meet the application server's copies.
 * Checksums are sent and checked only where S3 requires them: some S3-compatible stores do not understand the
 * newer trailing checksums, and Granary computes and verifies its own digests anyway.
 */
final class S3Clients {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest wait for a response, and longest stall while reading one. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private S3Clients() {
    }

    /** A client that has been seen to reach the bucket; throws {@link IllegalStateException} otherwise. */
    static S3Client connect(S3Settings settings) {
        AwsCredentialsProvider credentials = credentials(settings.credentials());
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .region(region(settings))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        S3Client client = builder.build();
        try {
            checkCredentials(credentials, settings);
            checkBucket(client, settings);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings.Credentials credentials) {
        if (credentials instanceof S3Settings.Credentials.Keys keys) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
        }
        if (credentials instanceof S3Settings.Credentials.ProfileFile file) {
            return ProfileCredentialsProvider.builder()
                    .profileFile(ProfileFile.builder().content(file.file()).type(ProfileFile.Type.CREDENTIALS).build())
                    .profileName(file.profile())
                    .build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region region(S3Settings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException("no S3 region: set " + S3Settings.name(Setting.S3_REGION)
                    + " (or AWS_REGION); " + e.getMessage(), e);
        }
    }

    private static void checkCredentials(AwsCredentialsProvider provider, S3Settings settings) {
        try {
            provider.resolveCredentials();
        } catch (SdkException e) {
            String where;
            if (settings.credentials() instanceof S3Settings.Credentials.ProfileFile f) {
                where = "no credentials for profile '" + f.profile() + "' in " + f.file() + " ("
                        + S3Settings.name(Setting.S3_CREDENTIALS_FILE) + ", " + S3Settings.name(Setting.S3_PROFILE) + ")";
            } else if (settings.credentials() instanceof S3Settings.Credentials.Keys) {
                where = "the configured access key (" + S3Settings.name(Setting.S3_ACCESS_KEY) + ") cannot be used";
            } else {
                where = "no S3 credentials found: set " + S3Settings.name(Setting.S3_ACCESS_KEY) + " and "
                        + S3Settings.name(Setting.S3_SECRET_KEY) + ", or " + S3Settings.name(Setting.S3_CREDENTIALS_FILE)
                        + ", or provide them the AWS way (AWS_ACCESS_KEY_ID, ~/.aws/credentials, a role)";
            }
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    private static void checkBucket(S3Client client, S3Settings settings) {
        String bucket = settings.bucket();
        String at = settings.endpoint().map(URI::toString).orElse("AWS S3");
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            String message = switch (e.statusCode()) {
                case 404 -> "S3 bucket '" + bucket + "' does not exist at " + at + ": create it, or set "
                        + S3Settings.name(Setting.S3_BUCKET) + " to a bucket that exists";
                case 403 -> "access to S3 bucket '" + bucket + "' at " + at + " is denied (403): check the credentials ("
                        + S3Settings.name(Setting.S3_ACCESS_KEY) + "/" + S3Settings.name(Setting.S3_SECRET_KEY) + ", "
                        + S3Settings.name(Setting.S3_CREDENTIALS_FILE) + " or the AWS default chain) and the bucket's"
                        + " policy (Granary needs s3:ListBucket, GetObject, PutObject, DeleteObject and"
                        + " AbortMultipartUpload)";
                case 301, 400 -> "S3 bucket '" + bucket + "' at " + at + " answered " + e.statusCode()
                        + e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                                .map(r -> ": it is in region " + r).orElse("")
                        + "; set " + S3Settings.name(Setting.S3_REGION) + " to the bucket's region (now "
                        + settings.region().orElse("from the AWS chain") + ")";
                default -> "S3 bucket '" + bucket + "' at " + at + " cannot be used (" + S3Settings.name(Setting.S3_BUCKET)
                        + "): HTTP " + e.statusCode() + " " + e.getMessage();
            };
            throw new IllegalStateException(message, e);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot reach S3 at " + at + " to open bucket '" + bucket + "' ("
                    + S3Settings.name(Setting.S3_ENDPOINT)
                    + (settings.endpoint().isPresent() ? "" : " is not set, so AWS S3 in the configured region is used")
                    + "): " + e.getMessage(), e);
        }
    }
}
