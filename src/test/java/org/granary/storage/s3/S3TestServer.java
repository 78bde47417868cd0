package org.granary.storage.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server (S3Mock, in this JVM, on a free port, over a temporary directory), started once for the
 * whole test run and stopped when the JVM exits. Every test takes a key prefix of its own in the one bucket.
 */
final class S3TestServer {

    static final String BUCKET = "granary-test";
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";

    private static S3TestServer instance;

    private final URI endpoint;
    private final AtomicInteger prefixes = new AtomicInteger();

    private S3TestServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    static synchronized S3TestServer get() throws IOException {
        if (instance == null) {
            Path root = Files.createTempDirectory("granary-s3mock-");
            Map<String, Object> properties = new HashMap<>();
            properties.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
            properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
            properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
            properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET);
            properties.put(S3MockApplication.PROP_SILENT, true);
            S3MockApplication app = S3MockApplication.start(properties);
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "s3mock-stop"));
            instance = new S3TestServer(URI.create("http://127.0.0.1:" + app.getHttpPort()));
        }
        return instance;
    }

    URI endpoint() {
        return endpoint;
    }

    /** A key prefix no other test uses, so each store starts empty. */
    String freshPrefix() {
        return "test-" + prefixes.incrementAndGet() + "/";
    }

    /** The settings an operator would give for this server, with the given prefix and part size. */
    S3Settings settings(String prefix, int partSize) {
        return new S3Settings(BUCKET, prefix, java.util.Optional.of("us-east-1"), java.util.Optional.of(endpoint), true,
                new S3Settings.Credentials.Keys(ACCESS_KEY, SECRET_KEY), partSize);
    }

    /** A plain client for looking at the bucket from the outside (and for stores that record their requests). */
    S3Client client(ExecutionInterceptor... interceptors) {
        return clientAt(endpoint, interceptors);
    }

    /** The same kind of client for any endpoint (one where nothing listens, for instance). */
    static S3Client clientAt(URI endpoint, ExecutionInterceptor... interceptors) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor i : interceptors) {
                        c.addExecutionInterceptor(i);
                    }
                })
                .build();
    }
}
