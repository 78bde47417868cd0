package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.granary.testing.FakePypiIndex;
import org.granary.testing.PypiClient;
import org.granary.testing.PypiDistribution;
import org.granary.testing.PypiFixtures;
import org.granary.testing.PypiResult;
import org.junit.jupiter.api.Test;

/**
 * The PyPI proxy as a user meets it: the real pip installing through Granary (deployed in WildFly) from a
 * fake package index on 127.0.0.1, with {@code pip install --index-url <granary>/pypi/simple/}.
 */
class PypiProxyIT extends GranaryIT {

    private static final String PYPI = GranaryServer.repositoryUrl("pypi");
    private static final String SIMPLE = PYPI + "simple/";
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    /** Makes project names unique per run, so a re-run against a kept data directory starts uncached too. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 60_466_176L, 36);

    private final FakePypiIndex upstream = fake(new FakePypiIndex(GranaryServer.upstreamPort("pypi")));

    @Test
    void pipInstallsATreeThroughGranaryAndAgainFromCacheWithTheUpstreamStopped() throws Exception {
        PypiFixtures.PypiTree tree = PypiFixtures.standardTree(upstream, "pyinst" + RUN);
        PypiClient pip = PypiClient.locate();
        assertEquals("", pip.configList().stdout().strip(), "pip must read no configuration file");

        PypiResult first = pip.install(work.resolve("first"), SIMPLE, tree.root());
        assertTrue(first.succeeded(), first.describe());
        assertEquals(tree.expected(), PypiClient.installed(work.resolve("first")));
        assertTrue(first.output().contains("Looking in indexes: " + SIMPLE), first.describe());
        assertFalse(first.output().contains("Looking in links"), "the machine's find-links must not leak in");
        // Everything came from the fake upstream, through Granary: pages, core metadata (PEP 658), files.
        for (String project : tree.expected().keySet()) {
            assertTrue(upstream.pageRequests(project) > 0, project + " page was fetched upstream");
        }
        for (PypiDistribution d : tree.downloaded()) {
            assertEquals(1, upstream.fileRequests(d), d.filename());
        }
        PypiDistribution appWheel = tree.downloaded().get(0);
        assertEquals(1, upstream.metadataRequests(appWheel), "pip read the app's .metadata through Granary");
        assertEquals(0, upstream.fileRequests(tree.yanked()), "the yanked release was skipped");
        assertEquals(0, upstream.fileRequests(tree.tooNew()), "the release requiring Python >=4 was skipped");

        upstream.stop();
        PypiResult offline = pip.install(work.resolve("offline"), SIMPLE, tree.root());
        assertTrue(offline.succeeded(), offline.describe());
        assertEquals(tree.expected(), PypiClient.installed(work.resolve("offline")));
    }

    @Test
    void aHashedRequirementsFilePrefetchedOnceLetsPipInstallWithTheUpstreamStopped() throws Exception {
        String repo = unique("pypi-prefetch");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"pypi\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/simple/\"}");
        String app = "pyfetch-app-" + RUN;
        String dep = "pyfetch-dep-" + RUN;
        PypiDistribution depWheel = upstream.publish(PypiDistribution.wheel(dep, "1.0.0", null, List.of()));
        upstream.publish(PypiDistribution.sdist(dep, "1.0.0", null, List.of())); // not locked: not fetched
        PypiDistribution appWheel = upstream.publish(PypiDistribution.wheel(app, "2.0.0", null, List.of(dep + "==1.0.0")));
        String requirements = "# pip-compile --generate-hashes\n"
                + app + "==2.0.0 \\\n    --hash=sha256:" + appWheel.sha256() + "\n"
                + dep.toUpperCase(java.util.Locale.ROOT) + "==1.0.0 \\\n    --hash=sha256:" + depWheel.sha256() + "\n";

        JsonObject first = prefetch(repo, "requirements", requirements.getBytes(StandardCharsets.UTF_8));
        assertEquals("succeeded", first.getString("status"), first.toString());
        assertEquals(0, first.getJsonObject("counts").getInt("failed"), first.toString());
        assertEquals(4, first.getJsonObject("counts").getInt("fetched"), "two wheels and their core metadata: " + first);
        JsonObject second = prefetch(repo, "requirements", requirements.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, second.getJsonObject("counts").getInt("cached"), second.toString());
        assertEquals(1, upstream.fileRequests(depWheel));

        upstream.stop();
        Path file = Files.writeString(work.resolve("requirements.txt"), requirements);
        PypiResult install = PypiClient.locate().install(work.resolve("site"), GranaryServer.repositoryUrl(repo) + "simple/",
                "-r", file.toString());
        assertTrue(install.succeeded(), install.describe());
        assertEquals(Map.of(app, "2.0.0", dep, "1.0.0"), PypiClient.installed(work.resolve("site")));
    }

    /**
     * Neither poetry nor uv is on these machines: the real client that installs the locked set is pip, given the
     * lockfile's pins and hashes ({@code --require-hashes --no-deps}: exactly the locked files, nothing resolved).
     */
    @Test
    void aPoetryLockAndAUvLockPrefetchedOnceLetPipInstallTheLockedSetWithTheUpstreamStopped() throws Exception {
        String app = "pylock-app-" + RUN;
        String dep = "pylock-dep-" + RUN;
        String tool = "pylock-tool-" + RUN;
        PypiDistribution depWheel = upstream.publish(PypiDistribution.wheel(dep, "1.0.0", null, List.of()));
        PypiDistribution depSdist = upstream.publish(PypiDistribution.sdist(dep, "1.0.0", null, List.of()));
        PypiDistribution appWheel = upstream.publish(PypiDistribution.wheel(app, "2.0.0", null, List.of(dep + "==1.0.0")));
        PypiDistribution toolWheel = upstream.publish(PypiDistribution.wheel(tool, "0.3.0", null, List.of()));
        upstream.publish(PypiDistribution.wheel(tool, "0.4.0", null, List.of())); // not locked: not fetched
        String poetry = """
                [[package]]
                name = "%s"
                version = "2.0.0"
                optional = false
                files = [
                    {file = "%s", hash = "sha256:%s"},
                ]

                [[package]]
                name = "%s"
                version = "1.0.0"
                optional = false
                files = [
                    {file = "%s", hash = "sha256:%s"},
                    {file = "%s", hash = "sha256:%s"},
                ]

                [metadata]
                lock-version = "2.0"
                """.formatted(app, appWheel.filename(), appWheel.sha256(), dep, depWheel.filename(), depWheel.sha256(),
                depSdist.filename(), depSdist.sha256());
        String uv = """
                version = 1
                requires-python = ">=3.8"

                [[package]]
                name = "project"
                version = "0.1.0"
                source = { editable = "." }

                [[package]]
                name = "%1$s"
                version = "0.3.0"
                source = { registry = "%2$s/simple" }
                wheels = [
                    { url = "%2$s/files/%3$s", hash = "sha256:%4$s", size = %5$d },
                ]
                """.formatted(tool, upstream.baseUrl(), toolWheel.filename(), toolWheel.sha256(), toolWheel.bytes().length);
        String poetryRepo = proxyOfUpstream("pypi-poetry");
        String uvRepo = proxyOfUpstream("pypi-uv");

        JsonObject poetryRun = prefetch(poetryRepo, "poetry-lock", poetry.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, poetryRun.getJsonObject("counts").getInt("failed"), poetryRun.toString());
        assertEquals(5, poetryRun.getJsonObject("counts").getInt("fetched"),
                "two wheels with their core metadata and the sdist: " + poetryRun);
        JsonObject uvRun = prefetch(uvRepo, "uv-lock", uv.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, uvRun.getJsonObject("counts").getInt("fetched"), "the wheel and its core metadata: " + uvRun);
        assertEquals(5, prefetch(poetryRepo, "poetry-lock", poetry.getBytes(StandardCharsets.UTF_8))
                .getJsonObject("counts").getInt("cached"));
        assertEquals(2, prefetch(uvRepo, "uv-lock", uv.getBytes(StandardCharsets.UTF_8)).getJsonObject("counts")
                .getInt("cached"));
        assertEquals(1, upstream.fileRequests(depSdist));

        upstream.stop();
        PypiClient pip = PypiClient.locate();
        Path poetryPins = Files.writeString(work.resolve("poetry-pins.txt"),
                app + "==2.0.0 --hash=sha256:" + appWheel.sha256() + "\n"
                        + dep + "==1.0.0 --hash=sha256:" + depWheel.sha256() + " --hash=sha256:" + depSdist.sha256() + "\n");
        PypiResult fromPoetry = pip.install(work.resolve("poetry-site"), GranaryServer.repositoryUrl(poetryRepo) + "simple/",
                "--require-hashes", "--no-deps", "-r", poetryPins.toString());
        assertTrue(fromPoetry.succeeded(), fromPoetry.describe());
        assertEquals(Map.of(app, "2.0.0", dep, "1.0.0"), PypiClient.installed(work.resolve("poetry-site")));
        Path uvPins = Files.writeString(work.resolve("uv-pins.txt"), tool + "==0.3.0 --hash=sha256:" + toolWheel.sha256() + "\n");
        PypiResult fromUv = pip.install(work.resolve("uv-site"), GranaryServer.repositoryUrl(uvRepo) + "simple/",
                "--require-hashes", "--no-deps", "-r", uvPins.toString());
        assertTrue(fromUv.succeeded(), fromUv.describe());
        assertEquals(Map.of(tool, "0.3.0"), PypiClient.installed(work.resolve("uv-site")));
    }

