package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.granary.core.ForbiddenException;
import org.granary.core.Format;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryType;
import org.granary.core.Identity;
import org.granary.core.NotFoundException;
import org.granary.core.VersionDeletion;
import org.junit.jupiter.api.Test;

/** Deleting a hosted npm version through the one delete service: npm unpublish's edit of the packument. */
class NpmVersionDeletionTest {

    private static final Identity PAULA = Identity.of("paula", Set.of(Identity.PUBLISHER), "-");
    private static final String PACKUMENT = "{\"_id\":\"demo\",\"_rev\":\"2-abc\",\"name\":\"demo\","
            + "\"dist-tags\":{\"latest\":\"1.1.0\"},\"versions\":{"
            + "\"1.0.0\":{\"name\":\"demo\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"x/demo/-/demo-1.0.0.tgz\"}},"
            + "\"1.1.0\":{\"name\":\"demo\",\"version\":\"1.1.0\",\"dist\":{\"tarball\":\"x/demo/-/demo-1.1.0.tgz\"}}},"
            + "\"time\":{\"1.0.0\":\"2025-01-01T00:00:00Z\",\"1.1.0\":\"2025-01-02T00:00:00Z\"}%s}";

    private static final RepositoryInfo HOSTED = new RepositoryInfo(1, "npm-hosted", Format.NPM, RepositoryType.HOSTED,
            Optional.empty(), java.time.Duration.ZERO, java.util.List.of());
    private final NpmVersionDeletion deletion = new NpmVersionDeletion();

    {
        deletion.clock = Clock.fixed(Instant.parse("2025-01-03T00:00:00Z"), ZoneOffset.UTC);
    }

    private static byte[] packument(String extra) {
        return String.format(PACKUMENT, extra).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theVersionLeavesThePacumentAsNpmUnpublishLeavesItAndLatestMoves() {
        VersionDeletion.Plan plan = deletion.plan(HOSTED, PAULA, "paula", "demo", "1.1.0", p -> Optional.of(packument("")));
        assertEquals("demo", plan.packageName());
        JsonObject after = Json.createReader(new StringReader(new String(plan.changes().get(0).edit()
                .apply(Optional.of(packument(""))), StandardCharsets.UTF_8))).readObject();
        assertEquals(Set.of("1.0.0"), after.getJsonObject("versions").keySet());
        assertEquals("1.0.0", after.getJsonObject("dist-tags").getString("latest"));
        assertTrue(after.getJsonObject("time").containsKey("1.1.0"), "the version number stays taken");
        assertTrue(after.getString("_rev").startsWith("3-"), "a new revision");
    }

    @Test
    void aPackageWithOwnersIsTheirsAndAnUnknownVersionIs404() {
        byte[] owned = packument(",\"maintainers\":[{\"name\":\"olga\",\"email\":\"\"}]");
        assertThrows(ForbiddenException.class,
                () -> deletion.plan(HOSTED, PAULA, "paula", "demo", "1.1.0", p -> Optional.of(owned)));
        assertThrows(NotFoundException.class,
                () -> deletion.plan(HOSTED, PAULA, "paula", "demo", "2.0.0", p -> Optional.of(packument(""))));
    }
}
