package org.granary.core;

import static org.granary.core.CoreHarness.MAX_AGE;
import static org.granary.core.CoreHarness.READER;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.document;
import static org.granary.core.CoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a metadata read costs in database transactions (issue 9): a hit of a fresh document asks the database nothing,
 * a group's hosted member that lacks the document is not asked again for {@code GRANARY_HOSTED_ABSENT_TTL}, a miss
 * is one read and one write (the document and its release times together), and none of it hides a change.
 */
@Timeout(60)
class MetadataHitsTest {

    private static final String PACKUMENT = "1.0.0 aaa 2024-01-01T00:00:00Z\n";
    private static final String UPDATED = "1.0.0 aaa 2024-01-01T00:00:00Z\n1.1.0 bbb 2024-02-01T00:00:00Z\n";

    @RegisterExtension
    final CoreHarness core = new CoreHarness();

    private long transactionsDuring(Runnable work) {
        long before = core.db.transactions();
        work.run();
        return core.db.transactions() - before;
    }

    private static MetadataRequest listed(String name) {
        return document(name).withListing(new ReleaseListing(name, MetadataHitsTest::times));
    }

    private static Map<String, Instant> times(byte[] document) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String l : new String(document, StandardCharsets.UTF_8).split("\n")) {
            String[] f = l.split(" ");
            if (f.length >= 2) {
                out.put(f[0], f.length > 2 ? Instant.parse(f[2]) : null);
            }
        }
        return out;
    }

    @Test
    void aHitOfAFreshDocumentAsksTheDatabaseNothing() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        core.metadata.read(proxy, document("left-pad"));

        long hits = transactionsDuring(() -> {
            for (int i = 0; i < 5; i++) {
                assertEquals(PACKUMENT, text(core.metadata.read(proxy, document("left-pad"))));
            }
        });

        assertEquals(0, hits);
        assertEquals(1, core.upstreamRequests("npm-proxy", "left-pad"));
    }

    @Test
    void aDocumentKnownInMemoryIsRevalidatedOnceItsMaxAgeHasPassedAndThenServedFromMemoryAgain() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        core.metadata.read(proxy, document("left-pad"));
        core.clock.advance(MAX_AGE.plusSeconds(1));

        CachedMetadata revalidated = core.metadata.read(proxy, document("left-pad"));
        long after = transactionsDuring(() -> core.metadata.read(proxy, document("left-pad")));

        assertEquals(2, core.upstreamRequests("npm-proxy", "left-pad"), "the memory is not believed past the max age");
        assertEquals(core.clock.instant(), revalidated.fetchedAt(), "served as revalidated now");
        assertEquals(0, after);
    }

    @Test
    void aMissIsOneReadAndOneWriteWithItsReleaseTimesStoredInTheSameWrite() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", UPDATED);

        long miss = transactionsDuring(() -> core.reads.first(proxy, READER, m -> listed("left-pad")));

        assertEquals(2, miss, "the row looked up, then the row and the release times written together");
        assertEquals(Instant.parse("2024-02-01T00:00:00Z"),
                core.releaseTimes.versions(proxy, "left-pad").get("1.1.0"));
        assertEquals(0, transactionsDuring(() -> core.reads.first(proxy, READER, m -> listed("left-pad"))),
                "a hit reads neither the document's row nor its release times");
    }

    @Test
    void aNewVersionOfTheDocumentRecordsOnlyWhatIsNewAndStillInOneWrite() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        core.reads.first(proxy, READER, m -> listed("left-pad"));
        core.upstreamDocument("npm-proxy", "left-pad", UPDATED);
        core.clock.advance(MAX_AGE.plusSeconds(1));

        long refetch = transactionsDuring(() -> assertEquals(UPDATED,
                text(core.reads.first(proxy, READER, m -> listed("left-pad")))));

        assertEquals(2, refetch, "the row asked again (memory is believed a minute at most), then one write: the "
                + "document, the new version's time and the old copy's tombstone together");
        assertEquals(Map.of("1.0.0", Instant.parse("2024-01-01T00:00:00Z"), "1.1.0", Instant.parse("2024-02-01T00:00:00Z")),
                core.releaseTimes.versions(proxy, "left-pad"));
        core.releaseTimes.forget();
        assertEquals(2, core.releaseTimes.versions(proxy, "left-pad").size(), "as stored");
    }

    @Test
    void theStorageFiguresOfFetchedDocumentsAreWrittenByTheFlushNotByTheRequest() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        core.metadata.read(proxy, document("left-pad"));
        core.recorder.flush();
        core.upstreamDocument("npm-proxy", "left-pad", UPDATED);
        core.clock.advance(MAX_AGE.plusSeconds(1));
        core.metadata.read(proxy, document("left-pad"));

        org.granary.persistence.RepositoryStats before = core.recorder.statsDao.find(proxy.id()).orElseThrow();
        assertEquals(1, before.getDocumentCount());
        assertEquals(PACKUMENT.length(), before.getDocumentBytes(), "the replacement is not counted yet");
        core.recorder.flush();
        org.granary.persistence.RepositoryStats after = core.recorder.statsDao.find(proxy.id()).orElseThrow();
        assertEquals(1, after.getDocumentCount());
        assertEquals(UPDATED.length(), after.getDocumentBytes());
    }

    @Test
    void aHostedMemberWithoutTheDocumentIsNotAskedAgainForTheAbsentTtl() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        core.proxy("npm-proxy");
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.upstreamDocument("npm-proxy", "left-pad", PACKUMENT);
        core.reads.first(group, READER, m -> document("left-pad"));

        long withinTtl = transactionsDuring(() -> core.reads.first(group, READER, m -> document("left-pad")));
        core.clock.advance(Duration.ofMillis(1001)); // GRANARY_HOSTED_ABSENT_TTL's default, PT1S, has passed
        long afterTtl = transactionsDuring(() -> core.reads.first(group, READER, m -> document("left-pad")));

        assertEquals(0, withinTtl);
        assertEquals(1, afterTtl, "the hosted member is asked again");
        assertThrows(NotFoundException.class, () -> core.metadata.read(hosted, document("left-pad")));
    }

    @Test
    void aPublishThroughThisServerIsServedAtOnceThoughTheAbsenceWasRemembered() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        core.proxy("npm-proxy");
        RepositoryInfo group = core.group("npm", "npm-hosted", "npm-proxy");
        core.upstreamDocument("npm-proxy", "our-lib", PACKUMENT);
        assertEquals(PACKUMENT, text(core.reads.first(group, READER, m -> document("our-lib"))));

        core.publish(hosted, "our-lib", "2.0.0", bytes("our-lib 2.0.0"));

        assertTrue(text(core.reads.first(group, READER, m -> document("our-lib"))).startsWith("2.0.0 "),
                "the hosted member's document, not the proxy's");
        core.publish(hosted, "our-lib", "2.1.0", bytes("our-lib 2.1.0"));
        assertTrue(text(core.metadata.read(hosted, document("our-lib"))).contains("2.1.0 "), "and each change of it");
    }

    @Test
    void aHostedDocumentChangedThroughAnotherServerIsSeenOnceTheTtlHasPassed() {
        RepositoryInfo hosted = core.hosted("npm-hosted");
        core.publish(hosted, "our-lib", "1.0.0", bytes("our-lib 1.0.0"));
        assertEquals(1, text(core.metadata.read(hosted, document("our-lib"))).lines().count());

        CoreHarness.publish(core.otherServer(), hosted, "our-lib", "1.1.0", bytes("our-lib 1.1.0"));
        core.clock.advance(Duration.ofMillis(1001));

        assertEquals(2, text(core.metadata.read(hosted, document("our-lib"))).lines().count());
    }
}
