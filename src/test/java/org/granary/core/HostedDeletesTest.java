package org.granary.core;

import static org.granary.core.CoreHarness.PUBLISHER;
import static org.granary.core.CoreHarness.TEXT;
import static org.granary.core.CoreHarness.artifactPath;
import static org.granary.core.CoreHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.granary.storage.Digests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one delete of a hosted version: its files and the format's document edit in one write, audited; who may
 * (administrators always, the publisher within the window); and what a client then sees. The format is the
 * harness's toy one: a package's document lists {@code <version> <sha256>} lines.
 */
@Timeout(60)
class HostedDeletesTest {

    private static final Identity ADMIN = Identity.of("ada", Set.of(Identity.ADMIN), "127.0.0.1");
    private static final Identity OTHER = Identity.of("otto", Set.of(Identity.PUBLISHER), "127.0.0.1");
    private static final byte[] V1 = bytes("left-pad 1.0.0 tarball");
    private static final byte[] V2 = bytes("left-pad 1.1.0 tarball");

    @RegisterExtension
    final CoreHarness core = new CoreHarness();
    private final HostedDeletes deletes = new HostedDeletes();
    private RepositoryInfo hosted;

    /** The toy format's deletion: the version's line leaves the listing; the last one takes the listing along. */
    private static final VersionDeletion TOY = new VersionDeletion() {
        @Override
        public Format format() {
            return Format.NPM;
        }

        @Override
        public Plan plan(RepositoryInfo repo, Identity who, String user, String name, String version,
                         Function<String, Optional<byte[]>> documents) {
            String listing = new String(documents.apply(name).orElseThrow(() -> new NotFoundException(name
                    + " is not published")), StandardCharsets.UTF_8);
            List<String> lines = Arrays.stream(listing.split("\n")).filter(l -> !l.isBlank()).toList();
            if (lines.stream().noneMatch(l -> l.startsWith(version + " "))) {
                throw new NotFoundException(name + "@" + version + " is not published");
            }
            if (lines.size() == 1) {
                return new Plan(name, version, List.of(DocumentChange.remove(name)));
            }
            return new Plan(name, version, List.of(DocumentChange.edit(name, TEXT, current -> bytes(lines.stream()
                    .filter(l -> !l.startsWith(version + " ")).map(l -> l + "\n").collect(Collectors.joining())))));
        }
    };

    @BeforeEach
    void given() {
        deletes.store = core.hosted;
        deletes.artifactDao = core.artifactDao;
        deletes.config = core.config;
        deletes.clock = core.clock;
        deletes.given = List.of(TOY);
        hosted = core.hosted("npm-hosted");
        core.publish(hosted, "left-pad", "1.0.0", V1);
        core.publish(hosted, "left-pad", "1.1.0", V2);
    }

    @Test
    void anAdministratorDeletesAVersionItsFileAndItsListingGoTogetherAndTheOtherVersionStays() {
        HostedDeletes.Deleted d = deletes.deleteVersion(hosted, ADMIN, "left-pad", "1.1.0");

        assertEquals(List.of(artifactPath("left-pad", "1.1.0")), d.files());
        assertEquals(Optional.of("1.0.0 " + Digests.sha256Hex(V1) + "\n"), core.storedDocument(hosted, "left-pad"));
        assertTrue(core.artifactRow(hosted, artifactPath("left-pad", "1.1.0")).isEmpty(), "its download is gone");
        assertTrue(core.artifactRow(hosted, artifactPath("left-pad", "1.0.0")).isPresent());
        assertEquals(1, core.auditDao.find("ada", "delete", AuditLog.SUCCESS, null, null, 0, 10).size());

        core.clock.advance(Duration.ofHours(1));
        core.cleanup.housekeeping();
        assertEquals(1, core.rows("artifact"));
        deletes.deleteVersion(hosted, ADMIN, "left-pad", "1.0.0");
        assertEquals(Optional.empty(), core.storedDocument(hosted, "left-pad"), "the last version takes the listing");
        assertEquals(0, core.rows("artifact"));
    }

    @Test
    void thePublisherMayDeleteTheirOwnVersionOnlyWithinTheWindowAndNobodyElseMay() {
        ForbiddenException other = assertThrows(ForbiddenException.class,
                () -> deletes.deleteVersion(hosted, OTHER, "left-pad", "1.1.0"));
        assertEquals("user 'otto' may not delete left-pad@1.1.0: it was published by 'paula'; only its publisher "
                + "(within PT72H of publishing) or an administrator may", other.getMessage());

        core.clock.advance(Duration.ofDays(3).plusSeconds(1));
        ForbiddenException late = assertThrows(ForbiddenException.class,
                () -> deletes.deleteVersion(hosted, PUBLISHER, "left-pad", "1.1.0"));
        assertTrue(late.getMessage().endsWith("more than PT72H ago (GRANARY_HOSTED_DELETE_WINDOW); only an "
                + "administrator may delete it now"), late.getMessage());
        assertTrue(core.artifactRow(hosted, artifactPath("left-pad", "1.1.0")).isPresent(), "nothing was removed");
        assertEquals(2, core.auditDao.find(null, "delete", AuditLog.FAILURE, null, null, 0, 10).size());

        core.clock.advance(Duration.ofDays(-3));
        deletes.deleteVersion(hosted, PUBLISHER, "left-pad", "1.1.0");
        assertTrue(core.artifactRow(hosted, artifactPath("left-pad", "1.1.0")).isEmpty());
    }

    @Test
    void anUnknownVersionIs404AProxyOrAFormatWithoutDeletesIs400AndAnonymousIs401() {
        assertEquals(404, assertThrows(NotFoundException.class,
                () -> deletes.deleteVersion(hosted, ADMIN, "left-pad", "9.9.9")).status());
        assertEquals(404, assertThrows(NotFoundException.class,
                () -> deletes.deleteVersion(hosted, ADMIN, "right-pad", "1.0.0")).status());
        assertEquals(400, assertThrows(InvalidRequestException.class,
                () -> deletes.deleteVersion(core.proxy("npm-proxy"), ADMIN, "left-pad", "1.0.0")).status());
        assertEquals(401, assertThrows(UnauthorizedException.class,
                () -> deletes.deleteVersion(hosted, Identity.ANONYMOUS, "left-pad", "1.0.0")).status());
        deletes.given = List.of();
        InvalidRequestException none = assertThrows(InvalidRequestException.class,
                () -> deletes.deleteVersion(hosted, ADMIN, "left-pad", "1.0.0"));
        assertEquals("versions of hosted npm packages cannot be deleted here", none.getMessage());
        assertEquals(2, core.rows("artifact"));
    }

    @Test
    void aDeleteSentToAGroupDeletesFromItsFirstHostedMember() {
        RepositoryInfo group = core.group("npm", "npm-hosted");
        HostedDeletes.Deleted d = deletes.deleteVersion(group, ADMIN, "left-pad", "1.0.0");
        assertEquals("npm-hosted", d.repository().name());
        assertTrue(core.artifactRow(hosted, artifactPath("left-pad", "1.0.0")).isEmpty());
    }
}
