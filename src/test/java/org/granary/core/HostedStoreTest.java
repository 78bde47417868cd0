package org.granary.core;

import static org.granary.core.CoreHarness.PUBLISHER;
import static org.granary.core.CoreHarness.READER;
import static org.granary.core.CoreHarness.TARBALL;
import static org.granary.core.CoreHarness.TEXT;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.body;
import static org.granary.core.CoreHarness.bytes;
import static org.granary.core.CoreHarness.document;
import static org.granary.core.CoreHarness.listing;
import static org.granary.core.CoreHarness.sha256Of;
import static org.granary.core.CoreHarness.text;
import static org.granary.core.CoreHarness.upload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.granary.persistence.AuditEvent;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The publish transaction: what a publish makes visible, and that a failure at any step makes nothing visible and
 * leaves the version publishable. Given left-pad 1.0.0 is published, 1.1.0 is the version whose publish fails.
 */
@Timeout(60)
class HostedStoreTest {

    private static final byte[] V100 = bytes("left-pad 1.0.0 tarball");
    private static final byte[] V110 = bytes("left-pad 1.1.0 tarball");
    private static final String P110 = artifactPath("left-pad", "1.1.0");
    private static final long LIMIT = 1000;

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private RepositoryInfo hosted;

    @BeforeEach
    void given() {
        hosted = core.hosted("npm-hosted", LIMIT);
        core.publish(hosted, "left-pad", "1.0.0", V100);
    }

    private static String line(String version, byte[] tarball) {
        return version + " " + Digests.sha256Hex(tarball) + "\n";
    }

    @Test
    void aPublishMakesTheArtifactAndTheDocumentVisibleTogether() {
        HostedStore.Committed committed = core.publish(hosted, "left-pad", "1.1.0", V110);

        assertEquals(Digests.sha256Hex(V110), committed.file(P110).sha256());
        assertEquals(Optional.of(line("1.0.0", V100) + line("1.1.0", V110)), core.storedDocument(hosted, "left-pad"));
        assertArrayEquals(V110, body(core.reads.artifact(hosted, Identity.ANONYMOUS, P110, m -> {
            throw new AssertionError("hosted");
        })));
        assertEquals(line("1.0.0", V100) + line("1.1.0", V110),
                text(core.reads.first(hosted, Identity.ANONYMOUS, m -> document("left-pad"))));
        assertEquals("paula", core.artifactRow(hosted, P110).orElseThrow().getPublishedBy());
        List<AuditEvent> audit = core.auditDao.find("paula", "publish", AuditLog.SUCCESS, null, null, 0, 10);
        assertEquals(List.of("npm-hosted/left-pad@1.1.0", "npm-hosted/left-pad@1.0.0"),
                audit.stream().map(AuditEvent::getTarget).toList());
        assertEquals(List.of(), core.spoolFiles());
    }

    // ---------------------------------------------------------------- a failure at each step

    @Test
    void anUploadOverTheRepositoryLimitIsRefusedWith413AndStoresNothing() {
        byte[] tooLarge = new byte[(int) LIMIT + 1];
        Snapshot before = snapshot();

        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> publish("1.1.0", tooLarge));

