package org.granary.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.BlobStore;
import org.granary.storage.BlobStoreContractTest;
import org.granary.storage.Digests;
import org.granary.storage.StoragePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The blob-store contract on a real S3 API server, plus what only S3 has: multipart uploads, ranged GETs,
 * aborted uploads, the key prefix and the start-up checks. Parts are S3's smallest, 5 MiB, so "large" stays fast.
 */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final int PART = S3Settings.MIN_PART_SIZE;
    private static final StoragePath WHEEL = StoragePath.of("artifacts/pypi-proxy/torch/torch-2.5.0-cp312-linux_x86_64.whl");

    private final S3TestServer server;
    private final Recorder requests = new Recorder();
    private final S3Client outside;
    private String prefix;

    S3BlobStoreTest() throws IOException {
        server = S3TestServer.get();
        outside = server.client();
    }

    @Override
    protected BlobStore newStore() {
        prefix = server.freshPrefix();
        return S3BlobStore.start(server.settings(prefix, PART));
    }

    @AfterEach
    void close() {
        ((S3BlobStore) store).close();
        outside.close();
    }

    /** A store over the same prefix whose client records every request it sends. */
    private S3BlobStore recordingStore() {
        return new S3BlobStore(server.client(requests), S3TestServer.BUCKET, prefix, PART);
    }

    @Test
    void aBlobLargerThanAPartIsUploadedInPartsAndHashedWhileStreaming() throws IOException {
        byte[] content = randomBytes(2 * PART + PART / 2, 21);

        Digests digests;
        try (S3BlobStore recording = recordingStore()) {
            digests = recording.put(WHEEL, new ByteArrayInputStream(content));
        }

        assertEquals(expectedDigests(content), digests);
        assertEquals(List.of("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"),
                requests.operations());
        assertTrue(etag(WHEEL).endsWith("-3\""), "S3 reports an object of three parts: " + etag(WHEEL));
        assertArrayEquals(content, readAll(WHEEL, 0));
        assertEquals(OptionalLong.of(content.length), store.size(WHEEL));
        assertEquals(List.of(), unfinishedUploads());
    }

    @Test
    void aBlobOfAtMostOnePartIsASinglePut() throws IOException {
        byte[] content = randomBytes(PART, 22);

        try (S3BlobStore recording = recordingStore()) {
            recording.putFile(WHEEL, Files.write(scratch.resolve("exactly-one-part"), content));
            recording.put(StoragePath.of("metadata/small.json"), bytes("{\"small\":true}"));
        }

        assertEquals(List.of("PutObject", "PutObject"), requests.operations());
        assertFalse(etag(WHEEL).contains("-"), etag(WHEEL));
        assertArrayEquals(content, readAll(WHEEL, 0));
    }

    @Test
    void aFileOfSeveralPartsIsUploadedFromTheFileAndThenRemoved() throws IOException {
        byte[] content = randomBytes(2 * PART + 1, 23);
        Path file = Files.write(scratch.resolve("download.part"), content);

        try (S3BlobStore recording = recordingStore()) {
            recording.putFile(WHEEL, file);
        }

        assertEquals(List.of("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"),
                requests.operations());
        assertArrayEquals(content, readAll(WHEEL, 0));
        assertFalse(Files.exists(file), "the spool file is gone once the blob is stored");
    }

    @Test
    void aReadFromTheMiddleIsOneRangedGetOfTheRest() throws IOException {
        byte[] content = randomBytes(2 * PART + PART / 2, 24);
        store.put(WHEEL, new ByteArrayInputStream(content));
        long offset = PART + 12_345;

        byte[] rest;
        try (S3BlobStore recording = recordingStore(); InputStream in = recording.open(WHEEL, offset)) {
            rest = in.readAllBytes();
        }

        assertArrayEquals(Arrays.copyOfRange(content, (int) offset, content.length), rest);
        assertEquals(List.of("GetObject"), requests.operations());
        assertEquals(Optional.of("bytes=" + offset + "-"), requests.sent.get(0).range());
        assertEquals(206, requests.sent.get(0).status());
        assertEquals(Optional.of(String.valueOf(content.length - offset)), requests.sent.get(0).contentLength(),
                "only the rest of the blob is transferred");
    }

    @Test
    void closingAReadEarlyLeavesTheStoreUsable() throws IOException {
        byte[] content = randomBytes(2 * PART, 25);
        store.put(WHEEL, new ByteArrayInputStream(content));

        try (InputStream in = store.open(WHEEL, 0)) {
            assertArrayEquals(Arrays.copyOf(content, 1000), in.readNBytes(1000));
        }

        assertArrayEquals(Arrays.copyOfRange(content, 3, 10), Arrays.copyOf(readAll(WHEEL, 3), 7));
        assertEquals(OptionalLong.of(content.length), store.size(WHEEL));
    }

    @Test
    void anUploadWhoseInputFailsAfterTheFirstPartLeavesNoObjectAndNoUnfinishedUpload() {
        IOException e;
        try (S3BlobStore recording = recordingStore()) {
            e = assertThrows(IOException.class, () -> recording.put(WHEEL,
                    new FailingInputStream(randomBytes(3 * PART, 26), PART + PART / 2)));
        }

        assertEquals("upstream connection reset", e.getMessage());
        assertEquals(List.of("CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"), requests.operations());
        assertFalse(store.exists(WHEEL));
        assertThrows(BlobNotFoundException.class, () -> store.open(WHEEL, 0));
        assertEquals(List.of(), unfinishedUploads());
    }

    @Test
    void blobsAreObjectsUnderThePrefixNamedByTheirKey() throws IOException {
        store.put(StoragePath.of("artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz"), bytes("tgz"));

        String key = prefix + "artifacts/npm-proxy/@scope/name/-/name-1.0.0.tgz";
        assertEquals("tgz", outside.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key(key)).asUtf8String());
        assertEquals(List.of(key), objectsUnderPrefix());
    }

    @Test
    void storesWithDifferentPrefixesInOneBucketDoNotSeeEachOther() throws IOException {
        store.put(WHEEL, bytes("mine"));

        try (S3BlobStore other = S3BlobStore.start(server.settings(server.freshPrefix(), PART))) {
            assertEquals(OptionalLong.empty(), other.size(WHEEL));
            other.put(WHEEL, bytes("theirs"));
        }

        assertEquals("mine", new String(readAll(WHEEL, 0)));
    }

    @Test
    void healthCheckLeavesNothingBehind() throws IOException {
        store.checkHealth();
        store.checkHealth();

        assertEquals(List.of(), objectsUnderPrefix());
    }

    @Test
    void aStoreThatCannotReachS3FailsWithAnIOExceptionNamingTheBucket() throws IOException {
        URI dead = deadEndpoint();
        S3Settings unreachable = new S3Settings(S3TestServer.BUCKET, prefix, Optional.of("us-east-1"), Optional.of(dead),
                true, new S3Settings.Credentials.Keys("k", "s"), PART);
        try (S3BlobStore lost = new S3BlobStore(S3TestServer.clientAt(dead), S3TestServer.BUCKET, prefix, PART)) {
            IOException size = assertThrows(IOException.class, () -> lost.size(WHEEL));
            IOException open = assertThrows(IOException.class, () -> lost.open(WHEEL, 0));

            assertTrue(size.getMessage().contains("bucket " + S3TestServer.BUCKET), size.getMessage());
            assertFalse(open instanceof BlobNotFoundException, "an unreachable store is not an absent blob");
            assertThrows(IOException.class, lost::checkHealth);
        }

        IllegalStateException start = assertThrows(IllegalStateException.class, () -> S3BlobStore.start(unreachable));
        assertTrue(start.getMessage().startsWith("cannot reach S3 at " + dead), start.getMessage());
        assertTrue(start.getMessage().contains("GRANARY_S3_ENDPOINT"), start.getMessage());
    }

    @Test
    void startingOnABucketThatDoesNotExistFailsNamingTheBucketSetting() {
        S3Settings settings = server.settings(prefix, PART);
        S3Settings missing = new S3Settings("no-such-bucket", settings.prefix(), settings.region(), settings.endpoint(),
                true, settings.credentials(), PART);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3BlobStore.start(missing));

        assertEquals("S3 bucket 'no-such-bucket' does not exist at " + server.endpoint()
                + ": create it, or set GRANARY_S3_BUCKET to a bucket that exists", e.getMessage());
    }

    @Test
    void credentialsCanComeFromAnAwsCredentialsFile() throws IOException {
        Path file = Files.writeString(scratch.resolve("credentials"), "[granary]\naws_access_key_id = "
                + S3TestServer.ACCESS_KEY + "\naws_secret_access_key = " + S3TestServer.SECRET_KEY + "\n");
        S3Settings settings = server.settings(prefix, PART);

        try (S3BlobStore fromFile = S3BlobStore.start(withCredentials(settings,
                new S3Settings.Credentials.ProfileFile(file, "granary")))) {
            fromFile.put(WHEEL, bytes("via the file"));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> S3BlobStore.start(
                withCredentials(settings, new S3Settings.Credentials.ProfileFile(file, "default"))));

        assertEquals("via the file", new String(readAll(WHEEL, 0)));
        assertTrue(e.getMessage().startsWith("no credentials for profile 'default' in " + file
                + " (GRANARY_S3_CREDENTIALS_FILE, GRANARY_S3_PROFILE)"), e.getMessage());
    }

    @Test
    void twoUploadsOfOneKeyLeaveOneWholeBlob() throws IOException {
        byte[] first = randomBytes(PART + 10, 27);
        byte[] second = randomBytes(PART + 20, 28);

        store.put(WHEEL, new ByteArrayInputStream(first));
        store.put(WHEEL, new ByteArrayInputStream(second));

        assertArrayEquals(second, readAll(WHEEL, 0));
        assertNotEquals(expectedDigests(first).sha256(), expectedDigests(second).sha256());
    }

    // ------------------------------------------------------------------ helpers

    private static S3Settings withCredentials(S3Settings s, S3Settings.Credentials credentials) {
        return new S3Settings(s.bucket(), s.prefix(), s.region(), s.endpoint(), s.pathStyle(), credentials, s.partSize());
    }

    private String etag(StoragePath path) {
        return outside.headObject(b -> b.bucket(S3TestServer.BUCKET).key(prefix + path)).eTag();
    }

    private List<String> unfinishedUploads() {
        return outside.listMultipartUploads(b -> b.bucket(S3TestServer.BUCKET).prefix(prefix)).uploads().stream()
                .map(u -> u.key() + " " + u.uploadId()).toList();
    }

    private List<String> objectsUnderPrefix() {
        return outside.listObjectsV2(b -> b.bucket(S3TestServer.BUCKET).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }

    private static URI deadEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    /** What the store's client sent: the operation, and for reads the Range asked for and what came back. */
    private static final class Recorder implements ExecutionInterceptor {
        record Sent(String operation, Optional<String> range, int status, Optional<String> contentLength) {
        }

        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    context.httpRequest().firstMatchingHeader("Range"), context.httpResponse().statusCode(),
                    context.httpResponse().firstMatchingHeader("Content-Length")));
        }

        List<String> operations() {
            return sent.stream().map(Sent::operation).toList();
        }
    }
}
