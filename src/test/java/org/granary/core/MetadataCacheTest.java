package org.granary.core;

import static org.granary.core.CoreHarness.MAX_AGE;
import static org.granary.core.CoreHarness.NEGATIVE_TTL;
import static org.granary.core.CoreHarness.T0;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.document;
import static org.granary.core.CoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.storage.Digests;
import org.granary.testing.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One proxy's mutable metadata: max age, revalidation, stale-if-error, the negative cache, one fetch per miss. */
@Timeout(60)
class MetadataCacheTest {

    private static final String PACKUMENT = "1.0.0 aaa\n";
    private static final String UPDATED = "1.0.0 aaa\n1.1.0 bbb\n";

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private RepositoryInfo proxy;

    @BeforeEach
    void given() {
        proxy = core.proxy("npm-proxy");
    }

    private CachedMetadata read() {
        return core.metadata.read(proxy, document("left-pad"));
    }

    @Test
    void aCopyYoungerThanTheMaxAgeIsServedWithoutAskingTheUpstream() {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);

        CachedMetadata first = read();
        core.clock.advance(MAX_AGE.minusSeconds(1));
        CachedMetadata second = read();

        assertEquals(PACKUMENT, text(first));
        assertEquals(PACKUMENT, text(second));
        assertEquals(Digests.sha256Hex(bytes(PACKUMENT)), second.sha256(), "the ETag clients get is the hash of the bytes");
        assertFalse(second.stale());
        assertEquals(T0, second.fetchedAt());
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void twentyConcurrentMissesOfOneDocumentMakeOneUpstreamRequest() throws Exception {
        UpstreamGate gate = new UpstreamGate();
        core.upstream.on("/npm-proxy/left-pad", gate.holding(ex -> ex.respond(200, CoreHarness.TEXT, bytes(PACKUMENT))));

        Callers<String> clients = Callers.start(20, i -> text(read()));
        gate.awaitArrival();
        clients.awaitAllWaiting();
        gate.open();

        for (Callers.Outcome<String> got : clients.join()) {
            assertEquals(PACKUMENT, got.value(), String.valueOf(got.failure()));
        }
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"));
        assertEquals(1, core.rows("cached_metadata"));
    }