        assertEquals(413, e.status());
        assertEquals("left-pad@1.1.0 is larger than the 1000 bytes this repository accepts; nothing was stored",
                e.getMessage());
        assertNothingChanged(before);
        assertNextPublishWorks(new byte[(int) LIMIT]);
    }

    @Test
    void anUploadThatDoesNotMatchItsDeclaredHashIsRefusedWith400AndStoresNothing() {
        Snapshot before = snapshot();

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> {
            try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "publish", "left-pad@1.1.0")) {
                write.spool(P110, new ByteArrayInputStream(bytes("truncated")), upload("left-pad", "1.1.0", V110));
                write.updateDocument("left-pad", TEXT, listing("1.1.0", Digests.sha256Hex(V110)));
                write.commit("published");
            }
        });

        assertEquals(400, e.status());
        assertEquals("checksum mismatch for left-pad@1.1.0: the client declared " + sha256Of(V110)
                + " but the uploaded file has sha256:" + Digests.sha256Hex(bytes("truncated")) + "; nothing was stored",
                e.getMessage());
        assertNothingChanged(before);
        assertNextPublishWorks(V110);
    }

    @Test
    void aDocumentEditThatRefusesTheUploadStoresNothing() {
        Snapshot before = snapshot();

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> {
            try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "publish", "left-pad@1.1.0")) {
                write.spool(P110, new ByteArrayInputStream(V110), upload("left-pad", "1.1.0", V110));
                write.updateDocument("left-pad", TEXT, current -> {
                    throw new InvalidRequestException("the manifest in the tarball names another package");
                });
                write.commit("published");
            }
        });

        assertEquals("the manifest in the tarball names another package", e.getMessage());
        assertNothingChanged(before);
        assertEquals(1, core.auditDao.find("paula", "publish", AuditLog.FAILURE, null, null, 0, 10).size(),
                "the refusal is audited");
        assertNextPublishWorks(V110);
    }

    @Test
    void aDatabaseThatRefusesTheCommitLeavesNoRowAndNoBlob() {
        Snapshot before = snapshot();
        core.publications.afterWrites = (artifacts, documents) -> {
            throw new PersistenceException("injected: the database refused the commit");
        };

        PersistenceException e = assertThrows(PersistenceException.class, () -> publish("1.1.0", V110));

        assertEquals("injected: the database refused the commit", e.getMessage());
        assertNothingChanged(before);
        core.publications.afterWrites = (artifacts, documents) -> { };
        assertNextPublishWorks(V110);
    }

    @Test
    void aBlobStoreThatFailsToStoreTheArtifactLeavesNothing() {
        Snapshot before = snapshot();
        core.blobs.refusePuts(key -> key.toString().startsWith("artifacts/"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> publish("1.1.0", V110));

        assertTrue(e.getMessage().startsWith("storing npm-hosted/left-pad@1.1.0 failed: injected failure"), e.getMessage());
        assertNothingChanged(before);
        core.blobs.acceptPuts();
        assertNextPublishWorks(V110);
    }

    @Test
    void aBlobStoreThatFailsToStoreTheDocumentRemovesTheArtifactItStored() {
        Snapshot before = snapshot();
        core.blobs.refusePuts(key -> key.toString().startsWith("metadata/"));

        assertThrows(UncheckedIOException.class, () -> publish("1.1.0", V110));

        assertNothingChanged(before);
        core.blobs.acceptPuts();
        assertNextPublishWorks(V110);
    }

    @Test
    void aDocumentAnotherServerChangedMeanwhileIsEditedAgainFromItsNewVersion() {
        HostedStore otherServer = core.otherServer();
        AtomicBoolean once = new AtomicBoolean();
        core.publications.beforeCommit = (artifacts, documents) -> {
            if (once.compareAndSet(false, true)) {
                onAnotherThread(i -> CoreHarness.publish(otherServer, hosted, "left-pad", "1.0.1", bytes("1.0.1")));
            }
        };

        publish("1.1.0", V110);

        assertEquals(Optional.of(line("1.0.0", V100) + line("1.0.1", bytes("1.0.1")) + line("1.1.0", V110)),
                core.storedDocument(hosted, "left-pad"), "both writers' versions are listed");
    }

    @Test
    void aDocumentThatKeepsChangingFailsThePublishWith409AndStoresNothingOfIt() {
        HostedStore otherServer = core.otherServer();
        AtomicInteger otherVersions = new AtomicInteger();
        core.publications.beforeCommit = (artifacts, documents) -> onAnotherThread(i -> CoreHarness.publish(
                otherServer, hosted, "left-pad", "1.0." + otherVersions.incrementAndGet(), bytes("other")));

        ConflictException e = assertThrows(ConflictException.class, () -> publish("1.1.0", V110));

        assertEquals(409, e.status());
        assertEquals("a document of npm-hosted/left-pad@1.1.0 kept changing while this write was applied; try again",
                e.getMessage());
        assertFalse(core.artifactRow(hosted, P110).isPresent());
        String doc = core.storedDocument(hosted, "left-pad").orElseThrow();
        assertFalse(doc.contains("1.1.0"), doc);
        assertEquals(1 + otherVersions.get(), doc.lines().count(), "every version the other server published is kept");
        long blobsOfOurs = core.blobKeys().stream().filter(k -> k.contains("1.1.0")).count();
        assertEquals(0, blobsOfOurs, core.blobKeys().toString());

        core.publications.beforeCommit = (artifacts, documents) -> { };
        assertNextPublishWorks(V110);
    }

    /**
     * Two servers commit changes of one document at the same moment: the second read the version the first is
     * replacing. Its change must be computed again from the first one's, not written over it (a lost update would
     * leave a stored version that no document lists and that can never be published again).
     */
    @Test
    void twoServersChangingOneDocumentAtTheSameMomentBothGetListed() throws Exception {
        HostedStore otherServer = core.otherServer();
        AtomicReference<Callers<HostedStore.Committed>> other = new AtomicReference<>();
        core.publications.afterWrites = (artifacts, documents) -> {
            if (other.get() == null) {
                // This server's change is written, not committed: the other server commits its own now.
                other.set(Callers.start(1,
                        i -> CoreHarness.publish(otherServer, hosted, "left-pad", "1.0.1", bytes("1.0.1"))));
                try {
                    other.get().awaitAllWaiting(); // held by this transaction's lock on the document row
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        publish("1.1.0", V110);
        Callers.Outcome<HostedStore.Committed> theirs = other.get().join().get(0);

        assertTrue(theirs.succeeded(), String.valueOf(theirs.failure()));
        String doc = core.storedDocument(hosted, "left-pad").orElseThrow();
        assertTrue(doc.contains("1.1.0 ") && doc.contains("1.0.1 "), "both versions are listed: " + doc);
    }

    // ---------------------------------------------------------------- replacing

    @Test
    void aReleasedVersionCannotBeReplaced() {
        ConflictException early = assertThrows(ConflictException.class, () -> publish("1.0.0", bytes("rebuilt")));
        ConflictException late = assertThrows(ConflictException.class, () -> {
            try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "publish", "left-pad@1.0.0")) {
                // a format that skipped requireAbsent is still refused at commit
                write.spool(artifactPath("left-pad", "1.0.0"), new ByteArrayInputStream(bytes("rebuilt")),
                        upload("left-pad", "1.0.0", bytes("rebuilt")));
                write.updateDocument("left-pad", TEXT, listing("1.0.0", "rebuilt"));
                write.commit("published");
            }
        });

        assertEquals(409, early.status());
        assertEquals("left-pad@1.0.0 is already published in repository 'npm-hosted' and cannot be replaced; "
                + "publish a new version", early.getMessage());
        assertEquals(409, late.status());
        assertArrayEquals(V100, body(core.artifacts.stored(hosted, artifactPath("left-pad", "1.0.0")).orElseThrow()));
        assertEquals(Optional.of(line("1.0.0", V100)), core.storedDocument(hosted, "left-pad"));
        assertEquals(List.of(), core.spoolFiles());
    }

    @Test
    void aReplaceableUploadIsReplacedAndTheOldBlobRemoved() {
        String snapshot = "left-pad/-/left-pad-2.0.0-SNAPSHOT.tgz";

        replaceable(snapshot, bytes("first build"));
        replaceable(snapshot, bytes("second build"));

        assertArrayEquals(bytes("second build"), body(core.artifacts.stored(hosted, snapshot).orElseThrow()));
        // the first build's blob is retired: kept for the cleanup grace (a client may still be downloading it)
        assertEquals(2, core.blobKeys().stream().filter(k -> k.contains("SNAPSHOT")).count(), core.blobKeys().toString());
        settleRetiredBlobs();
        assertEquals(1, core.blobKeys().stream().filter(k -> k.contains("SNAPSHOT")).count(), core.blobKeys().toString());
    }

    @Test
    void theStorageFiguresFollowEveryPublishReplacementAndRemovalAsTheyHappen() {
        String snapshot = "left-pad/-/left-pad-2.0.0-SNAPSHOT.tgz";
        core.publish(hosted, "left-pad", "1.1.0", V110);
        replaceable(snapshot, bytes("first build"));
        replaceable(snapshot, bytes("the second build"));
        assertEquals(List.of(3L, (long) V100.length + V110.length + 16, 1L,
                        (long) (line("1.0.0", V100) + line("1.1.0", V110)).length()), figures(),
                "three artifacts (the snapshot counted once, at its new size) and the package's document");

        try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "unpublish", "left-pad@1.1.0")) {
            write.removeFile(P110);
            write.updateDocument("left-pad", TEXT, current -> bytes(line("1.0.0", V100)));
            write.commit("unpublished");
        }

        List<Long> moved = figures();
        assertEquals(List.of(2L, (long) V100.length + 16, 1L, (long) line("1.0.0", V100).length()), moved);
        core.recorder.statsDao.recountStorage(hosted.id());
        assertEquals(moved, figures(), "what a full recount finds: the statements that change rows move the figures");
    }

    /** {@code GET api/repositories/{name}}'s storage figures: artifacts, their bytes, documents, their bytes. */
    private List<Long> figures() {
        org.granary.persistence.RepositoryStats s = core.recorder.statsDao.find(hosted.id()).orElseThrow();
        return List.of(s.getArtifactCount(), s.getArtifactBytes(), s.getDocumentCount(), s.getDocumentBytes());
    }

    /** Lets the cleanup grace pass and runs the cleanup job's housekeeping: retired blobs are deleted. */
    private void settleRetiredBlobs() {
        core.clock.advance(java.time.Duration.ofHours(1));
        core.cleanup.housekeeping();
    }

    private void replaceable(String path, byte[] content) {
        try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "deploy", path)) {
            write.spool(path, new ByteArrayInputStream(content), new HostedStore.Upload(
                    CoreHarness.coordinates("left-pad", "2.0.0-SNAPSHOT"), TARBALL, Optional.empty(), true));
            write.commit("deployed");
        }
    }

    @Test
    void ofConcurrentPublishesOfOneVersionOnTwoServersExactlyOneWins() throws Exception {
        HostedStore otherServer = core.otherServer();
        int clients = 8;

        List<Callers.Outcome<HostedStore.Committed>> outcomes = Callers.start(clients, i -> CoreHarness.publish(
                i % 2 == 0 ? core.hosted : otherServer, hosted, "left-pad", "1.1.0", bytes("build " + i))).join();

        List<Callers.Outcome<HostedStore.Committed>> won = outcomes.stream().filter(Callers.Outcome::succeeded).toList();
        assertEquals(1, won.size(), outcomes.toString());
        for (Callers.Outcome<HostedStore.Committed> o : outcomes) {
            if (!o.succeeded()) {
                assertInstanceOf(ConflictException.class, o.failure());
            }
        }
        String winner = won.get(0).value().file(P110).sha256();
        assertEquals(Optional.of(line("1.0.0", V100) + "1.1.0 " + winner + "\n"), core.storedDocument(hosted, "left-pad"));
        assertEquals(winner, Digests.sha256Hex(body(core.artifacts.stored(hosted, P110).orElseThrow())));
        settleRetiredBlobs(); // the document's replaced version waits for the grace
        assertEquals(3, core.blobKeys().size(), "two artifacts and the document's current version, no loser's blob: "
                + core.blobKeys());
        assertEquals(List.of(), core.spoolFiles());
    }

    // ---------------------------------------------------------------- who may publish where

    @Test
    void onlyAPublisherMayPublishAndTheRefusalIsAudited() {
        UnauthorizedException anonymous = assertThrows(UnauthorizedException.class,
                () -> core.hosted.begin(hosted, Identity.ANONYMOUS, "publish", "left-pad@1.1.0"));
        ForbiddenException reader = assertThrows(ForbiddenException.class,
                () -> core.hosted.begin(hosted, READER, "publish", "left-pad@1.1.0"));
        RepositoryInfo teamOnly = core.repositories.create(new RepositoryService.Spec("npm-team", Format.NPM,
                RepositoryType.HOSTED, null, null, null, List.of("tom"), null, null, null, null, null, null));
        ForbiddenException notListed = assertThrows(ForbiddenException.class,
                () -> core.hosted.begin(teamOnly, PUBLISHER, "publish", "left-pad@1.1.0"));

        assertEquals(401, anonymous.status());
        assertEquals("authentication required to publish to repository 'npm-hosted'", anonymous.getMessage());
        assertEquals(403, reader.status());
        assertEquals("user 'paula' may not publish to repository 'npm-team'", notListed.getMessage());
        assertEquals(3, core.auditDao.find(null, "publish", AuditLog.FAILURE, null, null, 0, 10).size());
    }

    @Test
    void aPublishToAGroupGoesToItsFirstHostedMemberAndAProxyTakesNone() {
        RepositoryInfo proxy = core.proxy("npm-proxy");
        core.group("npm-inner", "npm-proxy", "npm-hosted");
        RepositoryInfo group = core.group("npm", "npm-inner");

        HostedStore.Committed committed = core.publish(group, "left-pad", "1.1.0", V110);
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> core.hosted.begin(proxy, PUBLISHER, "publish", "left-pad@1.1.0"));

        assertEquals("npm-hosted", committed.repository().name());
        assertTrue(core.artifactRow(hosted, P110).isPresent());
        assertEquals(400, refused.status());
        assertEquals("repository 'npm-proxy' is a proxy and accepts no publishes; publish to a hosted npm repository "
                + "or to a group that has one", refused.getMessage());
    }

    @Test
    void aWriteThatRemovesADocumentAndItsFilesRemovesThemInOneCommitAndDeletesTheirBlobs() {
        publish("1.1.0", V110);
        settleRetiredBlobs(); // what earlier publishes replaced is gone first
        List<String> blobsBefore = core.blobKeys();
        try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "unpublish", "left-pad")) {
            write.removeFile(artifactPath("left-pad", "1.0.0"));
            write.removeFile(P110);
            write.removeDocument("left-pad", current -> assertTrue(new String(current, java.nio.charset.StandardCharsets.UTF_8).contains("1.1.0")));
            write.commit("whole package");
        }
        assertEquals(Optional.empty(), core.storedDocument(hosted, "left-pad"));
        assertEquals(0, core.rows("artifact"));
        settleRetiredBlobs(); // removed blobs are retired like replaced ones: kept for the cleanup grace, then deleted
        assertEquals(blobsBefore.size() - 3, core.blobKeys().size(), "the two tarballs' and the document's blobs are gone");
        assertThrows(NotFoundException.class, () -> core.reads.first(hosted, Identity.ANONYMOUS, m -> document("left-pad")));
        assertEquals(1, core.auditDao.find("paula", "unpublish", AuditLog.SUCCESS, null, null, 0, 10).size());
        assertNextPublishWorksAfterRemoval();
    }

    @Test
    void aRemovalWhoseCheckRefusesTheDocumentAsItIsNowRemovesNothing() {
        Snapshot before = snapshot();
        try (HostedStore.Write write = core.hosted.begin(hosted, PUBLISHER, "unpublish", "left-pad")) {
            write.removeFile(artifactPath("left-pad", "1.0.0"));
            write.removeDocument("left-pad", current -> {
                throw new ConflictException("left-pad changed while it was being unpublished");
            });
            assertThrows(ConflictException.class, () -> write.commit("whole package"));
        }
        assertEquals(before, snapshot());
        assertEquals(1, core.auditDao.find("paula", "unpublish", AuditLog.FAILURE, null, null, 0, 10).size());
    }

    private void assertNextPublishWorksAfterRemoval() {
        publish("1.0.0", V100);
        assertEquals(Optional.of(line("1.0.0", V100)), core.storedDocument(hosted, "left-pad"));
    }

    // ---------------------------------------------------------------- helpers

    private HostedStore.Committed publish(String version, byte[] content) {
        return core.publish(hosted, "left-pad", version, content);
    }

    /** What a reader or an operator could see of the repository. */
    private record Snapshot(Optional<String> document, long artifactRows, List<String> blobs) {
    }

    private Snapshot snapshot() {
        return new Snapshot(core.storedDocument(hosted, "left-pad"), core.rows("artifact"), core.blobKeys());
    }

    private void assertNothingChanged(Snapshot before) {
        assertEquals(before, snapshot(), "no trace of the failed publish");
        assertFalse(core.artifactRow(hosted, P110).isPresent());
        assertThrows(NotFoundException.class, () -> core.reads.artifact(hosted, Identity.ANONYMOUS, P110, m -> {
            throw new AssertionError("hosted");
        }));
        assertEquals(List.of(), core.spoolFiles(), "spool files released");
    }

    private void assertNextPublishWorks(byte[] content) {
        String before = core.storedDocument(hosted, "left-pad").orElseThrow();
        publish("1.1.0", content);
        assertEquals(Optional.of(before + line("1.1.0", content)), core.storedDocument(hosted, "left-pad"));
        assertArrayEquals(content, body(core.artifacts.stored(hosted, P110).orElseThrow()));
    }

    /** Runs {@code work} on a thread of its own (its own transactions, as on another server) and waits for it. */
    private static void onAnotherThread(Callers.Call<?> work) {
        try {
            Callers.Outcome<?> o = Callers.start(1, work).join().get(0);
            if (!o.succeeded()) {
                throw new AssertionError("the other server's write failed", o.failure());
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
