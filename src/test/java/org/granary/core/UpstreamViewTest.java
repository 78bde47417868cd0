package org.granary.core;

import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A proxy read through {@link RepositoryInfo#withUpstream} (what a Go proxy does for a checksum database): the shared
 * caches fetch from the other upstream, keep the copies in the proxy itself, and revalidate documents after the
 * view's max age, not the proxy's; immutable artifacts are fetched once.
 */
class UpstreamViewTest {

    @RegisterExtension
    final CoreHarness core = new CoreHarness();

    @Test
    void documentsAndArtifactsComeFromTheOtherUpstreamAndAreKeptInTheProxy() {
        RepositoryInfo proxy = core.proxy("go-proxy");
        RepositoryInfo sumdb = proxy.withUpstream(URI.create(core.upstream.baseUrl() + "/sumdb-upstream/"),
                Duration.ofMinutes(1));
        core.upstream.on("/sumdb-upstream/latest", ex -> ex.respond(200, "text/plain", bytes("tree 1\n")));
        core.upstream.on("/sumdb-upstream/tile/8/0/000.p/1", ex -> ex.respond(200, "application/octet-stream",
                new byte[32]));
        MetadataRequest latest = new MetadataRequest("sumdb/db.test/latest", "latest", Map.of(),
                MetadataRequest.ContentCheck.ANY);

        assertEquals("tree 1\n", text(core.metadata.read(sumdb, latest)));
        core.clock.advance(Duration.ofSeconds(30));
        assertEquals("tree 1\n", text(core.metadata.read(sumdb, latest)));
        assertEquals(1, core.upstream.requestCount("/sumdb-upstream/latest"), "fresh for the view's max age");
        core.upstream.on("/sumdb-upstream/latest", ex -> ex.respond(200, "text/plain", bytes("tree 2\n")));
        core.clock.advance(Duration.ofSeconds(31)); // past the view's minute, well within the proxy's five
        assertEquals("tree 2\n", text(core.metadata.read(sumdb, latest)));
        assertEquals(2, core.upstream.requestCount("/sumdb-upstream/latest"));
        assertEquals(Long.valueOf(proxy.id()), core.metadataDao.find(proxy.id(), "sumdb/db.test/latest").orElseThrow()
                .getRepositoryId(), "kept in the proxy");

        String tile = "sumdb/db.test/tile/8/0/000.p/1";
        java.util.function.Function<RepositoryInfo, ArtifactSource> source = m -> new ArtifactSource(
                m.upstreamUrl("tile/8/0/000.p/1"), Optional.empty(),
                new ArtifactSource.Coordinates("db.test", "generic", "sumdb/db.test", null, null),
                "application/octet-stream");
        assertArrayEquals(new byte[32], body(core.artifacts.read(sumdb, tile, source)));
        core.clock.advance(Duration.ofDays(400));
        assertArrayEquals(new byte[32], body(core.artifacts.read(sumdb, tile, source)));
        assertEquals(1, core.upstream.requestCount("/sumdb-upstream/tile/8/0/000.p/1"), "an artifact is fetched once");
        assertEquals(0, core.upstream.requestCount("/go-proxy/latest"), "the proxy's own upstream is not asked");
    }
}
