package org.granary.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Logger;
import org.apache.commons.io.input.BoundedInputStream;
import org.granary.storage.BlobNotFoundException;
import org.granary.storage.BlobStore;
import org.granary.storage.Digests;
import org.granary.storage.HashingInputStream;
import org.granary.storage.StoragePath;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in an S3 bucket (AWS or any S3-compatible store), under a key prefix.
 * <p>
 * A blob up to one part in size is one {@code PutObject}; a larger one is a multipart upload whose parts are read
 * from the input one at a time (a stream being uploaded holds one part in memory; a file is uploaded from ranges
 * of the file, with no copy). S3 makes an object visible only once it is complete, so readers see the old blob
 * or the new one, never a mix; a failed upload is aborted and leaves neither an object nor an unfinished
 * multipart upload. {@link #open(StoragePath, long)} is one streaming GET, ranged from the offset.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class.getName());
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;
    /** Written and deleted by the health check; no blob key is ever this (Granary's keys start with their kind). */
    static final String HEALTH_PROBE = ".granary-health-probe";
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;

    /**
     * @param prefix   prepended to every key: empty, or ending in {@code /}
     * @param partSize bytes per part of a multipart upload (S3 needs at least 5 MiB, except for the last part)
     */
    public S3BlobStore(S3Client s3, String bucket, String prefix, int partSize) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the key prefix must be empty or end in '/': " + prefix);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = partSize;
    }

    /** Connects as the settings say and checks the bucket; throws {@link IllegalStateException} naming the setting at fault. */
    public static S3BlobStore start(S3Settings settings) {
        S3BlobStore store = new S3BlobStore(S3Clients.connect(settings), settings.bucket(), settings.prefix(),
                settings.partSize());
        LOG.info(() -> "Blob storage: S3 " + settings.describe());
        return store;
    }

    @Override
    public Digests put(StoragePath path, InputStream content) throws IOException {
        HashingInputStream hashing = new HashingInputStream(content);
        upload(key(path), new StreamParts(hashing));
        return hashing.digests();
    }

    /** Uploads the file's bytes straight from the file (in parts when it is larger than one), then deletes it. */
    @Override
    public void putFile(StoragePath path, Path file) throws IOException {
        upload(key(path), new FileParts(file));
        Files.deleteIfExists(file);
    }

    @Override
    public OptionalLong size(StoragePath path) throws IOException {
        String key = key(path);
        try {
            return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
    }

    @Override
    public InputStream open(StoragePath path, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        String key = key(path);
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0) {
            request.range("bytes=" + offset + "-");
        }
        try {
            return new ObjectStream(s3.getObject(request.build()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new BlobNotFoundException(path);
            }
            if (e.statusCode() == 416) { // the offset is at or beyond the end of the blob, as a file allows
                if (size(path).isEmpty()) {
                    throw new BlobNotFoundException(path);
                }
                return InputStream.nullInputStream();
            }
            throw failure("GET", key, e);
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    @Override
    public void delete(StoragePath path) throws IOException {
        String key = key(path);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("DELETE", key, e);
        }
    }

    /** Lists the keys under the prefix page by page (1,000 at a time) and deletes each page in one request. */
    @Override
    public int deleteTree(StoragePath path) throws IOException {
        String under = key(path) + "/";
        int removed = 0;
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under))) {
                List<ObjectIdentifier> keys = page.contents().stream()
                        .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
                if (keys.isEmpty()) {
                    continue;
                }
                DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(d -> d.objects(keys).quiet(true)));
                if (!deleted.errors().isEmpty()) {
                    throw new IOException("S3 did not delete " + deleted.errors().size() + " objects under " + under
                            + " in bucket " + bucket + ", e.g. " + deleted.errors().get(0).key() + ": "
                            + deleted.errors().get(0).message());
                }
                removed += keys.size();
            }
        } catch (SdkException e) {
            throw failure("DELETE of everything under", under, e);
        }
        return removed;
    }

    /** Lists with {@code ListObjectsV2}, page by page (needs {@code s3:ListBucket}). */
    @Override
    public void list(StoragePath path, java.util.function.Consumer<Listed> each) throws IOException {
        String key = key(path);
        try {
            // the key itself, and everything below it
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key)).contents().forEach(o -> {
                if (o.key().equals(key) || o.key().startsWith(key + "/")) {
                    each.accept(new Listed(StoragePath.of(o.key().substring(prefix.length())), o.size(), o.lastModified()));
                }
            });
        } catch (SdkException e) {
            throw failure("LIST", key, e);
        }
    }

    /** Aborts multipart uploads under the prefix that a crash left unfinished (needs {@code s3:ListBucketMultipartUploads}). */
    @Override
    public int cleanTemporary(java.time.Instant before) throws IOException {
        int aborted = 0;
        try {
            for (var upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                }
            }
        } catch (SdkException e) {
            throw failure("LIST/ABORT of multipart uploads", prefix, e);
        }
        return aborted;
    }

    /** Writes and deletes a small probe object, so both permissions and the connection are checked. */
    @Override
    public void checkHealth() throws IOException {
        String key = prefix + HEALTH_PROBE;
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE), RequestBody.empty());
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("health check (PUT and DELETE)", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    String key(StoragePath path) {
        return prefix + path;
    }

    // ------------------------------------------------------------------ uploads

    /** One part's bytes: a body the SDK may open more than once (for signing and for retries). */
    private record Part(ContentStreamProvider body, long length, boolean last) {
        RequestBody requestBody() {
            return RequestBody.fromContentProvider(body, length, CONTENT_TYPE);
        }
    }

    /** The content cut into parts; the first call returns a part (maybe empty), later ones null at the end. */
    private interface Parts {
        Part next() throws IOException;
    }

    private void upload(String key, Parts parts) throws IOException {
        Part first = parts.next();
        if (first.last()) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE), first.requestBody());
                return;
            } catch (SdkException e) {
                throw failure("PUT", key, e);
            }
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE)).uploadId();
        } catch (SdkException e) {
            throw failure("multipart upload start", key, e);
        }
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (Part part = first; part != null; part = part.last() ? null : parts.next()) {
                int number = done.size() + 1;
                if (number > MAX_PARTS) {
                    throw new IOException("blob " + key + " is larger than S3's " + MAX_PARTS + " parts of "
                            + partSize / (1024 * 1024) + " MiB: raise GRANARY_S3_PART_SIZE_MIB");
                }
                done.add(uploadPart(key, uploadId, number, part));
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
        } catch (IOException | RuntimeException | Error e) {
            abort(key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failure("multipart upload", key, sdk);
            }
            throw e;
        }
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, Part part) {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                .contentLength(part.length()), part.requestBody()).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void abort(String key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
            LOG.warning(() -> "could not abort the failed multipart upload " + uploadId + " of " + key + " in bucket "
                    + bucket + "; its parts stay until a lifecycle rule (AbortIncompleteMultipartUpload) removes them: "
                    + e.getMessage());
        }
    }

    /** Parts read from a stream into one reused buffer that grows up to a part's size. */
    private final class StreamParts implements Parts {
        private final InputStream in;
        private byte[] buffer = new byte[Math.min(partSize, 64 * 1024)];
        private boolean first = true;

        StreamParts(InputStream in) {
            this.in = in;
        }

        @Override
        public Part next() throws IOException {
            int filled = 0;
            while (filled < partSize) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, 2L * buffer.length));
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            if (filled == 0 && !first) {
                return null;
            }
            first = false;
            byte[] bytes = buffer;
            int length = filled;
            return new Part(() -> new ByteArrayInputStream(bytes, 0, length), length, length < partSize);
        }
    }

    /** Parts as ranges of a file, each read from the file when the SDK sends it. */
    private final class FileParts implements Parts {
        private final Path file;
        private final long size;
        private long offset;

        FileParts(Path file) throws IOException {
            this.size = Files.size(file);
            this.file = file;
        }

        @Override
        public Part next() {
            if (offset >= size && offset > 0) {
                return null;
            }
            long start = offset;
            long length = Math.min(partSize, size - start);
            offset += length;
            return new Part(() -> range(file, start, length), length, offset >= size);
        }
    }

    private static InputStream range(Path file, long start, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(start);
            return BoundedInputStream.builder().setInputStream(Channels.newInputStream(channel)).setMaxCount(length)
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ reads and errors

    /** A GET's body; closing it before the end aborts the connection instead of downloading the rest. */
    private static final class ObjectStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        ObjectStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    private IOException failure(String operation, String key, SdkException e) {
        String detail = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? "HTTP " + s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new IOException("S3 " + operation + " of " + key + " in bucket " + bucket + " failed: " + detail, e);
    }
}
