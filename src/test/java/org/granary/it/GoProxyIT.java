package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.granary.testing.FakeGoProxy;
import org.granary.testing.FakeSumDb;
import org.granary.testing.GoClient;
import org.granary.testing.GoModule;
import org.granary.testing.ClientResult;
import org.junit.jupiter.api.Test;

/**
 * The Go module proxy as a user meets it: the real go command building through Granary (deployed in
 * WildFly) with {@code GOPROXY} pointing at Granary only, from a fake module proxy on 127.0.0.1.
 */
class GoProxyIT extends GranaryIT {

    private static final String GO = GranaryServer.repositoryUrl("go");
    /** What users put in GOPROXY: the repository URL without the trailing slash. */
    private static final String GOPROXY = GO.substring(0, GO.length() - 1);

    private static final GoModule DEP = GoModule.of("example.test/Upper/Dep", "v0.2.0", Map.of(),
            Map.of("dep.go", "package dep\n\nfunc Name() string { return \"Dep v0.2.0\" }\n"));
    private static final GoModule LIB_1_0 = GoModule.of("example.test/lib", "v1.0.0", Map.of(),
            Map.of("lib.go", "package lib\n\nfunc Describe() string { return \"lib v1.0.0\" }\n"));
    private static final GoModule LIB_1_1 = GoModule.of("example.test/lib", "v1.1.0", Map.of(DEP.path(), DEP.version()),
            Map.of("lib.go", "package lib\n\nimport dep \"example.test/Upper/Dep\"\n\n"
                    + "func Describe() string { return \"lib v1.1.0 with \" + dep.Name() }\n"));
    /**
     * Modules whose first fetch a test must see are unique to the run: the server's cache (target/it-data)
     * outlives a run that is not preceded by {@code mvn clean}.
     */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String MAIN_GO = "package main\n\nimport \"example.test/lib\"\n\n"
            + "func main() { println(lib.Describe()) }\n";

    private final FakeGoProxy upstream = fake(new FakeGoProxy(GranaryServer.upstreamPort("go")))
            .add(DEP).add(LIB_1_0).add(LIB_1_1);

    @Test
    void goBuildsThroughGranaryAndAgainFromItsCacheWithTheUpstreamStopped() throws Exception {
        GoClient go = GoClient.locate();
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(LIB_1_1.path(), "v1.1.0"), MAIN_GO);
        GoClient.Session first = go.session(work.resolve("home1"), GOPROXY);

        assertSucceeded(first.run(app, "mod", "download"));
        assertSucceeded(first.run(app, "build", "./..."));
        ClientResult run = first.run(app, "run", ".");
        assertSucceeded(run);
        assertTrue(run.output().contains("lib v1.1.0 with Dep v0.2.0"), run.describe());

        // go.sum records the same h1: hashes as the fixtures (computed independently) and as Granary.
        String goSum = Files.readString(app.resolve("go.sum"));
        assertTrue(goSum.contains("example.test/lib v1.1.0 " + LIB_1_1.h1() + "\n"), goSum);
        assertTrue(goSum.contains("example.test/Upper/Dep v0.2.0 " + DEP.h1() + "\n"), goSum);
        assertEquals(LIB_1_1.h1() + "\n", text(GranaryServer.get(GO + "example.test/lib/@v/v1.1.0.ziphash")));
        // The REST API lists the cached zip with the h1: hash computed when it was verified at fetch.
        JsonObject listed = json(ok(send("GET", API + "repositories/go-proxy/artifacts?path=example.test/lib/@v/v1.1.0.",
                ADMIN, null)));
        Map<String, String> hashes = new java.util.TreeMap<>();
        listed.getJsonArray("artifacts").getValuesAs(JsonObject.class)
                .forEach(a -> hashes.put(a.getString("path"), a.getString("clientHash", "")));
        assertEquals(Map.of("example.test/lib/@v/v1.1.0.info", "", "example.test/lib/@v/v1.1.0.mod", "",
                "example.test/lib/@v/v1.1.0.zip", LIB_1_1.h1()), hashes, listed.toString());
        // The upper-case path is case-encoded in go's module cache, as in GOPROXY URLs.
        assertTrue(Files.isDirectory(first.moduleCache().resolve("example.test/!upper/!dep@v0.2.0")));