    private String proxyOfUpstream(String prefix) throws Exception {
        String repo = unique(prefix);
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"pypi\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/simple/\"}");
        return repo;
    }

    @Test
    void projectPagesNegotiateJsonAndHtmlWithFileUrlsRewrittenToGranary() throws Exception {
        String name = "pyneg-lib-" + RUN;
        PypiDistribution wheel = upstream.publish(PypiDistribution.wheel(name, "1.0.0", ">=3.8,<4", List.of()));
        PypiDistribution yanked = upstream.publish(PypiDistribution.wheel(name, "0.9.0", null, List.of()),
                "security <issue> & more");
        PypiDistribution sdist = upstream.publish(PypiDistribution.sdist(name, "1.0.0", null, List.of()));
        String page = SIMPLE + name + "/";
        String files = PYPI + "files/" + name + "/";

        HttpResponse<byte[]> json = GranaryServer.get(page, "Accept",
                JSON + ", application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01");
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith(JSON));
        assertTrue(json.headers().firstValue("Vary").orElse("").contains("Accept"));
        JsonObject doc = json(json);
        assertEquals("1.1", doc.getJsonObject("meta").getString("api-version"));
        assertEquals(name, doc.getString("name"));
        assertEquals(List.of("1.0.0", "0.9.0"), doc.getJsonArray("versions").getValuesAs(JsonString::getString));
        JsonObject w = doc.getJsonArray("files").getJsonObject(0);
        assertEquals(wheel.filename(), w.getString("filename"));
        assertEquals(files + wheel.filename(), w.getString("url"));
        assertEquals(wheel.sha256(), w.getJsonObject("hashes").getString("sha256"));
        assertEquals(">=3.8,<4", w.getString("requires-python"));
        assertEquals(wheel.bytes().length, w.getInt("size"));
        assertTrue(w.containsKey("upload-time"));
        assertEquals(wheel.metadataSha256(), w.getJsonObject("core-metadata").getString("sha256"));
        assertEquals(wheel.metadataSha256(), w.getJsonObject("dist-info-metadata").getString("sha256"));
        assertEquals("security <issue> & more", doc.getJsonArray("files").getJsonObject(1).getString("yanked"));
        assertFalse(doc.getJsonArray("files").getJsonObject(2).containsKey("core-metadata"));

        HttpResponse<byte[]> html = GranaryServer.get(page, "Accept", "text/html");
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String body = new String(html.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("<a href=\"" + files + wheel.filename() + "#sha256=" + wheel.sha256() + "\""
                + " data-requires-python=\"&gt;=3.8,&lt;4\""
                + " data-core-metadata=\"sha256=" + wheel.metadataSha256() + "\""
                + " data-dist-info-metadata=\"sha256=" + wheel.metadataSha256() + "\">" + wheel.filename() + "</a>"), body);
        assertTrue(body.contains(yanked.filename() + "#sha256=" + yanked.sha256()
                + "\" data-yanked=\"security &lt;issue&gt; &amp; more\""), body);
        assertTrue(body.contains(files + sdist.filename() + "#sha256=" + sdist.sha256() + "\">"), body);
        assertFalse(body.contains("127.0.0.1:" + upstream.port()), "no upstream URL leaks to clients");

        assertTrue(GranaryServer.get(page, "Accept", "application/vnd.pypi.simple.v1+html").headers()
                .firstValue("Content-Type").orElse("").startsWith("application/vnd.pypi.simple.v1+html"));
        HttpResponse<byte[]> overridden = GranaryServer.get(page + "?format=" + JSON, "Accept", "text/html");
        assertTrue(overridden.headers().firstValue("Content-Type").orElse("").startsWith(JSON));
        assertEquals(406, GranaryServer.get(page, "Accept", "application/xml").statusCode());

        String etag = json.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, GranaryServer.get(page, "Accept", JSON, "If-None-Match", etag).statusCode());

        JsonObject forwarded = json(GranaryServer.get(page, "Accept", JSON,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "pypi.example.test"));
        assertEquals("https://pypi.example.test/granary/pypi/files/" + name + "/" + wheel.filename(),
                forwarded.getJsonArray("files").getJsonObject(0).getString("url"));
    }

    @Test
    void nonNormalisedNamesAndMissingSlashesRedirectToTheNormalisedUrl() throws Exception {
        String name = "pyredir-name-" + RUN;
        upstream.publish(PypiDistribution.wheel(name, "1.0.0", null, List.of()));
        for (String spelling : List.of(name.toUpperCase().replace('-', '_') + "/", name.replace('-', '.') + "/",
                name.replace("-", "--").toUpperCase(), name)) {
            HttpResponse<byte[]> r = GranaryServer.get(SIMPLE + spelling);
            assertEquals(301, r.statusCode(), spelling);
            assertEquals(SIMPLE + name + "/", r.headers().firstValue("Location").orElse(null), spelling);
        }
        HttpResponse<byte[]> withQuery = GranaryServer.get(SIMPLE + name.replace('-', '_') + "/?format=" + JSON);
        assertEquals(SIMPLE + name + "/?format=" + JSON, withQuery.headers().firstValue("Location").orElse(null));
        assertEquals(200, GranaryServer.get(SIMPLE + name + "/").statusCode());
        assertEquals(1, upstream.totalRequests(), "Granary asked upstream once, for the normalised name only");

        HttpResponse<byte[]> list = GranaryServer.get(SIMPLE, "Accept", JSON);
        assertEquals(200, list.statusCode());
        assertTrue(json(list).containsKey("projects"));
        assertEquals(SIMPLE, GranaryServer.get(PYPI + "simple").headers().firstValue("Location").orElse(null));
        assertEquals(SIMPLE, GranaryServer.get(PYPI).headers().firstValue("Location").orElse(null));
    }

    @Test
    void coreMetadataFilesAreServedVerifiedAndFilesSupportHeadAndRange() throws Exception {
        String name = "pymeta-lib-" + RUN;
        PypiDistribution wheel = upstream.publish(PypiDistribution.wheel(name, "1.0.0", ">=3",
                List.of("pymeta-dep>=2")));
        PypiDistribution sdist = upstream.publish(PypiDistribution.sdist(name, "1.0.0", null, List.of()));
        String files = PYPI + "files/" + name + "/";

        HttpResponse<byte[]> metadata = GranaryServer.get(files + wheel.filename() + ".metadata");
        assertEquals(200, metadata.statusCode());
        assertArrayEquals(wheel.metadata(), metadata.body());
        assertEquals(wheel.metadataSha256(), PypiDistribution.sha256(metadata.body()));
        assertTrue(new String(metadata.body(), StandardCharsets.UTF_8).contains("Requires-Dist: pymeta-dep>=2"));
        assertEquals(404, GranaryServer.get(files + sdist.filename() + ".metadata").statusCode(),
                "an sdist without core metadata upstream has no .metadata");

        PypiDistribution tampered = upstream.publish(PypiDistribution.wheel(name, "1.1.0", null, List.of()));
        upstream.corruptMetadata(tampered.filename());
        HttpResponse<byte[]> refused = GranaryServer.get(files + tampered.filename() + ".metadata");
        assertEquals(502, refused.statusCode());
        assertTrue(new String(refused.body(), StandardCharsets.UTF_8).contains("integrity check failed"));
        assertEquals(List.of(), GranaryServer.storedBlobs("artifacts/pypi-proxy/" + name + "/"
                + tampered.filename() + ".metadata"), "a core metadata file that fails its hash is not stored");

        String url = files + wheel.filename();
        assertEquals(200, GranaryServer.get(url).statusCode());
        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(wheel.bytes().length), head.headers().firstValue("Content-Length").orElse(null));
        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=0-3");
        assertEquals(206, range.statusCode());
        assertArrayEquals(new byte[] {'P', 'K', 3, 4}, range.body());
    }

    @Test
    void aWheelDownloadedAgainAndAgainIsTheSameAnswerEveryTimeWithConditionalAndRangeRequests() throws Exception {
        String name = "pyhit-lib-" + RUN;
        PypiDistribution wheel = upstream.publish(PypiDistribution.wheel(name, "1.0.0", null, List.of()));
        String url = PYPI + "files/" + name + "/" + wheel.filename();
        String etag = "\"" + PypiDistribution.sha256(wheel.bytes()) + "\"";

        for (int i = 0; i < 3; i++) { // a miss, a hit found in the database, then hits the in-memory index answers
            HttpResponse<byte[]> hit = GranaryServer.get(url);
            assertEquals(200, hit.statusCode());
            assertArrayEquals(wheel.bytes(), hit.body());
            if (i > 0) {
                assertEquals(etag, hit.headers().firstValue("ETag").orElse(null));
                assertEquals("public, max-age=31536000, immutable", hit.headers().firstValue("Cache-Control").orElse(null));
                assertEquals("nosniff", hit.headers().firstValue("X-Content-Type-Options").orElse(null));
                assertEquals("sandbox; default-src 'none'",
                        hit.headers().firstValue("Content-Security-Policy").orElse(null));
                assertEquals("bytes", hit.headers().firstValue("Accept-Ranges").orElse(null));
            }
        }
        assertEquals(304, GranaryServer.get(url, "If-None-Match", etag).statusCode());
        HttpResponse<byte[]> range = GranaryServer.get(url, "Range", "bytes=1-2");
        assertEquals(206, range.statusCode());
        assertArrayEquals(new byte[] {'K', 3}, range.body());
        assertEquals("bytes 1-2/" + wheel.bytes().length, range.headers().firstValue("Content-Range").orElse(null));
        assertEquals(416, GranaryServer.get(url, "Range", "bytes=" + wheel.bytes().length + "-").statusCode());
        HttpResponse<Void> head = GranaryServer.head(url);
        assertEquals(String.valueOf(wheel.bytes().length), head.headers().firstValue("Content-Length").orElse(null));
        HttpResponse<byte[]> authenticated = GranaryServer.get(url, "Authorization", ADMIN);
        assertArrayEquals(wheel.bytes(), authenticated.body());
        assertEquals("private, max-age=31536000, immutable",
                authenticated.headers().firstValue("Cache-Control").orElse(null), "not for shared caches");
        assertEquals(401, GranaryServer.get(url, "Authorization", basic("admin", "wrong")).statusCode(),
                "wrong credentials are refused on a hit too");
    }

    @Test
    void aCorruptedWheelFailsPipClearlyAndIsNotCached() throws Exception {
        String name = "pybad-wheel-" + RUN;
        PypiDistribution wheel = upstream.publish(PypiDistribution.wheel(name, "1.0.0", null, List.of()));
        upstream.corrupt(wheel.filename());

        PypiResult result = PypiClient.locate().install(work.resolve("bad"), SIMPLE, name);
        assertFalse(result.succeeded(), result.describe());
        assertTrue(result.output().contains("502") && result.output().contains(wheel.filename()), result.describe());
        assertTrue(PypiClient.installed(work.resolve("bad")).isEmpty());

        String url = PYPI + "files/" + name + "/" + wheel.filename();
        HttpResponse<byte[]> again = GranaryServer.get(url);
        assertEquals(502, again.statusCode());
        assertTrue(new String(again.body(), StandardCharsets.UTF_8).contains("integrity check failed for " + name + "@1.0.0"),
                new String(again.body(), StandardCharsets.UTF_8));
        Path stored = GranaryServer.dataDir().resolve("blobs/artifacts/pypi-proxy/" + name);
        assertFalse(Files.exists(stored.resolve(wheel.filename())), "nothing of the corrupted wheel may be stored");
        try (var left = Files.list(stored)) { // only its (valid) core metadata, which pip read first
            assertEquals(List.of(wheel.filename() + ".metadata"),
                    left.map(p -> p.getFileName().toString().replaceFirst("~[^~]*$", "")).toList());
        }

        upstream.restore(wheel.filename());
        HttpResponse<byte[]> fixed = GranaryServer.get(url);
        assertEquals(200, fixed.statusCode());
        assertEquals(wheel.sha256(), PypiDistribution.sha256(fixed.body()));
        PypiResult retried = PypiClient.locate().install(work.resolve("fixed"), SIMPLE, name);
        assertTrue(retried.succeeded(), retried.describe());
        assertEquals(Map.of(name, "1.0.0"), PypiClient.installed(work.resolve("fixed")));
    }

    @Test
    void missingThingsAre404BadNamesAre400AndAnUnreachableUpstreamWithNothingCachedIs502() throws Exception {
        String name = "pymiss-lib-" + RUN;
        upstream.publish(PypiDistribution.wheel(name, "1.0.0", null, List.of()));
        assertEquals(404, GranaryServer.get(SIMPLE + "pymiss-nothing-" + RUN + "/").statusCode());
        assertEquals(404, GranaryServer.get(PYPI + "files/" + name + "/pymiss_lib-9.9.9-py3-none-any.whl").statusCode());
        assertEquals(404, GranaryServer.get(PYPI + "files/pymiss-nothing-" + RUN + "/x-1.0.tar.gz").statusCode());
        for (String bad : List.of("simple/-bad-/", "simple/bad%20name/", "files/" + name + "/.hidden",
                "files/" + name + "/a%5Cb.whl")) {
            HttpResponse<byte[]> r = GranaryServer.get(PYPI + bad);
            assertEquals(400, r.statusCode(), bad);
            assertFalse(json(r).getString("error").isBlank());
        }

        upstream.stop();
        HttpResponse<byte[]> down = GranaryServer.get(SIMPLE + "pymiss-never-seen-" + RUN + "/");
        assertEquals(502, down.statusCode());
        assertTrue(json(down).getString("error").contains("nothing is cached"));
    }

    /** Reads a project's JSON API the way poetry does: info.requires_dist and urls[].digests.sha256. */
    private static final String JSON_CONSUMER = String.join("\n",
            "import json, sys, urllib.request",
            "with urllib.request.urlopen(sys.argv[1]) as r:",
            "    d = json.load(r)",
            "print('version=' + d['info']['version'])",
            "print('requires_dist=' + '|'.join(d['info']['requires_dist'] or []))",
            "for u in d['urls']:",
            "    print('file=' + u['filename'] + ' ' + u['digests']['sha256'] + ' ' + u['url'])",
            "");

    @Test
    void theUpstreamsJsonApiAndProjectListPassThroughWithGranaryUrlsAndVersionsTheGuardsHideLeftOut() throws Exception {
        String name = "pyjson-" + RUN;
        PypiDistribution old = upstream.publishUploadedAt(PypiDistribution.wheel(name, "1.0", ">=3.7", List.of("six>=1")),
                Instant.now().minus(Duration.ofDays(30)));
        PypiDistribution fresh = upstream.publish(PypiDistribution.wheel(name, "2.0", ">=3.8", List.of("six>=1", "idna")));
        String project = old.project();
        PypiClient pip = PypiClient.locate();

        PypiResult versions = pip.pip("index", "versions", "--index-url", SIMPLE, project);
        assertTrue(versions.succeeded(), versions.describe());
        assertTrue(versions.stdout().contains("Available versions: 2.0, 1.0"), versions.describe());
        String root = text(ok(GranaryServer.get(SIMPLE, "Accept", "text/html")));
        assertTrue(root.contains("<a href=\"" + project + "/\">" + project + "</a>"), "the upstream's list: " + root);
        assertTrue(json(ok(GranaryServer.get(SIMPLE, "Accept", JSON))).getJsonArray("projects")
                .getValuesAs(JsonObject.class).stream().anyMatch(p -> p.getString("name").equals(project)));

        PypiResult consumer = pip.python(JSON_CONSUMER, PYPI + "pypi/" + project + "/json");
        assertTrue(consumer.succeeded(), consumer.describe());
        assertTrue(consumer.stdout().contains("version=2.0\n"), consumer.describe());
        assertTrue(consumer.stdout().contains("requires_dist=six>=1|idna\n"), consumer.describe());
        assertTrue(consumer.stdout().contains("file=" + fresh.filename() + " " + fresh.sha256() + " " + PYPI + "files/"
                + project + "/" + fresh.filename()), consumer.describe());
        String body = text(ok(GranaryServer.get(PYPI + "pypi/" + project + "/json")));
        assertFalse(body.contains(upstream.baseUrl()), "no upstream URL is handed out: " + body);
        assertEquals(List.of("1.0", "2.0"), List.copyOf(json(ok(GranaryServer.get(PYPI + "pypi/" + project + "/json")))
                .getJsonObject("releases").keySet()));
        assertArrayEquals(old.bytes(), ok(GranaryServer.get(PYPI + "files/" + project + "/" + old.filename())).body(),
                "a file URL of the JSON API downloads through Granary");
        PypiResult one = pip.python(JSON_CONSUMER, PYPI + "pypi/" + project + "/1.0/json");
        assertTrue(one.stdout().contains("requires_dist=six>=1\n"), one.describe());

        // A proxy with a three-day cooldown leaves the fresh version out, as its pages do.
        String repo = unique("pypi-cool");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"pypi\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/simple/\",\"minimumReleaseAge\":\"P3D\"}");
        String cool = GranaryServer.repositoryUrl(repo);
        JsonObject cooled = json(ok(GranaryServer.get(cool + "pypi/" + project + "/json")));
        assertEquals(List.of("1.0"), List.copyOf(cooled.getJsonObject("releases").keySet()));
        assertEquals("1.0", cooled.getJsonObject("info").getString("version"));
        assertEquals(404, GranaryServer.get(cool + "pypi/" + project + "/2.0/json").statusCode());
        assertEquals(404, GranaryServer.get(cool + "pypi/pyjson-none-" + RUN + "/json").statusCode());
    }
}
