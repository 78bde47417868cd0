package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.granary.testing.FakePypiIndex;
import org.granary.testing.PypiClient;
import org.granary.testing.PypiDistribution;
import org.granary.testing.PypiResult;
import org.granary.testing.PypiTwine;
import org.granary.testing.PypiUploadRequest;
import org.junit.jupiter.api.Test;

/**
 * Publishing Python packages as a user meets it: the real twine uploading a wheel and an sdist built by the
 * test into Granary's hosted PyPI repository (through the group {@code pypi}, as a user points twine at it),
 * and the real pip installing them back through the group, together with a dependency that only the fake
 * upstream index on 127.0.0.1 has. Refusals are shown as twine shows them.
 */
class PypiHostedIT extends GranaryIT {

    private static final String PYPI = GranaryServer.repositoryUrl("pypi");
    private static final String HOSTED = GranaryServer.repositoryUrl("pypi-hosted");
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    /** Makes project names unique per run, so a re-run against a kept data directory starts empty too. */
    private static final String RUN = Long.toString(System.currentTimeMillis() % 60_466_176L, 36);

    private final FakePypiIndex upstream = fake(new FakePypiIndex(GranaryServer.upstreamPort("pypi")));
    private final PypiTwine twine = PypiTwine.locate();

    @Test
    void twineUploadsAWheelAndAnSdistThatPipInstallsWithADependencyFromTheProxy() throws Exception {
        String user = createUser("publisher");
        String token = createToken(user, false);
        PypiDistribution dep = upstream.publish(PypiDistribution.wheel("pyhdep-" + RUN, "1.0.0", null, List.of()));
        String app = "Pyh_App." + RUN;
        PypiDistribution wheel = PypiDistribution.wheel(app, "1.0.0", ">=3.7", List.of(dep.name() + ">=1.0"));
        PypiDistribution sdist = PypiDistribution.sdist(app, "1.0.0", ">=3.7", List.of(dep.name() + ">=1.0"));

        PypiTwine.Result upload = twine.upload(PYPI, "__token__", token, files(wheel, sdist));
        assertTrue(upload.succeeded(), upload.describe());
        assertTrue(upload.output().contains("Uploading " + wheel.filename()), upload.describe());
        assertTrue(upload.output().contains("Uploading " + sdist.filename()), upload.describe());

        // The group's page of the project is the hosted one (the upstream does not know the project).
        String project = wheel.project();
        JsonObject page = json(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON)));
        assertEquals(project, page.getString("name"));
        assertEquals(List.of("1.0.0"), page.getJsonArray("versions").getValuesAs(JsonString::getString));
        JsonArray files = page.getJsonArray("files");
        assertEquals(List.of(wheel.filename(), sdist.filename()), filenames(files));
        JsonObject w = files.getJsonObject(0);
        assertEquals(PYPI + "files/" + project + "/" + wheel.filename(), w.getString("url"));
        assertEquals(wheel.sha256(), w.getJsonObject("hashes").getString("sha256"));
        assertEquals(wheel.bytes().length, w.getInt("size"));
        assertEquals(">=3.7", w.getString("requires-python"));
        assertTrue(w.getString("upload-time").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), w.toString());
        assertEquals(wheel.metadataSha256(), w.getJsonObject("core-metadata").getString("sha256"),
                "the wheel's METADATA is served as its PEP 658 .metadata file");
        assertFalse(files.getJsonObject(1).containsKey("core-metadata"), "an sdist has none");
        assertEquals(">=3.7", files.getJsonObject(1).getString("requires-python"));

        HttpResponse<byte[]> metadata = GranaryServer.get(PYPI + "files/" + project + "/" + wheel.filename() + ".metadata");
        assertEquals(200, metadata.statusCode());
        assertArrayEquals(wheel.metadata(), metadata.body());
        assertArrayEquals(sdist.bytes(), GranaryServer.get(HOSTED + "files/" + project + "/" + sdist.filename()).body());
        String html = new String(GranaryServer.get(HOSTED + "simple/" + project + "/", "Accept", "text/html").body(),
                StandardCharsets.UTF_8);
        assertTrue(html.contains(HOSTED + "files/" + project + "/" + wheel.filename() + "#sha256=" + wheel.sha256()
                + "\" data-requires-python=\"&gt;=3.7\" data-core-metadata=\"sha256=" + wheel.metadataSha256() + "\""), html);

        // pip installs the uploaded project, and its dependency from the upstream, through the group.
        PypiClient pip = PypiClient.locate();
        Path target = work.resolve("site");
        PypiResult install = pip.install(target, PYPI + "simple/", app);
        assertTrue(install.succeeded(), install.describe());
        assertEquals(Map.of(project, "1.0.0", dep.project(), "1.0.0"), PypiClient.installed(target));
        assertEquals(1, upstream.fileRequests(dep), "the dependency came from the upstream");
        assertTrue(hasAudit(user, "publish", "success"), "an upload is audited");

        // A user name and password work as well as a token; PyPI's own upload path legacy/ too.
        PypiDistribution next = PypiDistribution.wheel(app, "1.1.0", ">=3.7", List.of());
        PypiTwine.Result withPassword = twine.upload(HOSTED + "legacy/", user, PASSWORD, files(next));
        assertTrue(withPassword.succeeded(), withPassword.describe());
        assertEquals(List.of("1.0.0", "1.1.0"), json(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON)))
                .getJsonArray("versions").getValuesAs(JsonString::getString));
    }

    @Test
    void reuploadingAFileFailsAndTwineShowsWhy() throws Exception {
        String token = createToken(createUser("publisher"), false);
        PypiDistribution sdist = PypiDistribution.sdist("pyhagain-" + RUN, "1.0", null, List.of());
        PypiTwine.Result first = twine.upload(PYPI, "__token__", token, files(sdist));
        assertTrue(first.succeeded(), first.describe());

        PypiDistribution changed = PypiDistribution.sdist("pyhagain-" + RUN, "1.0", ">=3", List.of());
        Path again = Files.write(Files.createDirectories(work.resolve("again")).resolve(changed.filename()),
                changed.bytes());
        // twine prints the status line, and the server's explanation with --verbose (as its warning suggests).
        PypiTwine.Result plain = twine.upload(PYPI, "__token__", token, again);
        assertFalse(plain.succeeded(), plain.describe());
        assertTrue(plain.output().contains("HTTPError: 400 Bad Request"), plain.describe());
        assertTrue(plain.output().contains("Retry with the --verbose option"), plain.describe());
        PypiTwine.Result second = twine.upload(PYPI, "__token__", token, List.of("--verbose"), again);
        assertFalse(second.succeeded(), second.describe());
        assertTrue(second.output().contains("400 Bad Request"), second.describe());
        assertTrue(second.output().contains("File already exists ('" + sdist.filename() + "')"), second.describe());
        assertArrayEquals(sdist.bytes(), GranaryServer.get(PYPI + "files/" + sdist.project() + "/" + sdist.filename())
                .body(), "the first upload is kept");

        PypiTwine.Result skipped = twine.upload(PYPI, "__token__", token, List.of("--skip-existing"), again);
        assertTrue(skipped.succeeded(), "twine --skip-existing recognises the answer\n" + skipped.describe());
        assertTrue(skipped.output().contains("appears to already exist"), skipped.describe());
    }

    @Test
    void withoutCredentialsOrWithAReadOnlyTokenNothingIsPublished() throws Exception {
        String user = createUser("publisher");
        PypiDistribution wheel = PypiDistribution.wheel("pyhdenied-" + RUN, "1.0", null, List.of());
        String file = PYPI + "files/" + wheel.project() + "/" + wheel.filename();

        PypiTwine.Result anonymous = twine.upload(PYPI, null, null, files(wheel));
        assertFalse(anonymous.succeeded(), anonymous.describe());
        assertTrue(anonymous.output().contains("Credential not found"), "non-interactive twine does not prompt\n"
                + anonymous.describe());
        HttpResponse<String> raw = GranaryServer.http().send(PypiUploadRequest.of(wheel).build(PYPI, null),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, raw.statusCode(), raw.body());
        assertTrue(raw.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        PypiTwine.Result readOnly = twine.upload(PYPI, "__token__", createToken(user, true), files(wheel));
        assertFalse(readOnly.succeeded(), readOnly.describe());
        assertTrue(readOnly.output().contains("403 Forbidden"), readOnly.describe());
        PypiTwine.Result wrongPassword = twine.upload(PYPI, user, "not-the-password", files(wheel));
        assertFalse(wrongPassword.succeeded(), wrongPassword.describe());
        assertTrue(wrongPassword.output().contains("401 Unauthorized"), wrongPassword.describe());

        assertEquals(404, GranaryServer.get(file).statusCode(), "nothing was stored");
        assertEquals(404, GranaryServer.get(HOSTED + "simple/" + wheel.project() + "/").statusCode());
        assertTrue(hasAudit(user, "publish", "failure"), "the refusal is audited");
    }

    @Test
    void aWrongSha256IsRefusedAndNothingIsStored() throws Exception {
        String token = createToken(createUser("publisher"), false);
        PypiDistribution wheel = PypiDistribution.wheel("pyhsha-" + RUN, "1.0", null, List.of());
        HttpResponse<String> refused = GranaryServer.http().send(PypiUploadRequest.of(wheel)
                .field("sha256_digest", "0".repeat(64)).build(PYPI, "Bearer " + token), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("checksum mismatch"), refused.body());
        assertTrue(refused.body().contains("nothing was stored"), refused.body());
        assertEquals(404, GranaryServer.get(HOSTED + "files/" + wheel.project() + "/" + wheel.filename()).statusCode());
        assertEquals(404, GranaryServer.get(HOSTED + "files/" + wheel.project() + "/" + wheel.filename() + ".metadata")
                .statusCode());
        assertEquals(404, GranaryServer.get(HOSTED + "simple/" + wheel.project() + "/").statusCode());

        HttpResponse<String> misnamed = GranaryServer.http().send(PypiUploadRequest.of(wheel).field("version", "2.0")
                .build(PYPI, "Bearer " + token), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, misnamed.statusCode(), misnamed.body());
        assertTrue(misnamed.body().contains("is not a file name of"), misnamed.body());

        HttpResponse<String> correct = GranaryServer.http().send(PypiUploadRequest.of(wheel)
                .build(PYPI, "Bearer " + token), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, correct.statusCode(), correct.body());
        // the 404s above are remembered by the server's index of hits; the publish makes it forget them at once
        for (String repository : List.of(HOSTED, PYPI)) {
            HttpResponse<byte[]> published = GranaryServer.get(repository + "files/" + wheel.project() + "/"
                    + wheel.filename());
            assertEquals(200, published.statusCode(), repository);
            assertArrayEquals(wheel.bytes(), published.body(), repository);
        }
    }

    @Test
    void anUploadOverTheRepositoryLimitIsRefusedWith413AndNothingIsStored() throws Exception {
        String small = unique("pypi-small");
        createRepository("{\"name\":\"" + small + "\",\"format\":\"pypi\",\"type\":\"hosted\",\"maxUploadBytes\":1000}");
        String token = createToken(createUser("publisher"), false);
        PypiDistribution big = PypiDistribution.wheel("pyhbig-" + RUN, "1.0", null, List.of(),
                UUID.randomUUID().toString().repeat(100));
        assertTrue(big.bytes().length > 1000, "the wheel is over the limit: " + big.bytes().length);
        String repository = GranaryServer.repositoryUrl(small);

        PypiTwine.Result refused = twine.upload(repository, "__token__", token, List.of("--verbose"), files(big));
        assertFalse(refused.succeeded(), refused.describe());
        assertTrue(refused.output().contains("413"), refused.describe());
        assertTrue(refused.output().contains("larger than the 1000 bytes"), refused.describe());
        assertEquals(404, GranaryServer.get(repository + "files/" + big.project() + "/" + big.filename()).statusCode());
        assertEquals(404, GranaryServer.get(repository + "simple/" + big.project() + "/").statusCode());
    }

    @Test
    void aProjectInHostedAndProxyListsTheHostedFilesFirstAndTheProxysOthers() throws Exception {
        String token = createToken(createUser("publisher"), false);
        String name = "pyhboth-" + RUN;
        PypiDistribution upstreamOne = upstream.publish(PypiDistribution.wheel(name, "1.0", null, List.of()));
        PypiDistribution upstreamTwo = upstream.publish(PypiDistribution.wheel(name, "2.0", null, List.of()));
        PypiDistribution hostedOne = PypiDistribution.wheel(name, "1.0", null, List.of(), "ours");
        PypiDistribution hostedHalf = PypiDistribution.sdist(name, "1.5", null, List.of());
        assertFalse(hostedOne.sha256().equals(upstreamOne.sha256()));
        PypiTwine.Result upload = twine.upload(PYPI, "__token__", token, files(hostedOne, hostedHalf));
        assertTrue(upload.succeeded(), upload.describe());

        String project = hostedOne.project();
        JsonObject page = json(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON)));
        JsonArray files = page.getJsonArray("files");
        assertEquals(List.of(hostedOne.filename(), hostedHalf.filename(), upstreamTwo.filename()), filenames(files));
        assertEquals(hostedOne.sha256(), files.getJsonObject(0).getJsonObject("hashes").getString("sha256"),
                "the hosted file wins its name");
        assertEquals(upstreamTwo.sha256(), files.getJsonObject(2).getJsonObject("hashes").getString("sha256"));
        assertEquals(List.of("1.0", "1.5", "2.0"), page.getJsonArray("versions").getValuesAs(JsonString::getString));
        String html = new String(GranaryServer.get(PYPI + "simple/" + project + "/").body(), StandardCharsets.UTF_8);
        assertTrue(html.indexOf(hostedHalf.filename()) < html.indexOf(upstreamTwo.filename()), html);

        assertArrayEquals(hostedOne.bytes(), GranaryServer.get(PYPI + "files/" + project + "/" + hostedOne.filename()).body());
        assertArrayEquals(upstreamTwo.bytes(), GranaryServer.get(PYPI + "files/" + project + "/" + upstreamTwo.filename())
                .body());
        assertEquals(0, upstream.fileRequests(upstreamOne), "the upstream's copy of the hosted file name is never fetched");
    }

    @Test
    void aWheelLargerThanAnyInMemoryBufferIsStreamedInAndServedBackWithItsMetadata() throws Exception {
        String token = createToken(createUser("publisher"), false);
        String name = "pyhlarge-" + RUN;
        Path wheel = Files.createDirectories(work.resolve("large")).resolve(name.replace('-', '_') + "-1.0-py3-none-any.whl");
        byte[] metadata = ("Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\nRequires-Python: >=3.9\n")
                .getBytes(StandardCharsets.UTF_8);
        String sha256 = largeWheel(wheel, name, metadata, 60L << 20);

        PypiTwine.Result upload = twine.upload(PYPI, "__token__", token, List.of("--verbose"), wheel);
        assertTrue(upload.succeeded(), upload.describe());
        String project = PypiDistribution.normalise(name);
        JsonObject file = json(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON)))
                .getJsonArray("files").getJsonObject(0);
        assertEquals(sha256, file.getJsonObject("hashes").getString("sha256"));
        assertEquals(Files.size(wheel), file.getJsonNumber("size").longValue());
        assertEquals(">=3.9", file.getString("requires-python"), "read from the wheel's METADATA");
        assertEquals(PypiDistribution.sha256(metadata), file.getJsonObject("core-metadata").getString("sha256"));
        assertArrayEquals(metadata, GranaryServer.get(PYPI + "files/" + project + "/" + wheel.getFileName()
                + ".metadata").body());
        HttpResponse<InputStream> download = GranaryServer.http().send(HttpRequest.newBuilder(
                URI.create(PYPI + "files/" + project + "/" + wheel.getFileName())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(download.body(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(sha256, HexFormat.of().formatHex(digest.digest()));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Writes a wheel with {@code payload} random bytes (incompressible, stored) before its {@code .dist-info}, streamed
     * to disk; returns its sha256.
     */
    private static String largeWheel(Path target, String name, byte[] metadata, long payload) throws Exception {
        String dist = PypiDistribution.distributionName(name);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        try (ZipOutputStream zip = new ZipOutputStream(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(target)), digest))) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(dist + "/__init__.py"));
            zip.write("".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(dist + "/payload.bin"));
            byte[] chunk = new byte[1 << 20];
            for (long written = 0; written < payload; written += chunk.length) {
                random.nextBytes(chunk);
                zip.write(chunk);
            }
            String info = dist + "-1.0.dist-info/";
            zip.putNextEntry(new ZipEntry(info + "METADATA"));
            zip.write(metadata);
            zip.putNextEntry(new ZipEntry(info + "WHEEL"));
            zip.write("Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(info + "RECORD"));
            zip.closeEntry();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A JSON API consumer reading a project the way poetry does: info.requires_dist and urls[].digests.sha256. */
    private static final String JSON_CONSUMER = String.join("\n",
            "import json, sys, urllib.request",
            "with urllib.request.urlopen(sys.argv[1]) as r:",
            "    d = json.load(r)",
            "print('version=' + d['info']['version'])",
            "print('requires_dist=' + '|'.join(d['info']['requires_dist'] or []))",
            "print('requires_python=' + str(d['info']['requires_python']))",
            "for u in d['urls']:",
            "    print('file=' + u['filename'] + ' ' + u['digests']['sha256'] + ' ' + u['url'])",
            "");

    @Test
    void pipListsVersionsAJsonApiConsumerReadsMetadataAndYankedAndDeletedFilesAreHonoured() throws Exception {
        String user = createUser("publisher");
        String token = createToken(user, false);
        String name = "pyh-beyond-" + RUN;
        PypiDistribution v1 = PypiDistribution.wheel(name, "1.0", ">=3.7", List.of("requests>=2"));
        PypiDistribution v2 = PypiDistribution.wheel(name, "2.0", ">=3.8", List.of("requests>=2", "idna"));
        PypiDistribution v2sdist = PypiDistribution.sdist(name, "2.0", ">=3.8", List.of("requests>=2", "idna"));
        PypiTwine.Result upload = twine.upload(PYPI, "__token__", token, files(v1, v2, v2sdist));
        assertTrue(upload.succeeded(), upload.describe());
        String project = v1.project();
        PypiClient pip = PypiClient.locate();

        // pip index versions reads the project page through the group; the root lists the project.
        PypiResult versions = pip.pip("index", "versions", "--index-url", PYPI + "simple/", project);
        assertTrue(versions.succeeded(), versions.describe());
        assertTrue(versions.stdout().contains(project + " (2.0)"), versions.describe());
        assertTrue(versions.stdout().contains("Available versions: 2.0, 1.0"), versions.describe());
        String root = text(ok(GranaryServer.get(PYPI + "simple/", "Accept", "text/html")));
        assertTrue(root.contains("<a href=\"" + project + "/\">" + project + "</a>"), root);
        assertTrue(json(ok(GranaryServer.get(HOSTED + "simple/", "Accept", JSON))).getJsonArray("projects")
                .getValuesAs(JsonObject.class).stream().anyMatch(p -> p.getString("name").equals(project)));

        // A JSON API consumer reads the metadata and the hashes of the files it would download.
        PypiResult latest = pip.python(JSON_CONSUMER, PYPI + "pypi/" + project + "/json");
        assertTrue(latest.succeeded(), latest.describe());
        assertTrue(latest.stdout().contains("version=2.0\n"), latest.describe());
        assertTrue(latest.stdout().contains("requires_dist=requests>=2|idna\n"), latest.describe());
        assertTrue(latest.stdout().contains("requires_python=>=3.8\n"), latest.describe());
        assertTrue(latest.stdout().contains("file=" + v2.filename() + " " + v2.sha256() + " " + PYPI + "files/"
                + project + "/" + v2.filename()), latest.describe());
        assertTrue(latest.stdout().contains("file=" + v2sdist.filename() + " " + v2sdist.sha256()), latest.describe());
        PypiResult one = pip.python(JSON_CONSUMER, PYPI + "pypi/" + project + "/1.0/json");
        assertTrue(one.stdout().contains("requires_dist=requests>=2\n"), one.describe());
        assertTrue(one.stdout().contains("file=" + v1.filename() + " " + v1.sha256()), one.describe());
        HttpResponse<byte[]> unknown = GranaryServer.get(PYPI + "pypi/pyh-nothing-" + RUN + "/json");
        assertEquals(404, unknown.statusCode());
        assertTrue(text(unknown).contains("has no project pyh-nothing-" + RUN), text(unknown));

        // Yanked by its publisher: pip skips it unless pinned with ==, pages and the JSON API say so.
        HttpResponse<String> yank = send("PUT", API + "repositories/pypi/pypi/" + project + "/versions/2.0/yank",
                basic(user, PASSWORD), "{\"reason\":\"broken build\"}");
        assertEquals(200, yank.statusCode(), yank.body());
        String html = text(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", "text/html")));
        assertTrue(html.contains("data-requires-python=\"&gt;=3.8\" data-yanked=\"broken build\">"
                + v2sdist.filename()), html);
        assertTrue(html.contains("data-yanked=\"broken build\" data-core-metadata="), html);
        Path unpinned = work.resolve("unpinned");
        PypiResult install = pip.install(unpinned, PYPI + "simple/", "--no-deps", project);
        assertTrue(install.succeeded(), install.describe());
        assertEquals(Map.of(project, "1.0"), PypiClient.installed(unpinned));
        Path pinned = work.resolve("pinned");
        PypiResult pinnedInstall = pip.install(pinned, PYPI + "simple/", "--no-deps", project + "==2.0");
        assertTrue(pinnedInstall.succeeded(), pinnedInstall.describe());
        assertEquals(Map.of(project, "2.0"), PypiClient.installed(pinned));
        assertTrue(pip.python(JSON_CONSUMER, PYPI + "pypi/" + project + "/json").stdout().contains("version=1.0\n"),
                "the JSON API's latest is the highest version not yanked");
        assertTrue(hasAudit(user, "yank", "success"));

        // Someone else may not delete it; an administrator deletes the version: gone from pages, JSON and downloads.
        String other = createUser("publisher");
        HttpResponse<String> refused = send("DELETE", API + "repositories/pypi/packages/" + project + "/versions/2.0",
                basic(other, PASSWORD), null);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(error(refused).contains("published by '" + user + "'"), refused.body());
        HttpResponse<String> deleted = send("DELETE", API + "repositories/pypi/packages/" + project + "/versions/2.0",
                ADMIN, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(List.of(project + "/" + v2.filename(), project + "/" + v2.filename() + ".metadata",
                project + "/" + v2sdist.filename()), json(deleted).getJsonArray("deleted")
                .getValuesAs(JsonString::getString).stream().sorted().toList());
        JsonObject page = json(ok(GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON)));
        assertEquals(List.of("1.0"), page.getJsonArray("versions").getValuesAs(JsonString::getString));
        assertEquals(List.of(v1.filename()), filenames(page.getJsonArray("files")));
        assertEquals(404, GranaryServer.get(PYPI + "files/" + project + "/" + v2.filename()).statusCode());
        assertEquals(404, GranaryServer.get(PYPI + "pypi/" + project + "/2.0/json").statusCode());
        assertTrue(hasAudit("admin", "delete", "success"));

        // The publisher deletes their last file: the project is gone.
        HttpResponse<String> file = send("DELETE", API + "repositories/pypi/pypi/" + project + "/files/" + v1.filename(),
                basic(user, PASSWORD), null);
        assertEquals(200, file.statusCode(), file.body());
        assertEquals(404, GranaryServer.get(PYPI + "simple/" + project + "/", "Accept", JSON).statusCode());
        assertEquals(404, GranaryServer.get(PYPI + "files/" + project + "/" + v1.filename()).statusCode());
        assertFalse(text(ok(GranaryServer.get(HOSTED + "simple/"))).contains(">" + project + "<"));
    }

    /** Writes the distributions into a fresh {@code dist/} directory, as a build would. */
    private Path[] files(PypiDistribution... distributions) throws IOException {
        Path dist = Files.createDirectories(work.resolve("dist-" + UUID.randomUUID()));
        Path[] paths = new Path[distributions.length];
        for (int i = 0; i < distributions.length; i++) {
            paths[i] = Files.write(dist.resolve(distributions[i].filename()), distributions[i].bytes());
        }
        return paths;
    }

    private static List<String> filenames(JsonArray files) {
        return files.stream().map(JsonValue::asJsonObject).map(f -> f.getString("filename")).toList();
    }
}
