package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The adapter's pure parts: WinGet's error body, which requests write, and reading an upstream's search answer. */
class WingetAdapterTest {

    private final WingetAdapter adapter = new WingetAdapter();

    @Test
    void errorsAreWingetsErrorListWithOneEntryPerProblem() {
        JsonArray one = Json.createReader(new StringReader(adapter.errorBody(404, "no such thing"))).readArray();
        JsonArray two = Json.createReader(new StringReader(adapter.errorBody(400,
                "a.yaml: License: is required\na.yaml: Installers[0].InstallerUrl: is not a URL"))).readArray();

        assertEquals(404, one.getJsonObject(0).getInt("ErrorCode"));
        assertEquals("no such thing", one.getJsonObject(0).getString("ErrorMessage"));
        assertEquals(List.of("a.yaml: License: is required", "a.yaml: Installers[0].InstallerUrl: is not a URL"),
                two.stream().map(e -> e.asJsonObject().getString("ErrorMessage")).toList());
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({"GET,packageManifests/A.B,false", "HEAD,installers/A.B/1/a.msi,false", "POST,manifestSearch,false",
            "POST,/manifestSearch/,false", "POST,import,true", "POST,packageManifests,true", "PUT,installers/A.B/1/a.msi,true",
            "DELETE,packages/A.B,true", "PUT,mirror,true", "POST,mirror/run,true"})
    void everyRequestButReadsAndSearchesIsAWriteCheckedBeforeItsBodyIsRead(String method, String path, boolean write) {
        assertEquals(write, adapter.isPublishRequest(method, path));
    }

    @Test
    void anUpstreamsSearchAnswerIsReadLeniently() {
        List<PackageSummary> found = WingetAdapter.summaries(WingetFixtures.body("""
                {"Data": [
                  {"PackageIdentifier": "A.B", "PackageName": "AB", "Publisher": "P",
                   "Versions": [{"PackageVersion": "1.0", "ProductCodes": ["{X}"]}, {"PackageVersion": "1.10"}]},
                  {"PackageIdentifier": "No.Versions", "Versions": []},
                  {"Versions": [{"PackageVersion": "1"}]},
                  "not an object"],
                 "ContinuationToken": "t"}"""));

        assertEquals(1, found.size());
        assertEquals(List.of("1.10", "1.0"), found.get(0).versions().stream()
                .map(PackageSummary.VersionSummary::packageVersion).toList());
        assertEquals(List.of("{X}"), found.get(0).versions().get(1).productCodes());
    }
}
