package org.granary.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake index and its fixtures, checked with the real pip (no Granary involved). */
class FakePypiIndexTest {

    @TempDir
    Path work;

    private FakePypiIndex index;

    @BeforeEach
    void start() {
        index = new FakePypiIndex();
    }

    @AfterEach
    void stop() {
        index.close();
    }

    @Test
    void realPipInstallsTheStandardTreeSkippingYankedAndTooNewVersions() {
        PypiFixtures.PypiTree tree = PypiFixtures.standardTree(index, "fake");
        PypiClient pip = PypiClient.locate();
        assertEquals("", pip.configList().stdout().strip(), "pip must read no configuration file");

        PypiResult result = pip.install(work.resolve("t"), index.baseUrl() + "/simple/", tree.root());
        assertTrue(result.succeeded(), result.describe());
        assertEquals(tree.expected(), PypiClient.installed(work.resolve("t")));
        assertFalse(result.output().contains("Looking in links"), result.describe());
        tree.downloaded().forEach(d -> assertEquals(1, index.fileRequests(d), d.filename()));
        assertEquals(0, index.fileRequests(tree.yanked()));
        assertEquals(0, index.fileRequests(tree.tooNew()));
    }

    @Test
    void pipRefusesAWheelThatDoesNotMatchItsHash() {
        PypiDistribution d = index.publish(PypiDistribution.wheel("fake-bad", "1.0", null, List.of()));
        index.corrupt(d.filename());
        PypiResult result = PypiClient.locate().install(work.resolve("t"), index.baseUrl() + "/simple/", "fake-bad");
        assertFalse(result.succeeded(), result.describe());
        assertTrue(result.output().contains("DO NOT MATCH THE HASHES"), result.describe());
    }

    @Test
    void wheelsAreRealZipsWithDistInfoAndTheirMetadataIsServed() throws Exception {
        PypiDistribution d = index.publish(PypiDistribution.wheel("Fake.Zip", "2.0", ">=3", List.of("dep>=1")));
        Set<String> entries = new HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(d.bytes()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.add(e.getName());
            }
        }
        assertEquals(Set.of("fake_zip/__init__.py", "fake_zip-2.0.dist-info/METADATA", "fake_zip-2.0.dist-info/WHEEL",
                "fake_zip-2.0.dist-info/RECORD"), entries);
        assertEquals("fake_zip-2.0-py3-none-any.whl", d.filename());
        String metadata = new String(get(FakePypiIndex.filePath(d) + ".metadata", "*/*").body(), StandardCharsets.UTF_8);
        assertTrue(metadata.contains("Requires-Dist: dep>=1\n"), metadata);
        assertArrayEquals(d.bytes(), get(FakePypiIndex.filePath(d), "*/*").body());

        HttpResponse<byte[]> redirect = get("/simple/Fake_Zip/", "*/*");
        assertEquals(301, redirect.statusCode());
        assertEquals("/simple/fake-zip/", redirect.headers().firstValue("Location").orElse(null));
        index.serveOnly("fake-zip", FakePypiIndex.Representations.JSON_ONLY);
        assertEquals(406, get("/simple/fake-zip/", "text/html").statusCode());
        assertEquals(404, get("/simple/nothing-here/", "text/html").statusCode());
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(index.baseUrl() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
