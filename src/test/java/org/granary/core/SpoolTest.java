package org.granary.core;

import static org.granary.core.CoreHarness.PUBLISHER;
import static org.granary.core.CoreHarness.TARBALL;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.sha256Of;
import static org.granary.core.CoreHarness.source;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The spool's clean-up removes what nobody holds, and never a file a download or an upload is writing. */
@Timeout(60)
class SpoolTest {

    @RegisterExtension
    final CoreHarness core = new CoreHarness();

    @Test
    void aCleanUpKeepsTheFilesHandedOutAndRemovesStrayAndReleasedOnes() throws Exception {
        Spool spool = core.spool;
        Path live = spool.newFile("upload-");
        Files.write(live, bytes("half an upload"));
        Path released = spool.newFile("artifact-");
        spool.release(released);
        Path stray = Files.write(spool.dir().resolve("artifact-from-a-crash.part"), bytes("leftover"));

        int removed = spool.cleanLeftovers();

        assertEquals(1, removed);
        assertEquals("half an upload", Files.readString(live));
        assertTrue(spool.isLive(live));
        assertFalse(Files.exists(stray));
        assertFalse(Files.exists(released));
        assertFalse(spool.isLive(released));
        assertEquals(List.of(live), core.spoolFiles());
    }

    @Test
    void aStartingServerRemovesTheLeftoversOfTheLastRun() throws Exception {
        Files.write(core.spool.dir().resolve("upload-123.part"), bytes("from before the crash"));

        Spool restarted = new Spool(core.spool.dir());

        assertEquals(List.of(), core.spoolFiles());
        assertTrue(Files.isDirectory(restarted.dir()));
    }

    @Test
    void aDownloadInProgressKeepsItsSpoolFileThroughACleanUp() throws Exception {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        byte[] tarball = new byte[300_000];
        Arrays.fill(tarball, (byte) 'x');
        UpstreamGate gate = new UpstreamGate();
        core.upstream.on("/npm-proxy/" + artifactPath("left-pad", "1.0.0"), gate.halfThenHold(TARBALL, tarball));

        ArtifactResult streaming = core.artifacts.read(proxy, artifactPath("left-pad", "1.0.0"),
                source("left-pad", "1.0.0", sha256Of(tarball)));
        try (InputStream client = streaming.open(0)) {
            gate.awaitArrival();
            assertEquals(1, core.spoolFiles().size(), "the download is spooled");

            assertEquals(0, core.spool.cleanLeftovers());
            gate.open();

            assertArrayEquals(tarball, client.readAllBytes());
        }
        assertArrayEquals(tarball, body(core.artifacts.stored(proxy, artifactPath("left-pad", "1.0.0")).orElseThrow()));
        assertEquals(List.of(), core.spoolFilesOnceDownloadsFinish());
    }

    @Test
    void anUploadInProgressKeepsItsSpoolFileThroughACleanUp() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        byte[] tarball = bytes("my-lib 1.0.0");
        String path = artifactPath("my-lib", "1.0.0");

        try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "publish", "my-lib@1.0.0")) {
            HostedStore.Spooled spooled = write.spool(path, new ByteArrayInputStream(tarball),
                    CoreHarness.upload("my-lib", "1.0.0", tarball));
            assertEquals(0, core.spool.cleanLeftovers(), "another request's clean-up meanwhile");
            assertTrue(Files.exists(spooled.file()));
            write.commit("published");
        }

        assertArrayEquals(tarball, body(core.artifacts.stored(hosted, path).orElseThrow()));
        assertEquals(List.of(), core.spoolFiles());
    }
}
