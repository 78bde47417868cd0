package org.granary.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator's GRANARY_S3_* settings turn into, and the message for each mistake. */
class S3SettingsTest {

    @TempDir
    Path dir;

    private final Map<Setting, String> values = new HashMap<>(Map.of(Setting.S3_BUCKET, "artifacts"));

    private S3Settings settings() {
        return S3Settings.from(GranaryConfig.of(values));
    }

    private String failure() {
        return assertThrows(IllegalStateException.class, this::settings).getMessage();
    }

    @Test
    void aBucketAloneMeansAwsS3WithTheDefaultCredentialChainAndEightMiBParts() {
        S3Settings s = settings();

        assertEquals("artifacts", s.bucket());
        assertEquals("", s.prefix());
        assertEquals(Optional.empty(), s.endpoint());
        assertEquals(Optional.empty(), s.region(), "left to the AWS region provider chain");
        assertFalse(s.pathStyle());
        assertEquals(new S3Settings.Credentials.DefaultChain(), s.credentials());
        assertEquals(8 * 1024 * 1024, s.partSize());
    }

    @Test
    void anS3CompatibleStoreWithKeys() {
        values.putAll(Map.of(Setting.S3_ENDPOINT, "http://minio.internal:9000", Setting.S3_PATH_STYLE, "true",
                Setting.S3_ACCESS_KEY, "AKIAEXAMPLE", Setting.S3_SECRET_KEY, "wJalrXUtnFEMI", Setting.S3_PREFIX, "granary",
                Setting.S3_PART_SIZE_MIB, "16"));

        S3Settings s = settings();

        assertEquals(Optional.of(URI.create("http://minio.internal:9000")), s.endpoint());
        assertEquals(Optional.of("us-east-1"), s.region(), "a region is needed for signing; S3-compatible stores ignore it");
        assertTrue(s.pathStyle());
        assertEquals(new S3Settings.Credentials.Keys("AKIAEXAMPLE", "wJalrXUtnFEMI"), s.credentials());
        assertEquals("granary/", s.prefix());
        assertEquals(16 * 1024 * 1024, s.partSize());
        assertFalse(s.toString().contains("wJalrXUtnFEMI"), "the secret never appears in a log line: " + s);
        assertEquals("bucket 'artifacts' (prefix granary/) at http://minio.internal:9000, region us-east-1", s.describe());
    }

    @ParameterizedTest(name = "prefix \"{0}\" becomes \"{1}\"")
    @CsvSource(value = {"granary,granary/", "/granary/,granary/", "a/b,a/b/", "a/b/,a/b/", "/,''", "'',''"})
    void thePrefixIsAKeyPrefixEndingInASlash(String raw, String prefix) {
        values.put(Setting.S3_PREFIX, raw);

        assertEquals(prefix, settings().prefix());
    }

    @Test
    void anExplicitRegionWins() {
        values.putAll(Map.of(Setting.S3_ENDPOINT, "https://s3.ceph.internal", Setting.S3_REGION, "eu-central-1"));

        assertEquals(Optional.of("eu-central-1"), settings().region());
    }

    @Test
    void aCredentialsFileAndProfile() throws IOException {
        Path file = Files.writeString(dir.resolve("credentials"), "[granary]\n");
        values.putAll(Map.of(Setting.S3_CREDENTIALS_FILE, file.toString(), Setting.S3_PROFILE, "granary"));

        assertEquals(new S3Settings.Credentials.ProfileFile(file.toAbsolutePath(), "granary"), settings().credentials());
    }

    @Test
    void withoutABucketTheMessageNamesTheSetting() {
        values.clear();

        assertEquals("GRANARY_STORAGE=s3 needs a bucket: set GRANARY_S3_BUCKET", failure());
    }

    @Test
    void anAccessKeyWithoutItsSecret() {
        values.put(Setting.S3_ACCESS_KEY, "AKIAEXAMPLE");

        assertEquals("set both GRANARY_S3_ACCESS_KEY and GRANARY_S3_SECRET_KEY, or neither; only GRANARY_S3_ACCESS_KEY is set",
                failure());
    }

    @Test
    void keysAndACredentialsFileTogether() throws IOException {
        values.putAll(Map.of(Setting.S3_ACCESS_KEY, "a", Setting.S3_SECRET_KEY, "s",
                Setting.S3_CREDENTIALS_FILE, Files.writeString(dir.resolve("c"), "").toString()));

        assertEquals("set either GRANARY_S3_ACCESS_KEY/GRANARY_S3_SECRET_KEY or GRANARY_S3_CREDENTIALS_FILE, not both",
                failure());
    }

    @Test
    void aCredentialsFileThatIsNotThere() {
        Path missing = dir.resolve("nope");
        values.put(Setting.S3_CREDENTIALS_FILE, missing.toString());

        assertEquals("GRANARY_S3_CREDENTIALS_FILE names " + missing.toAbsolutePath()
                + ", which does not exist or cannot be read", failure());
    }

    @ParameterizedTest(name = "part size {0}")
    @CsvSource({"4", "0", "513"})
    void aPartSizeS3WouldRefuseOrThatWouldFillTheHeap(String mib) {
        values.put(Setting.S3_PART_SIZE_MIB, mib);

        assertEquals("GRANARY_S3_PART_SIZE_MIB must be between 5 (S3's smallest part) and 512 MiB, not " + mib, failure());
    }

    @Test
    void aPartSizeThatIsNotANumber() {
        values.put(Setting.S3_PART_SIZE_MIB, "8MB");

        assertEquals("GRANARY_S3_PART_SIZE_MIB must be a whole number, not '8MB'", failure());
    }

    @Test
    void anEndpointThatIsNotAnHttpUrl() {
        values.put(Setting.S3_ENDPOINT, "ftp://minio.internal");
        assertEquals("GRANARY_S3_ENDPOINT must be an http or https URL, not 'ftp://minio.internal'", failure());

        values.put(Setting.S3_ENDPOINT, "minio.internal:9000");
        assertTrue(failure().startsWith("GRANARY_S3_ENDPOINT must be an absolute URL"), failure());
    }

    @Test
    void pathStyleIsTrueOrFalse() {
        values.put(Setting.S3_PATH_STYLE, "yes");

        assertEquals("GRANARY_S3_PATH_STYLE must be true or false, not 'yes'", failure());
    }

    @Test
    void aPrefixThatIsNotASafeKey() {
        values.put(Setting.S3_PREFIX, "granary/../other");

        assertTrue(failure().startsWith("GRANARY_S3_PREFIX is not a usable key prefix: path contains a '.' or '..' segment"),
                failure());
    }
}