    @Test
    void pastTheMaxAgeTheCopyIsRevalidatedWithItsEtagAndLastModified() {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        read();

        core.clock.advance(MAX_AGE);
        CachedMetadata revalidated = read();

        RecordedRequest asked = core.upstream.lastRequest("/npm-proxy/left-pad").orElseThrow();
        assertTrue(asked.header("If-None-Match").isPresent(), "conditional request: " + asked.headers());
        assertEquals(Optional.of("Mon, 06 Jan 2025 08:00:00 GMT"), asked.header("If-Modified-Since"));
        assertEquals(PACKUMENT, text(revalidated));
        assertFalse(revalidated.stale());
        assertEquals(T0.plus(MAX_AGE), revalidated.fetchedAt(), "a 304 makes the copy current again");
        assertEquals(2, core.upstreamRequests("npm-proxy", "left-pad"));

        // and it counts as fresh for another max age
        core.clock.advance(MAX_AGE.minusSeconds(1));
        read();
        assertEquals(2, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void aChangedDocumentReplacesTheCopyButAReaderOfTheOldOneFinishesReadingIt() throws IOException {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        CachedMetadata old = read();
        InputStream oldReader = old.open(); // a client still downloading the old copy

        core.upstreamDocument("npm-proxy", "left-pad", UPDATED);
        core.clock.advance(MAX_AGE);
        CachedMetadata current = read();

        assertEquals(UPDATED, text(current));
        assertEquals(PACKUMENT, new String(oldReader.readAllBytes(), StandardCharsets.UTF_8));
        oldReader.close();
        String oldKey = "metadata/npm-proxy/left-pad~" + Digests.sha256Hex(bytes(PACKUMENT));
        String newKey = "metadata/npm-proxy/left-pad~" + Digests.sha256Hex(bytes(UPDATED));
        assertEquals(List.of(oldKey, newKey).stream().sorted().toList(), core.blobKeys(),
                "one blob per version; the replaced one stays for the cleanup grace (a reader may still be on it)");

        // once the grace has passed, the cleanup job deletes the replaced copy
        core.clock.advance(java.time.Duration.ofHours(1));
        assertEquals(1, core.cleanup.housekeeping().blobsDeleted());
        assertEquals(List.of(newKey), core.blobKeys(), "the replaced copy is removed after the grace");
        assertEquals(List.of(), core.spoolFiles());
    }

    @Test
    void pastTheMaxAgeWithTheUpstreamDownTheOldCopyIsServedAsStale() {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        read();

        core.upstream.stop();
        core.clock.advance(MAX_AGE.plus(Duration.ofDays(3)));
        CachedMetadata served = read();

        assertEquals(PACKUMENT, text(served));
        assertTrue(served.stale());
        assertEquals(T0, served.fetchedAt(), "the copy is as old as it is");
    }

    @Test
    void anUpstreamServerErrorAlsoServesTheOldCopyAsStale() {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        read();

        core.upstream.failWith("/npm-proxy/left-pad", 503);
        core.clock.advance(MAX_AGE);
        CachedMetadata served = read();

        assertEquals(PACKUMENT, text(served));
        assertTrue(served.stale());
    }

    @Test
    void withNothingCachedAndTheUpstreamDownTheAnswerIsAnUpstreamFailure() {
        core.upstream.stop();

        UpstreamFailureException e = assertThrows(UpstreamFailureException.class, this::read);

        assertEquals(502, e.status());
        assertTrue(e.getMessage().startsWith("cannot fetch left-pad from the upstream of repository 'npm-proxy' and "
                + "nothing is cached"), e.getMessage());
        assertEquals(0, core.rows("cached_metadata"));
    }

    @Test
    void aCopyTheFormatRefusesNeverReplacesAGoodOne() {
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        read();
        MetadataRequest checked = new MetadataRequest("left-pad", "left-pad", Map.of(), in -> {
            if (!new String(in.readAllBytes(), StandardCharsets.UTF_8).matches("(?s)(\\S+ \\S+\\n)+")) {
                throw new IOException("not a listing");
            }
        });

        core.upstream.on("/npm-proxy/left-pad", ex -> ex.respond(200, "text/html", bytes("<html>captive portal</html>")));
        core.clock.advance(MAX_AGE);
        CachedMetadata served = core.metadata.read(proxy, checked);

        assertEquals(PACKUMENT, text(served));
        assertTrue(served.stale(), "the good copy, marked stale: the upstream's answer was unusable");
        assertEquals(List.of("metadata/npm-proxy/left-pad~" + Digests.sha256Hex(bytes(PACKUMENT))), core.blobKeys());
    }

    @Test
    void anUpstream404IsRememberedForTheNegativeCacheTimeThenAskedAgain() {
        NotFoundException first = assertThrows(NotFoundException.class, this::read);
        assertEquals("left-pad was not found in repository 'npm-proxy' or its upstream", first.getMessage());
        assertEquals(404, first.status());

        core.clock.advance(NEGATIVE_TTL.minusSeconds(1));
        assertThrows(NotFoundException.class, this::read);
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"), "remembered: the upstream is not asked again");

        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT); // published upstream meanwhile
        core.clock.advance(Duration.ofSeconds(1));
        assertEquals(PACKUMENT, text(read()));
        assertEquals(2, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void aHostedRepositoryServesItsDocumentAsPublishedAndNeverAsksAnUpstream() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        core.publish(hosted, "my-lib", "1.0.0", bytes("tarball"));

        CachedMetadata doc = core.metadata.read(hosted, document("my-lib"));
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> core.metadata.read(hosted, document("left-pad")));

        assertEquals("1.0.0 " + Digests.sha256Hex(bytes("tarball")) + "\n", text(doc));
        assertFalse(doc.stale());
        assertEquals("left-pad was not found in repository 'npm-hosted'", missing.getMessage());
        assertEquals(0, core.upstream.totalRequests());
    }
}
