package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.granary.core.ExpectedDigest;
import org.granary.core.ForbiddenException;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.junit.jupiter.api.Test;

class HostedPackumentTest {

    private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2025-02-01T00:00:00Z");
    private static final String SHA512 = "sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]);

    @Test
    void aPublishBodyNamesOneVersionItsTarballTagsAndDeclaredHash() {
        HostedPackument.Publication p = HostedPackument.publication("@s/w", body("@s/w", "1.2.0", "beta"),
                Set.of("@s/w-1.2.0.tgz"));

        assertEquals("1.2.0", p.version());
        assertEquals(Map.of("beta", "1.2.0"), p.distTags());
        assertEquals("@s/w/-/w-1.2.0.tgz", p.artifactPath());
        assertEquals(ExpectedDigest.Algorithm.SHA512, p.declared().orElseThrow().algorithm());
    }

    @Test
    void publishBodiesThatDisagreeWithThemselvesAreRefused() {
        assertThrows(InvalidRequestException.class,
                () -> HostedPackument.publication("other", body("pkg", "1.0.0", "latest"), Set.of("pkg-1.0.0.tgz")));
        assertThrows(InvalidRequestException.class,
                () -> HostedPackument.publication("pkg", body("pkg", "1.0.0", "latest"), Set.of("pkg-1.0.1.tgz")));
        assertThrows(InvalidRequestException.class,
                () -> HostedPackument.publication("pkg", body("pkg", "1.0.0", "latest"), Set.of()));
        assertThrows(InvalidRequestException.class,
                () -> HostedPackument.publication("pkg", body("pkg", "1.0", "latest"), Set.of("pkg-1.0.tgz")));
        JsonObject mismatched = Json.createObjectBuilder(body("pkg", "1.0.0", "latest"))
                .add("versions", Json.createObjectBuilder().add("1.0.0", Json.createObjectBuilder()
                        .add("name", "pkg").add("version", "2.0.0"))).build();
        assertThrows(InvalidRequestException.class,
                () -> HostedPackument.publication("pkg", mismatched, Set.of("pkg-1.0.0.tgz")));
    }

    @Test
    void theFirstPublishCreatesThePackumentWithTimeTagsAndARelativeTarball() {
        JsonObject doc = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);