        upstream.stop();
        Path offlineApp = GoClient.writeMainModule(work.resolve("offline"), "example.test/app",
                Map.of(LIB_1_1.path(), "v1.1.0"), MAIN_GO);
        GoClient.Session second = go.session(work.resolve("home2"), GOPROXY);
        assertSucceeded(second.run(offlineApp, "mod", "download"));
        assertSucceeded(second.run(offlineApp, "build", "./..."));
        ClientResult offline = second.run(offlineApp, "run", ".");
        assertSucceeded(offline);
        assertTrue(offline.output().contains("lib v1.1.0 with Dep v0.2.0"), offline.describe());
    }

    /** The checksum database the server proxies besides sum.golang.org (arquillian.xml), a fake on 127.0.0.1. */
    private static final String SUMDB = "sumdb.granary.test";

    @Test
    void goVerifiesModulesAgainstTheChecksumDatabaseThroughGranaryAndTilesComeFromItsCache() throws Exception {
        FakeSumDb sumdb = fake(new FakeSumDb(GranaryServer.upstreamPort("gosumdb"), SUMDB, List.of(DEP, LIB_1_1)));
        GoClient go = GoClient.locate();
        assertEquals(200, GranaryServer.get(GO + "sumdb/" + SUMDB + "/supported").statusCode());

        // GOSUMDB is the database's key alone: go finds the database through GOPROXY (Granary, with no ",direct").
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(LIB_1_1.path(), "v1.1.0"), MAIN_GO);
        GoClient.Session first = go.sessionWithSumDb(work.resolve("home1"), GOPROXY, sumdb.vkey());
        assertSucceeded(first.run(app, "mod", "download"));
        ClientResult run = first.run(app, "run", ".");
        assertSucceeded(run);
        assertTrue(run.output().contains("lib v1.1.0 with Dep v0.2.0"), run.describe());
        String goSum = Files.readString(app.resolve("go.sum"));
        assertTrue(goSum.contains("example.test/lib v1.1.0 " + LIB_1_1.h1() + "\n"), goSum);
        assertTrue(goSum.contains("example.test/lib v1.1.0/go.mod " + FakeSumDb.modH1(LIB_1_1.mod()) + "\n"), goSum);
        // go verified the records with the database's tiles, which it fetched through Granary
        Path verified = first.moduleCache().resolve("cache/download/sumdb/" + SUMDB);
        assertTrue(Files.isRegularFile(verified.resolve("lookup/example.test/lib@v1.1.0")), "go cached the lookup");
        assertTrue(Files.isRegularFile(verified.resolve("tile/8/0/000.p/2")), "go cached the verified tile");
        assertTrue(sumdb.lookupRequests() > 0, "the database was asked for the lookups");
        assertEquals(java.util.Set.of("Granary/0.1 (+caching proxy)"), sumdb.userAgents(),
                "only Granary reached the checksum database, never go itself");
        assertFalse(GranaryServer.storedBlobs("artifacts/go-proxy/sumdb/" + SUMDB + "/tile/8/0/000.p/2").isEmpty(),
                "the group's proxy member keeps the tile");

        // A second client with fresh caches: the lookups are revalidated, the tiles come from Granary's cache.
        int tilesFetched = sumdb.tileRequests();
        Path again = GoClient.writeMainModule(work.resolve("again"), "example.test/app", Map.of(LIB_1_1.path(), "v1.1.0"), MAIN_GO);
        GoClient.Session second = go.sessionWithSumDb(work.resolve("home2"), GOPROXY, sumdb.vkey());
        assertSucceeded(second.run(again, "mod", "download"));
        assertSucceeded(second.run(again, "build", "./..."));
        assertTrue(Files.isRegularFile(second.moduleCache().resolve("cache/download/sumdb/" + SUMDB + "/tile/8/0/000.p/2")));
        assertEquals(tilesFetched, sumdb.tileRequests(), "no tile was fetched again from the checksum database");

        // A tampered go.sum line: go refuses the module Granary serves, which does not match it.
        Path tampered = GoClient.writeMainModule(work.resolve("tampered"), "example.test/app",
                Map.of(LIB_1_1.path(), "v1.1.0"), MAIN_GO);
        Files.writeString(tampered.resolve("go.sum"), goSum.replace("example.test/lib v1.1.0 " + LIB_1_1.h1(),
                "example.test/lib v1.1.0 " + LIB_1_0.h1()));
        ClientResult refused = go.sessionWithSumDb(work.resolve("home3"), GOPROXY, sumdb.vkey()).run(tampered, "mod", "download");
        assertFalse(refused.succeeded(), refused.describe());
        assertTrue(refused.output().contains("checksum mismatch"), refused.describe());
        assertTrue(refused.output().contains("SECURITY ERROR"), refused.describe());
    }

    @Test
    void checksumDatabasePathsAreCheckedAndUnknownDatabasesAre404() throws Exception {
        assertEquals(200, GranaryServer.get(GO + "sumdb/sum.golang.org/supported").statusCode());
        HttpResponse<byte[]> unknown = GranaryServer.get(GO + "sumdb/sum.example.test/supported");
        assertEquals(404, unknown.statusCode());
        assertTrue(text(unknown).contains("does not proxy the checksum database 'sum.example.test'"), text(unknown));
        HttpResponse<byte[]> badTile = GranaryServer.get(GO + "sumdb/" + SUMDB + "/tile/8/0/0001");
        assertEquals(400, badTile.statusCode());
        assertTrue(text(badTile).contains("invalid checksum database tile path"), text(badTile));
        HttpResponse<byte[]> badLookup = GranaryServer.get(GO + "sumdb/" + SUMDB + "/lookup/Example.test/lib@v1.0.0");
        assertEquals(400, badLookup.statusCode());
        assertTrue(text(badLookup).contains("upper-case letters must be written as '!'"), text(badLookup));
    }

    @Test
    void aGoSumPrefetchedOnceLetsGoBuildWithTheUpstreamStopped() throws Exception {
        String repo = unique("go-prefetch");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"go\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "\"}");
        GoModule dep = GoModule.of("example.test/pre" + RUN + "/dep", "v0.3.0", Map.of(),
                Map.of("dep.go", "package dep\n\nfunc Name() string { return \"dep v0.3.0\" }\n"));
        GoModule lib = GoModule.of("example.test/pre" + RUN + "/lib", "v1.2.0", Map.of(dep.path(), dep.version()),
                Map.of("lib.go", "package lib\n\nimport dep \"" + dep.path() + "\"\n\n"
                        + "func Describe() string { return \"lib v1.2.0 with \" + dep.Name() }\n"));
        upstream.add(dep).add(lib);
        String goSum = lib.path() + " " + lib.version() + " " + lib.h1() + "\n"
                + dep.path() + " " + dep.version() + " " + dep.h1() + "\n";

        JsonObject first = prefetch(repo, "go-sum", goSum.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("succeeded", first.getString("status"), first.toString());
        assertEquals(6, first.getJsonObject("counts").getInt("fetched"), ".info, .mod and .zip of each: " + first);
        JsonObject second = prefetch(repo, "go-sum", goSum.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(6, second.getJsonObject("counts").getInt("cached"), second.toString());
        assertEquals(1, upstream.zipRequests(lib));

        upstream.stop();
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(lib.path(), lib.version()),
                "package main\n\nimport \"" + lib.path() + "\"\n\nfunc main() { println(lib.Describe()) }\n");
        Files.writeString(app.resolve("go.sum"), goSum);
        String url = GranaryServer.repositoryUrl(repo);
        GoClient.Session offline = GoClient.locate().session(work.resolve("home"), url.substring(0, url.length() - 1));
        assertSucceeded(offline.run(app, "mod", "download"));
        ClientResult run = offline.run(app, "run", ".");
        assertSucceeded(run);
        assertTrue(run.output().contains("lib v1.2.0 with dep v0.3.0"), run.describe());
    }

    @Test
    void aCorruptedZipIsRefusedWithAMessageNamingTheModuleAndNothingIsCached() throws Exception {
        GoModule broken = GoModule.of("example.test/corrupt-" + RUN, "v1.0.0", Map.of(),
                Map.of("corrupt.go", "package corrupt\n\n// " + "filler ".repeat(300) + "\n"
                        + "func Describe() string { return \"corrupt v1.0.0, repaired\" }\n"));
        upstream.add(broken);
        upstream.corruptZip(broken);
        GoClient go = GoClient.locate();
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(broken.path(), "v1.0.0"),
                "package main\n\nimport corrupt \"" + broken.path() + "\"\n\nfunc main() { println(corrupt.Describe()) }\n");

        ClientResult failed = go.session(work.resolve("home1"), GOPROXY).run(app, "mod", "download");
        assertFalse(failed.succeeded(), failed.describe());
        assertTrue(failed.output().contains("502 Bad Gateway"), failed.describe());
        assertTrue(failed.output().contains("integrity check failed for " + broken.path() + "@v1.0.0"), failed.describe());

        String url = GO + broken.path() + "/@v/v1.0.0.zip";
        HttpResponse<byte[]> refused = GranaryServer.get(url);
        assertEquals(502, refused.statusCode());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(text(refused).contains(broken.path() + "@v1.0.0"), text(refused));
        assertTrue(text(refused).contains("of the module zip is corrupt"), text(refused));
        assertEquals(List.of(), GranaryServer.storedBlobs("artifacts/go-proxy/" + broken.path() + "/@v/v1.0.0.zip"),
                "nothing of the corrupted zip may be stored");

        upstream.restoreZip(broken);
        HttpResponse<byte[]> fixed = GranaryServer.get(url);
        assertEquals(200, fixed.statusCode());
        assertArrayEquals(broken.zip(), fixed.body());
        ClientResult repaired = go.session(work.resolve("home2"), GOPROXY).run(app, "run", ".");
        assertSucceeded(repaired);
        assertTrue(repaired.output().contains("corrupt v1.0.0, repaired"), repaired.describe());
    }

    @Test
    void zipsThatAreNotModuleZipsOfTheirVersionAreRefused() throws Exception {
        GoModule misnamed = GoModule.of("example.test/misnamed-" + RUN, "v1.0.0", Map.of(), Map.of("m.go", "package m\n"));
        GoModule forged = GoModule.of("example.test/forged-" + RUN, "v1.0.0", Map.of(), Map.of("f.go", "package f\n"));
        upstream.add(misnamed).add(forged);
        upstream.replaceZip(misnamed, misnamed.zip("example.test/other@v1.0.0/"));
        upstream.replaceZip(forged, GoModule.of(forged.path(), "v1.0.0", Map.of("example.test/evil", "v1.0.0"),
                Map.of("f.go", "package f\n")).zip());

        HttpResponse<byte[]> wrongPrefix = GranaryServer.get(GO + misnamed.path() + "/@v/v1.0.0.zip");
        assertEquals(502, wrongPrefix.statusCode());
        assertTrue(text(wrongPrefix).contains("is not under \"" + misnamed.path() + "@v1.0.0/\""), text(wrongPrefix));

        HttpResponse<byte[]> otherGoMod = GranaryServer.get(GO + forged.path() + "/@v/v1.0.0.zip");
        assertEquals(502, otherGoMod.statusCode());
        assertTrue(text(otherGoMod).contains("go.mod in the module zip differs from the .mod file"), text(otherGoMod));
    }

    @Test
    void listLatestInfoAndModAreServedAsTheProtocolSays() throws Exception {
        HttpResponse<byte[]> list = GranaryServer.get(GO + "example.test/lib/@v/list");
        assertEquals(200, list.statusCode());
        assertTrue(list.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals(List.of("v1.0.0", "v1.1.0"), text(list).lines().toList());

        assertEquals("v1.1.0", json(ok(GranaryServer.get(GO + "example.test/lib/@latest"))).getString("Version"));

        HttpResponse<byte[]> info = GranaryServer.get(GO + "example.test/lib/@v/v1.0.0.info");
        assertEquals(200, info.statusCode());
        assertEquals("v1.0.0", json(info).getString("Version"));
        assertEquals("2024-01-02T03:04:05Z", json(info).getString("Time"));
        String etag = info.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, GranaryServer.get(GO + "example.test/lib/@v/v1.0.0.info", "If-None-Match", etag).statusCode());

        assertArrayEquals(LIB_1_1.mod(), GranaryServer.get(GO + "example.test/lib/@v/v1.1.0.mod").body());

        // Upper-case module paths, case-encoded with '!' (also percent-encoded as %21).
        assertEquals("v0.2.0\n", text(GranaryServer.get(GO + "example.test/!upper/!dep/@v/list")));
        assertTrue(upstream.requestCount("/example.test/!upper/!dep/@v/list") > 0, "asked upstream case-encoded");
        assertEquals("v0.2.0", json(ok(GranaryServer.get(GO + "example.test/%21upper/%21dep/@v/v0.2.0.info"))).getString("Version"));

        // The go command's own view of the version list.
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(), "package main\n\nfunc main() {}\n");
        ClientResult versions = GoClient.locate().session(work.resolve("home"), GOPROXY).run(app, "list", "-m", "-versions", "example.test/lib");
        assertSucceeded(versions);
        assertEquals("example.test/lib v1.0.0 v1.1.0", versions.stdout().trim());
    }

    @Test
    void cachedZipsSupportHeadAndRanges() throws Exception {
        String url = GO + "example.test/lib/@v/v1.0.0.zip";
        byte[] zip = LIB_1_0.zip();
        assertArrayEquals(zip, GranaryServer.get(url).body());

        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(zip.length), head.headers().firstValue("Content-Length").orElse(null));
        assertEquals("application/zip", head.headers().firstValue("Content-Type").orElse(null));

        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=10-19");
        assertEquals(206, range.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(zip, 10, 20), range.body());
    }

    @Test
    void unknownModulesAre404AndBadPathsAre400WithPlainTextMessages() throws Exception {
        HttpResponse<byte[]> unknown = GranaryServer.get(GO + "example.test/does-not-exist/@v/list");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(text(unknown).contains("example.test/does-not-exist"), text(unknown));
        assertEquals(404, GranaryServer.get(GO + "example.test/lib/@v/v9.9.9.info").statusCode());
        assertEquals(404, GranaryServer.get(GO + "example.test/lib/@v/v1.9.9.zip").statusCode());

        // An upstream 410 Gone also means "not here": go falls through to its next GOPROXY entry.
        upstream.failWith("/example.test/gone/", 410);
        assertEquals(404, GranaryServer.get(GO + "example.test/gone/@v/list").statusCode());


        Map<String, String> bad = Map.of(
                "Example.test/lib/@v/list", "upper-case letters must be written as '!'",
                "nodot/lib/@v/list", "missing dot in first path element",
                "example.test/lib/v1/@v/list", "invalid major version suffix",
                "example.test/lib/@v/v1.0.zip", "not a canonical semantic version",
                "example.test/lib/@v/v2.0.0.mod", "should be v0 or v1, not v2",
                "example.test/.hidden/@v/list", "leading dot");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<byte[]> r = GranaryServer.get(GO + b.getKey());
            assertEquals(400, r.statusCode(), b.getKey());
            assertTrue(text(r).contains(b.getValue()), b.getKey() + ": " + text(r));
        }
        ClientResult download = GoClient.locate().session(work.resolve("home"), GOPROXY)
                .run(Files.createDirectories(work.resolve("empty")), "mod", "download", "-json", "example.test/does-not-exist@v1.0.0");
        assertFalse(download.succeeded(), download.describe());
        assertTrue(download.output().contains("404 Not Found"), download.describe());
    }

    private static void assertSucceeded(ClientResult result) {
        assertTrue(result.succeeded(), result.describe());
    }
}
