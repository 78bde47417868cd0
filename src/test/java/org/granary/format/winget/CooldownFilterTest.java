package org.granary.format.winget;

import static org.granary.format.winget.WingetDocumentsTest.REPO;
import static org.granary.format.winget.WingetDocumentsTest.data;
import static org.granary.format.winget.WingetDocumentsTest.installer;
import static org.granary.format.winget.WingetDocumentsTest.version;
import static org.granary.format.winget.WingetDocumentsTest.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * WinGet through the supply-chain guards: a version's release time is its installers' earliest {@code ReleaseDate}
 * (00:00 UTC of that day), and what a client sees of a package's manifests and of a search result leaves the hidden
 * versions out; a package left without versions is answered like an unknown one.
 */
class CooldownFilterTest {

    private static JsonObject released(JsonObject installer, String date) {
        return Json.createObjectBuilder(installer).add("ReleaseDate", date).build();
    }

    private static JsonObject msi(String id) {
        return installer(id, "installers/Contoso.Tools/x/" + id + ".msi", null);
    }

    @Test
    void aVersionIsReleasedOnTheEarliestReleaseDateOfItsInstallersAndWithoutOneHasNoTime() throws IOException {
        JsonObject document = data(
                version("2.0", "Contoso", released(msi("x64"), "2025-06-03"), released(msi("arm64"), "2025-06-01")),
                version("1.5", "Contoso", msi("x64"), released(msi("arm64"), "2025-01-10")),
                version("1.0", "Contoso", msi("x64")),
                version("0.9", "Contoso", released(msi("x64"), "last spring")));

        Map<String, Instant> times = CooldownFilter.releaseTimes(WingetDocuments.document(document));

        Map<String, Instant> expected = new LinkedHashMap<>();
        expected.put("2.0", Instant.parse("2025-06-01T00:00:00Z"));
        expected.put("1.5", Instant.parse("2025-01-10T00:00:00Z"));
        expected.put("1.0", null);
        expected.put("0.9", null);
        assertEquals(expected, times, "a date is 00:00 UTC of that day; none, or no date, is no time");
    }

    @Test
    void theSameVersionInTwoChannelsIsOneReleaseAtTheEarlierDate() throws IOException {
        JsonObject beta = Json.createObjectBuilder(version("3.0", "Contoso", released(msi("x64"), "2025-03-02")))
                .add("Channel", "beta").build();
        JsonObject document = data(version("3.0", "Contoso", released(msi("x64"), "2025-03-09")), beta);

        assertEquals(Map.of("3.0", Instant.parse("2025-03-02T00:00:00Z")),
                CooldownFilter.releaseTimes(WingetDocuments.document(document)));
    }

    @Test
    void anUpstreamAnswerWithATimestampOrWrappedInDataIsReadToo() throws IOException {
        byte[] answer = ("{\"Data\":" + data(version("1.0", "Contoso", released(msi("x64"), "2025-06-01T15:30:00+02:00")))
                + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(Map.of("1.0", Instant.parse("2025-06-01T13:30:00Z")), CooldownFilter.releaseTimes(answer));
    }

    @Test
    void theManifestsAClientSeesLeaveHiddenVersionsOutAndNoneLeftIsAnUnknownPackage() {
        JsonObject d = data(version("2.0", "Contoso", msi("x64")), version("1.0", "Contoso", msi("x64")));

        JsonObject visible = CooldownFilter.filter(d, v -> !v.equals("2.0"));
        assertEquals(List.of("1.0"), versions(visible));
        assertEquals(List.of("1.0"), versions(WingetDocuments.render(new WingetDocuments.Copy(visible, false), REPO,
                ContractVersion.V1_10, null, null, null).orElseThrow().getJsonObject("Data")));
        assertSame(d, CooldownFilter.filter(d, v -> true), "nothing hidden: the document itself");

        JsonObject none = CooldownFilter.filter(d, v -> false);
        assertTrue(WingetDocuments.render(new WingetDocuments.Copy(none, false), REPO, ContractVersion.V1_10, null, null,
                null).isEmpty(), "every version hidden: nothing to show (the resource answers 204)");
        assertTrue(WingetDocuments.render(new WingetDocuments.Copy(visible, false), REPO, ContractVersion.V1_10, "2.0",
                null, null).isEmpty(), "a hidden version asked for by ?Version= is not there either");
    }

    @Test
    void aSearchResultLeavesHiddenVersionsOutAndAPackageWithNoneLeftDisappears() {
        PackageSummary.VersionSummary v2 = new PackageSummary.VersionSummary("2.0", null, List.of(), List.of("{P2}"),
                List.of(), List.of());
        PackageSummary.VersionSummary v1 = new PackageSummary.VersionSummary("1.0", null, List.of(), List.of("{P1}"),
                List.of(), List.of());
        PackageSummary p = new PackageSummary("Contoso.Tools", "Tools", "Contoso", List.of(v1, v2));

        PackageSummary shown = CooldownFilter.filter(p, v -> !Set.of("2.0").contains(v)).orElseThrow();
        assertEquals(List.of("1.0"), shown.versions().stream().map(PackageSummary.VersionSummary::packageVersion).toList());
        assertEquals(List.of("{P1}"), shown.versions().get(0).productCodes(), "what winget correlates by stays");
        assertTrue(CooldownFilter.filter(p, v -> false).isEmpty());
        assertSame(p, CooldownFilter.filter(p, v -> true).orElseThrow());
    }

    @Test
    void aReleaseDateThatIsNoDateIsNoTime() {
        assertNull(CooldownFilter.releaseDate(" "));
        assertNull(CooldownFilter.releaseDate("31/05/2024"));
        assertEquals(Instant.parse("2024-05-31T00:00:00Z"), CooldownFilter.releaseDate("2024-05-31"));
    }
}