        assertEquals("pkg", doc.getString("_id"));
        assertEquals("1.0.0", doc.getJsonObject("dist-tags").getString("latest"));
        JsonObject v = doc.getJsonObject("versions").getJsonObject("1.0.0");
        assertEquals("pkg/-/pkg-1.0.0.tgz", v.getJsonObject("dist").getString("tarball"));
        assertEquals(STORED_INTEGRITY, v.getJsonObject("dist").getString("integrity"));
        assertEquals("alice", v.getJsonObject("_npmUser").getString("name"));
        assertEquals("the description", doc.getString("description"));
        assertFalse(doc.containsKey("_attachments"));
        assertFalse(doc.containsKey("access"), "request-only fields are not stored");
        assertEquals(T1.toString(), doc.getJsonObject("time").getString("created"));
        assertEquals(T1.toString(), doc.getJsonObject("time").getString("1.0.0"));
    }

    @Test
    void laterPublishesAddVersionsKeepCreatedAndMoveOnlyTheirTags() {
        JsonObject first = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);
        JsonObject second = publish(Optional.of(first), "pkg", "2.0.0-rc.1", "next", T2);

        assertEquals(List.of("1.0.0", "2.0.0-rc.1"), List.copyOf(second.getJsonObject("versions").keySet()));
        assertEquals("1.0.0", second.getJsonObject("dist-tags").getString("latest"));
        assertEquals("2.0.0-rc.1", second.getJsonObject("dist-tags").getString("next"));
        assertEquals(T1.toString(), second.getJsonObject("time").getString("created"));
        assertEquals(T2.toString(), second.getJsonObject("time").getString("modified"));
    }

    @Test
    void aPackageFirstPublishedUnderATagStillGetsALatestVersion() {
        JsonObject doc = publish(Optional.empty(), "pkg", "1.0.0-beta.1", "beta", T1);

        assertEquals("1.0.0-beta.1", doc.getJsonObject("dist-tags").getString("latest"));
        assertEquals("1.0.0-beta.1", doc.getJsonObject("dist-tags").getString("beta"));
        JsonObject next = publish(Optional.of(doc), "pkg", "1.0.0-beta.2", "beta", T2);
        assertEquals("1.0.0-beta.1", next.getJsonObject("dist-tags").getString("latest"), "an existing latest stays");
    }

    @Test
    void republishingAVersionIsRefusedWithNpmsMessage() {
        JsonObject first = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);

        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> publish(Optional.of(first), "pkg", "1.0.0", "latest", T2));
        assertEquals("You cannot publish over the previously published versions: 1.0.0.", e.getMessage());
    }

    @Test
    void newPackagesNeedLowerCaseNamesButLegacyOnesMayGrow() {
        assertThrows(InvalidRequestException.class, () -> publish(Optional.empty(), "BigName", "1.0.0", "latest", T1));
        JsonObject legacy = Json.createObjectBuilder().add("name", "BigName")
                .add("versions", Json.createObjectBuilder()).build();
        assertEquals("2.0.0", publish(Optional.of(legacy), "BigName", "2.0.0", "latest", T1)
                .getJsonObject("dist-tags").getString("latest"));
    }

    @Test
    void deprecationChangesOnlyTheDeprecatedFieldOfExistingVersions() {
        JsonObject doc = publish(Optional.of(publish(Optional.empty(), "pkg", "1.0.0", "latest", T1)),
                "pkg", "2.0.0", "latest", T1);
        JsonObject put = Json.createObjectBuilder(doc)
                .add("description", "changed by the client")
                .add("versions", Json.createObjectBuilder(doc.getJsonObject("versions"))
                        .add("1.0.0", Json.createObjectBuilder(doc.getJsonObject("versions").getJsonObject("1.0.0"))
                                .add("deprecated", "use 2").add("main", "evil.js")))
                .build();

        HostedPackument.Deprecation d = HostedPackument.deprecate(doc, put, T2);

        assertEquals(Map.of("1.0.0", "use 2"), d.changed());
        JsonObject v1 = d.packument().getJsonObject("versions").getJsonObject("1.0.0");
        assertEquals("use 2", v1.getString("deprecated"));
        assertFalse(v1.containsKey("main"), "other changes are ignored");
        assertEquals("the description", d.packument().getString("description"));
        assertFalse(d.packument().getJsonObject("versions").getJsonObject("2.0.0").containsKey("deprecated"));

        JsonObject undo = Json.createObjectBuilder(put).add("versions", Json.createObjectBuilder()
                .add("1.0.0", Json.createObjectBuilder().add("deprecated", ""))).build();
        HostedPackument.Deprecation undone = HostedPackument.deprecate(d.packument(), undo, T2);
        assertEquals(Map.of("1.0.0", ""), undone.changed());
        assertFalse(undone.packument().getJsonObject("versions").getJsonObject("1.0.0").containsKey("deprecated"));
    }

    @Test
    void aDocumentPutCannotAddVersions() {
        JsonObject doc = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);
        JsonObject put = Json.createObjectBuilder().add("versions", Json.createObjectBuilder()
                .add("9.9.9", Json.createObjectBuilder().add("deprecated", "x"))).build();
        assertThrows(InvalidRequestException.class, () -> HostedPackument.deprecate(doc, put, T2));
    }

    @Test
    void distTagsPointAtPublishedVersionsAndLatestStays() {
        JsonObject doc = publish(Optional.of(publish(Optional.empty(), "pkg", "1.0.0", "latest", T1)),
                "pkg", "2.0.0", "latest", T1);

        JsonObject tagged = HostedPackument.withDistTag(doc, "beta", "1.0.0", T2);
        assertEquals("1.0.0", tagged.getJsonObject("dist-tags").getString("beta"));
        assertThrows(NotFoundException.class, () -> HostedPackument.withDistTag(doc, "beta", "3.0.0", T2));
        assertThrows(InvalidRequestException.class, () -> HostedPackument.withDistTag(doc, "1.0.0", "1.0.0", T2));

        JsonObject untagged = HostedPackument.withoutDistTag(tagged, "beta", T2);
        assertFalse(untagged.getJsonObject("dist-tags").containsKey("beta"));
        assertThrows(InvalidRequestException.class, () -> HostedPackument.withoutDistTag(tagged, "latest", T2));
        assertThrows(NotFoundException.class, () -> HostedPackument.withoutDistTag(untagged, "beta", T2));
    }

    @Test
    void aGroupListsHostedVersionsFirstAndHostedWinsConflictsAndTags() {
        JsonObject hosted = json("{\"name\":\"both\",\"description\":\"hosted\",\"dist-tags\":{\"latest\":\"1.0.0\"},"
                + "\"versions\":{\"0.5.0\":{\"h\":1},\"1.0.0\":{\"h\":1}},"
                + "\"time\":{\"created\":\"2025-03-01T00:00:00Z\",\"modified\":\"2025-03-02T00:00:00Z\",\"1.0.0\":\"h\"}}");
        JsonObject proxy = json("{\"name\":\"both\",\"description\":\"proxy\",\"dist-tags\":{\"latest\":\"3.0.0\",\"next\":\"4.0.0-rc\"},"
                + "\"versions\":{\"1.0.0\":{\"p\":1},\"2.0.0\":{\"p\":1},\"3.0.0\":{\"p\":1}},"
                + "\"time\":{\"created\":\"2020-01-01T00:00:00Z\",\"modified\":\"2021-01-01T00:00:00Z\",\"1.0.0\":\"p\",\"2.0.0\":\"p\"}}");

        JsonObject merged = HostedPackument.mergeGroup(List.of(hosted, proxy));

        assertEquals(List.of("0.5.0", "1.0.0", "2.0.0", "3.0.0"), List.copyOf(merged.getJsonObject("versions").keySet()));
        assertEquals(1, merged.getJsonObject("versions").getJsonObject("1.0.0").getInt("h"));
        assertEquals("1.0.0", merged.getJsonObject("dist-tags").getString("latest"));
        assertEquals("4.0.0-rc", merged.getJsonObject("dist-tags").getString("next"));
        assertEquals("hosted", merged.getString("description"));
        JsonObject time = merged.getJsonObject("time");
        assertEquals("2020-01-01T00:00:00Z", time.getString("created"));
        assertEquals("2025-03-02T00:00:00Z", time.getString("modified"));
        assertEquals("h", time.getString("1.0.0"));
        assertEquals("p", time.getString("2.0.0"));
        assertTrue(HostedPackument.mergeGroup(List.of(proxy)) == proxy);
    }

    /** What Granary computed of a stored tarball in these tests (the client's declared hashes are never served). */
    private static final String STORED_SHA1 = "a".repeat(40);
    private static final String STORED_SHA512 = "b".repeat(128);
    private static final String STORED_INTEGRITY = "sha512-"
            + java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(STORED_SHA512));

    @Test
    void aPublishedVersionCarriesTheHashesGranaryComputedNotTheClients() {
        JsonObject packument = publish(Optional.empty(), "left-pad", "1.0.0", "latest", Instant.parse("2025-01-01T00:00:00Z"));
        JsonObject dist = packument.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist");
        assertEquals(STORED_SHA1, dist.getString("shasum"));
        assertEquals(STORED_INTEGRITY, dist.getString("integrity"));
    }

    @Test
    void unpublishingAVersionDropsItsDocumentAndTagsMovesLatestAndKeepsItsNumberTaken() {
        JsonObject doc = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);
        doc = publish(Optional.of(doc), "pkg", "1.1.0", "latest", T1);
        doc = publish(Optional.of(doc), "pkg", "2.0.0-rc.1", "next", T1);
        doc = publish(Optional.of(doc), "pkg", "1.2.0", "latest", T1);
        doc = HostedPackument.withDistTag(doc, "stable", "1.2.0", T1);

        JsonObject without = HostedPackument.withoutVersions(doc, Set.of("1.2.0"), T2);

        assertEquals(Set.of("1.0.0", "1.1.0", "2.0.0-rc.1"), without.getJsonObject("versions").keySet());
        assertEquals(Map.of("latest", "1.1.0", "next", "2.0.0-rc.1"), HostedPackument.distTags(without).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString())),
                "latest: the highest remaining release, never the pre-release; a tag at the version is gone");
        assertEquals(T2.toString(), without.getJsonObject("time").getString("modified"));
        assertTrue(without.getJsonObject("time").containsKey("1.2.0"), "the version's time stays");
        ForbiddenException again = assertThrows(ForbiddenException.class, () -> publish(Optional.of(without), "pkg",
                "1.2.0", "latest", T2));
        assertEquals("You cannot publish over the previously published versions: 1.2.0.", again.getMessage());
        assertEquals(Set.of("1.2.0"), HostedPackument.removedVersions(doc, without));
        assertEquals(Optional.of("alice"), HostedPackument.publisher(doc, "1.2.0"));
        assertEquals(Optional.of(T1), HostedPackument.publishedAt(doc, "1.2.0"));
        assertEquals("pkg/-/pkg-1.2.0.tgz", HostedPackument.tarballPath(doc, "1.2.0"));
    }

    @Test
    void anUnpublishThatWouldLeaveNothingOrAddsAVersionIsRefused() {
        JsonObject doc = publish(Optional.empty(), "pkg", "1.0.0", "latest", T1);
        InvalidRequestException all = assertThrows(InvalidRequestException.class,
                () -> HostedPackument.withoutVersions(doc, Set.of("1.0.0"), T2));
        assertEquals("unpublishing every version of pkg removes the package: use npm unpublish pkg --force",
                all.getMessage());
        assertThrows(NotFoundException.class, () -> HostedPackument.withoutVersions(doc, Set.of("9.9.9"), T2));
        JsonObject adding = Json.createObjectBuilder(doc).add("versions", Json.createObjectBuilder()
                .add("1.0.0", doc.getJsonObject("versions").get("1.0.0")).add("3.0.0", Json.createObjectBuilder())).build();
        assertThrows(InvalidRequestException.class, () -> HostedPackument.removedVersions(doc, adding));
    }

    @Test
    void everyStoredPackumentCarriesARevisionThatWritesNamingAnotherOneAreRefusedWith() {
        JsonObject first = HostedPackument.revised(Optional.empty(), publish(Optional.empty(), "pkg", "1.0.0", "latest", T1));
        JsonObject second = HostedPackument.revised(Optional.of(first), HostedPackument.withDistTag(first, "beta", "1.0.0", T2));

        assertTrue(first.getString("_rev").matches("1-[0-9a-f]{32}"), first.getString("_rev"));
        assertTrue(second.getString("_rev").startsWith("2-"), second.getString("_rev"));
        HostedPackument.requireRevision(second, second.getString("_rev"));
        org.granary.core.ConflictException stale = assertThrows(org.granary.core.ConflictException.class,
                () -> HostedPackument.requireRevision(second, first.getString("_rev")));
        assertTrue(stale.getMessage().startsWith("pkg changed since it was read"), stale.getMessage());
        HostedPackument.requireRevision(publish(Optional.empty(), "pkg", "1.0.0", "latest", T1), "undefined");
    }

    private static JsonObject publish(Optional<JsonObject> current, String name, String version, String tag, Instant at) {
        String unscoped = name.substring(name.indexOf('/') + 1);
        HostedPackument.Publication p = HostedPackument.publication(name, body(name, version, tag),
                Set.of(unscoped + "-" + version + ".tgz"));
        return HostedPackument.withPublished(current, p, "alice", at, STORED_SHA1, STORED_SHA512);
    }

    private static JsonObject body(String name, String version, String tag) {
        return Json.createObjectBuilder()
                .add("_id", name).add("name", name).add("access", "public")
                .add("dist-tags", Json.createObjectBuilder().add(tag, version))
                .add("versions", Json.createObjectBuilder().add(version, Json.createObjectBuilder()
                        .add("name", name).add("version", version).add("description", "the description")
                        .add("dist", Json.createObjectBuilder().add("integrity", SHA512)
                                .add("shasum", "0000000000000000000000000000000000000000")
                                .add("tarball", "http://client.example/" + name + "-" + version + ".tgz"))))
                .add("_attachments", Json.createObjectBuilder().add(name + "-" + version + ".tgz",
                        Json.createObjectBuilder().add("length", 3)))
                .build();
    }

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }
}
