package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackumentRewriterTest {

    private static final String BASE = "https://granary.example/granary/npm/";

    /** Shaped like registry.npm.example.test's answer for a scoped package. */
    private static final String PACKUMENT = """
            {
              "_id": "@acme/widgets",
              "_rev": "12-abcdef",
              "name": "@acme/widgets",
              "description": "Widgets for everyone",
              "dist-tags": {"latest": "1.1.0", "next": "2.0.0-beta.1"},
              "versions": {
                "1.1.0": {
                  "name": "@acme/widgets",
                  "version": "1.1.0",
                  "description": "Widgets for everyone",
                  "main": "index.js",
                  "scripts": {"test": "node test.js", "postinstall": "node setup.js"},
                  "readme": "# Widgets 1.1.0",
                  "dependencies": {"lodash": "^4.17.21"},
                  "devDependencies": {"tap": "^16.0.0"},
                  "peerDependencies": {"react": ">=17"},
                  "engines": {"node": ">=16"},
                  "bin": {"widgets": "bin/widgets.js"},
                  "license": "MIT",
                  "hasInstallScript": true,
                  "_npmUser": {"name": "alice", "email": "alice@acme.example"},
                  "dist": {
                    "integrity": "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
                    "shasum": "0123456789abcdef0123456789abcdef01234567",
                    "tarball": "https://registry.npm.example.test/@acme/widgets/-/widgets-1.1.0.tgz",
                    "fileCount": 12,
                    "unpackedSize": 34567
                  }
                },
                "2.0.0-beta.1": {
                  "name": "@acme/widgets",
                  "version": "2.0.0-beta.1",
                  "description": "Widgets, rewritten",
                  "scripts": {"build": "tsc"},
                  "dependencies": {"lodash": "^4.17.21", "@acme/core": "2.0.0-beta.1"},
                  "optionalDependencies": {"fsevents": "^2.3.0"},
                  "deprecated": "use 2.0.0",
                  "dist": {
                    "integrity": "sha512-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB==",
                    "shasum": "fedcba9876543210fedcba9876543210fedcba98",
                    "tarball": "https://registry.npm.example.test/@acme/widgets/-/widgets-2.0.0-beta.1.tgz"
                  }
                }
              },
              "time": {
                "created": "2023-01-01T00:00:00.000Z",
                "modified": "2024-04-30T10:00:00.000Z",
                "1.1.0": "2023-06-01T00:00:00.000Z",
                "2.0.0-beta.1": "2024-04-30T10:00:00.000Z"
              },
              "maintainers": [{"name": "alice", "email": "alice@acme.example"}],
              "readme": "# Widgets\\n\\nThe best widgets.",
              "readmeFilename": "README.md",
              "repository": {"type": "git", "url": "git+https://github.com/acme/widgets.git"},
              "users": {"bob": true}
            }
            """;

    private static JsonObject upstream() {
        return Json.createReader(new StringReader(PACKUMENT)).readObject();
    }

    @Test
    void everyTarballPointsAtGranaryInBothForms() {
        for (boolean abbreviated : new boolean[] {false, true}) {
            JsonObject versions = PackumentRewriter.rewrite(upstream(), BASE, abbreviated).getJsonObject("versions");

            assertEquals(Set.of("1.1.0", "2.0.0-beta.1"), versions.keySet());
            assertEquals(BASE + "@acme/widgets/-/widgets-1.1.0.tgz",
                    versions.getJsonObject("1.1.0").getJsonObject("dist").getString("tarball"));
            assertEquals(BASE + "@acme/widgets/-/widgets-2.0.0-beta.1.tgz",
                    versions.getJsonObject("2.0.0-beta.1").getJsonObject("dist").getString("tarball"));
        }
    }

    @Test
    void rewrittenTarballUrlsParseBackToTheSameTarball() {
        String url = PackumentRewriter.rewrite(upstream(), BASE, true).getJsonObject("versions")
                .getJsonObject("2.0.0-beta.1").getJsonObject("dist").getString("tarball");

        assertEquals(new NpmPath.Tarball("@acme/widgets", "2.0.0-beta.1", "widgets-2.0.0-beta.1.tgz"),
                NpmPath.parse(url.substring(BASE.length())));
    }

    @Test
    void integrityShasumAndOtherDistFieldsArePreserved() {
        JsonObject upstreamDist = upstream().getJsonObject("versions").getJsonObject("1.1.0").getJsonObject("dist");
        for (boolean abbreviated : new boolean[] {false, true}) {
            JsonObject dist = PackumentRewriter.rewrite(upstream(), BASE, abbreviated)
                    .getJsonObject("versions").getJsonObject("1.1.0").getJsonObject("dist");

            assertEquals(upstreamDist.getString("integrity"), dist.getString("integrity"));
            assertEquals(upstreamDist.getString("shasum"), dist.getString("shasum"));
            assertEquals(12, dist.getInt("fileCount"));
            assertEquals(34567, dist.getInt("unpackedSize"));
        }
    }

    @Test
    void theFullFormKeepsEverythingButTheTarballUrls() {
        JsonObject full = PackumentRewriter.rewrite(upstream(), BASE, false);

        assertEquals("# Widgets\n\nThe best widgets.", full.getString("readme"));
        assertEquals(upstream().getJsonObject("time"), full.getJsonObject("time"));
        assertEquals(upstream().getJsonArray("maintainers"), full.getJsonArray("maintainers"));
        assertEquals(upstream().getJsonObject("dist-tags"), full.getJsonObject("dist-tags"));
        assertEquals("Widgets for everyone", full.getString("description"));
        JsonObject v = full.getJsonObject("versions").getJsonObject("1.1.0");
        assertEquals("# Widgets 1.1.0", v.getString("readme"));
        assertEquals("node setup.js", v.getJsonObject("scripts").getString("postinstall"));
        assertEquals("alice", v.getJsonObject("_npmUser").getString("name"));
    }

    @Test
    void theAbbreviatedFormHasOnlyWhatInstallersNeed() {
        JsonObject corgi = PackumentRewriter.rewrite(upstream(), BASE, true);

        assertEquals(Set.of("name", "dist-tags", "modified", "versions"), corgi.keySet());
        assertEquals("@acme/widgets", corgi.getString("name"));
        assertEquals("2024-04-30T10:00:00.000Z", corgi.getString("modified"));
        assertEquals("1.1.0", corgi.getJsonObject("dist-tags").getString("latest"));
    }

    @Test
    void abbreviatedVersionsDropDescriptiveFieldsAndKeepInstallFields() {
        JsonObject versions = PackumentRewriter.rewrite(upstream(), BASE, true).getJsonObject("versions");
        JsonObject v1 = versions.getJsonObject("1.1.0");
        JsonObject v2 = versions.getJsonObject("2.0.0-beta.1");

        for (String dropped : new String[] {"readme", "scripts", "description", "main", "_npmUser"}) {
            assertFalse(v1.containsKey(dropped), dropped + " should be dropped");
            assertFalse(v2.containsKey(dropped), dropped + " should be dropped");
        }
        assertEquals(Set.of("name", "version", "dependencies", "devDependencies", "peerDependencies", "engines",
                "bin", "license", "hasInstallScript", "dist"), v1.keySet());
        assertEquals("^4.17.21", v1.getJsonObject("dependencies").getString("lodash"));
        assertEquals(">=16", v1.getJsonObject("engines").getString("node"));
        assertEquals("bin/widgets.js", v1.getJsonObject("bin").getString("widgets"));
        assertTrue(v1.getBoolean("hasInstallScript"));
        assertEquals("use 2.0.0", v2.getString("deprecated"));
        assertEquals("^2.3.0", v2.getJsonObject("optionalDependencies").getString("fsevents"));
    }

    @Test
    void unscopedPackagesGetUnscopedTarballUrls() {
        assertEquals(BASE + "lodash/-/lodash-4.17.21.tgz", PackumentRewriter.tarballUrl(BASE, "lodash", "4.17.21"));
        assertEquals(BASE + "@s/n/-/n-1.0.0.tgz", PackumentRewriter.tarballUrl(BASE, "@s/n", "1.0.0"));
    }

    @Test
    void aSingleVersionDocumentIsRewrittenTheSameWay() {
        JsonObject version = upstream().getJsonObject("versions").getJsonObject("1.1.0");

        JsonObject rewritten = PackumentRewriter.rewriteVersion(version, "@acme/widgets", "1.1.0", BASE, false);

        assertEquals(BASE + "@acme/widgets/-/widgets-1.1.0.tgz", rewritten.getJsonObject("dist").getString("tarball"));
        assertEquals("# Widgets 1.1.0", rewritten.getString("readme"));
    }

    @Test
    void aPackumentWithoutVersionsStillRendersAnEmptyVersionsObject() {
        JsonObject unpublished = Json.createObjectBuilder().add("name", "gone")
                .add("time", Json.createObjectBuilder().add("unpublished", "2024-01-01T00:00:00.000Z")).build();

        assertEquals(0, PackumentRewriter.rewrite(unpublished, BASE, true).getJsonObject("versions").size());
        assertEquals(0, PackumentRewriter.rewrite(unpublished, BASE, false).getJsonObject("versions").size());
    }
}
