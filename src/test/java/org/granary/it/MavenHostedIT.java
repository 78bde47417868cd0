package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.granary.testing.FakeMavenUpstream;
import org.granary.testing.FakeMavenUpstream.Checksums;
import org.granary.testing.MavenClient;
import org.granary.testing.MavenDeployProject;
import org.granary.testing.MavenFixtures;
import org.granary.testing.MavenFixtures.Gav;
import org.granary.testing.MavenResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publishing to Granary's hosted Maven repository as a user does it: the real {@code mvn deploy} of a small
 * jar project to the group URL with a token in {@code settings.xml}, a fresh build resolving what was deployed
 * together with proxied artifacts through the same group, and the refusals a user meets (a release deployed
 * twice, no credentials, a read-only token, a damaged checksum), each with its audit row.
 */
class MavenHostedIT extends GranaryIT {

    private static final String MAVEN = GranaryServer.repositoryUrl("maven");
    private static final String HOSTED = GranaryServer.repositoryUrl("maven-hosted");
    private static final String SERVER_ID = "granary";
    /** Part of every groupId, so that a rerun against the same data directory starts from nothing. */
    private static final String RUN = "r" + Long.toString(System.currentTimeMillis(), 36);

    private FakeMavenUpstream upstream;
    private MavenClient mvn;

    @BeforeEach
    void start() {
        MavenClient.requirePluginIn(MavenClient.buildLocalRepository());
        MavenDeployProject.requirePluginsIn(MavenClient.buildLocalRepository());
        upstream = fake(new FakeMavenUpstream(GranaryServer.upstreamPort("maven"), MavenClient.buildLocalRepository()));
        mvn = MavenClient.locate();
    }

    @Test
    void mvnDeploysAReleaseAndSnapshotsThatAFreshBuildResolvesThroughTheGroupAlongsideProxiedArtifacts() throws Exception {
        String group = fixture("story");
        Publisher publisher = publisher(false);
        // The upstream has an older version of the artifact that will be deployed, and a library of its own.
        Gav oldApp = new Gav(group, "app", "0.9");
        byte[] oldAppJar = MavenFixtures.publishLibrary(upstream, oldApp, null, "", 4_000, Checksums.SHA1);
        upstream.publish(oldApp.artifactMetadata(), MavenFixtures.artifactMetadata(group, "app", List.of("0.9")), Checksums.SHA1);
        Gav helper = new Gav(group, "helper", "1.0");
        byte[] helperJar = MavenFixtures.publishLibrary(upstream, helper, null, "", 6_000, Checksums.SHA1);

        // Given a release and a snapshot, deployed with a token as the password of the server in settings.xml
        MavenDeployProject app = MavenDeployProject.create(work.resolve("app"), group, "app", "1.0", SERVER_ID, MAVEN);
        MavenResult release = deploy(app, publisher.settings());
        assertTrue(release.succeeded(), release.describe());
        byte[] appJar = app.builtJar("app", "1.0");
        Gav appGav = new Gav(group, "app", "1.0");
        assertArrayEquals(appJar, GranaryServer.get(HOSTED + appGav.jar()).body());

        MavenDeployProject tool = MavenDeployProject.create(work.resolve("tool"), group, "tool", "2.0-SNAPSHOT", SERVER_ID, MAVEN);
        MavenResult snapshot1 = deploy(tool, publisher.settings());
        assertTrue(snapshot1.succeeded(), snapshot1.describe());
        byte[] toolBuild1 = tool.builtJar("tool", "2.0-SNAPSHOT");
        MavenResult snapshot2 = deploy(tool.build(2), publisher.settings());
        assertTrue(snapshot2.succeeded(), snapshot2.describe());
        byte[] toolBuild2 = tool.builtJar("tool", "2.0-SNAPSHOT");
        assertFalse(java.util.Arrays.equals(toolBuild1, toolBuild2));

        // Then the hosted repository has two timestamped builds, and its metadata names the second
        Gav toolGav = new Gav(group, "tool", "2.0-SNAPSHOT");
        String versionMetadata = text(ok(GranaryServer.get(MAVEN + toolGav.versionMetadata())));
        Matcher build = Pattern.compile("<value>(2\\.0-\\d{8}\\.\\d{6}-2)</value>").matcher(versionMetadata);
        assertTrue(build.find(), versionMetadata);
        assertTrue(versionMetadata.contains("<buildNumber>2</buildNumber>"), versionMetadata);
        String build2 = build.group(1);
        List<String> builds = timestampedJars(group.replace('.', '/') + "/tool/2.0-SNAPSHOT/");
        assertEquals(2, builds.size(), builds.toString());
        assertArrayEquals(toolBuild1, GranaryServer.get(HOSTED + toolGav.file(builds.get(0), "jar")).body());
        assertArrayEquals(toolBuild2, GranaryServer.get(HOSTED + toolGav.file(build2, "jar")).body());
        assertTrue(text(ok(GranaryServer.get(HOSTED + toolGav.artifactMetadata()))).contains("<version>2.0-SNAPSHOT</version>"));

        // The group merges the hosted and the proxied metadata of the same artifact
        String merged = text(ok(GranaryServer.get(MAVEN + oldApp.artifactMetadata())));
        assertTrue(merged.contains("<version>0.9</version>") && merged.contains("<version>1.0</version>"), merged);
        assertTrue(merged.contains("<release>1.0</release>"), merged);
        String hostedOnly = text(ok(GranaryServer.get(HOSTED + oldApp.artifactMetadata())));
        assertTrue(hostedOnly.contains("<version>1.0</version>") && !hostedOnly.contains("0.9"), hostedOnly);
        assertEquals(FakeMavenUpstream.hex("sha1", merged.getBytes(StandardCharsets.UTF_8)),
                text(ok(GranaryServer.get(MAVEN + oldApp.artifactMetadata() + ".sha1"))));

        // When a fresh build resolves all of it through the group
        MavenResult consumer = mvn.copyDependencies(work.resolve("consumer"),
                MavenFixtures.consumerPom("consumer", List.of(appGav, toolGav, helper)), MAVEN, work.resolve("repo-consumer"));
        assertTrue(consumer.succeeded(), consumer.describe());
        Path copied = work.resolve("consumer/target/dependency");
        assertEquals(Map.of("app-1.0.jar", 1, "tool-2.0-SNAPSHOT.jar", 1, "helper-1.0.jar", 1), fileNames(copied));
        assertArrayEquals(appJar, Files.readAllBytes(copied.resolve("app-1.0.jar")));
        assertArrayEquals(toolBuild2, Files.readAllBytes(copied.resolve("tool-2.0-SNAPSHOT.jar")), "the latest snapshot build");
        assertArrayEquals(helperJar, Files.readAllBytes(copied.resolve("helper-1.0.jar")));

        // A version range sees the proxied versions next to the deployed ones
        MavenResult range = mvn.copyDependencies(work.resolve("range"), MavenFixtures.consumerPom("range",
                List.of(new Gav(group, "app", "[0.5,1.0)"))), MAVEN, work.resolve("repo-range"));
        assertTrue(range.succeeded(), range.describe());
        assertArrayEquals(oldAppJar, Files.readAllBytes(work.resolve("range/target/dependency/app-0.9.jar")));

        // A release cannot be deployed twice; the first stays
        MavenResult again = deploy(app.build(2), publisher.settings());
        assertFalse(again.succeeded(), again.describe());
        assertTrue(again.output().contains("409") && again.output().contains("Conflict")
                && again.output().contains("/app/1.0/app-1.0."), again.describe());
        assertArrayEquals(appJar, GranaryServer.get(MAVEN + appGav.jar()).body());

        assertTrue(audit(publisher.user(), "publish", "success").stream()
                .anyMatch(e -> e.getString("target").equals("maven-hosted/" + appGav.jar())), "the deploy is audited");
        assertTrue(audit(publisher.user(), "publish", "success").stream()
                .anyMatch(e -> e.getString("target").equals("maven-hosted/" + toolGav.file(build2, "jar"))));
    }

    @Test
    void deployingWithoutCredentialsIs401AndWithAReadOnlyTokenIs403AndBothAreAudited() throws Exception {
        String group = fixture("denied");
        MavenDeployProject project = MavenDeployProject.create(work.resolve("denied"), group, "denied", "1.0", SERVER_ID, MAVEN);
        Gav gav = new Gav(group, "denied", "1.0");

        MavenResult anonymous = deploy(project, MavenClient.settingsXml(MAVEN));
        assertFalse(anonymous.succeeded(), anonymous.describe());
        assertTrue(anonymous.output().contains("401"), anonymous.describe());

        Publisher readOnly = publisher(true);
        MavenResult refused = deploy(project, readOnly.settings());
        assertFalse(refused.succeeded(), refused.describe());
        assertTrue(refused.output().contains("403"), refused.describe());

        assertEquals(404, GranaryServer.get(MAVEN + gav.jar()).statusCode(), "nothing was stored");
        String target = "maven-hosted/" + gav.jar();
        assertTrue(audit(readOnly.user(), "publish", "failure").stream().anyMatch(e -> e.getString("target").equals(target)));
        assertTrue(audit(null, "publish", "failure").stream()
                .anyMatch(e -> e.isNull("actor") && e.getString("target").startsWith("maven-hosted/" + group.replace('.', '/'))));
    }

    @Test
    void uploadsAreCheckedAndRefusalsSayWhy() throws Exception {
        Publisher publisher = publisher(false);
        String auth = basic(publisher.user(), publisher.token());
        Gav lib = new Gav(fixture("http"), "lib", "1.0");
        byte[] jar = MavenFixtures.jar(lib, "1.0", 3_000);

        assertEquals(401, put(MAVEN + lib.jar(), null, jar).statusCode());
        HttpResponse<String> challenge = put(MAVEN + lib.jar(), null, jar);
        assertEquals("Basic realm=\"granary\"", challenge.headers().firstValue("WWW-Authenticate").orElse(null),
                "mvn sends its credentials after a Basic challenge");
        assertEquals(201, put(MAVEN + lib.jar(), auth, jar).statusCode());
        assertArrayEquals(jar, GranaryServer.get(HOSTED + lib.jar()).body());

        // checksums are checked against the stored file, not stored
        assertEquals(204, put(MAVEN + lib.jar() + ".sha1", auth, FakeMavenUpstream.hex("sha1", jar).getBytes()).statusCode());
        assertEquals(204, put(MAVEN + lib.jar() + ".md5", auth, (FakeMavenUpstream.hex("md5", jar) + "  lib-1.0.jar\n")
                .getBytes()).statusCode());
        HttpResponse<String> wrong = put(MAVEN + lib.jar() + ".sha1", auth, FakeMavenUpstream.hex("sha1", new byte[1]).getBytes());
        assertEquals(400, wrong.statusCode());
        assertTrue(error(wrong).contains("checksum mismatch") && error(wrong).contains(FakeMavenUpstream.hex("sha1", jar)),
                error(wrong));
        assertEquals(FakeMavenUpstream.hex("sha1", jar), text(ok(GranaryServer.get(MAVEN + lib.jar() + ".sha1"))));
        HttpResponse<String> orphan = put(MAVEN + lib.pom() + ".sha1", auth, FakeMavenUpstream.hex("sha1", jar).getBytes());
        assertEquals(400, orphan.statusCode());
        assertTrue(error(orphan).contains("upload the file before its checksum"), error(orphan));

        // a release is immutable
        HttpResponse<String> conflict = put(MAVEN + lib.jar(), auth, MavenFixtures.jar(lib, "other", 3_000));
        assertEquals(409, conflict.statusCode());
        assertTrue(error(conflict).contains("already published"), error(conflict));
        assertArrayEquals(jar, GranaryServer.get(MAVEN + lib.jar()).body());

        // a declared hash that does not match keeps the file out
        Gav declared = new Gav(fixture("http"), "declared", "1.0");
        HttpResponse<String> badHash = send("PUT", MAVEN + declared.jar(), auth, jar,
                "X-Checksum-Sha256", FakeMavenUpstream.hex("sha256", new byte[1]));
        assertEquals(400, badHash.statusCode());
        assertEquals(404, GranaryServer.get(MAVEN + declared.jar()).statusCode());
        assertEquals(201, send("PUT", MAVEN + declared.jar(), auth, jar, "X-Checksum-Sha256",
                FakeMavenUpstream.hex("sha256", jar)).statusCode());

        // snapshot files may be replaced
        Gav snap = new Gav(fixture("http"), "snap", "1.0-SNAPSHOT");
        String file = snap.file("1.0-20250101.000000-1", "jar");
        assertEquals(201, put(MAVEN + file, auth, MavenFixtures.jar(snap, "a", 100)).statusCode());
        byte[] replacement = MavenFixtures.jar(snap, "b", 100);
        assertEquals(201, put(MAVEN + file, auth, replacement).statusCode());
        assertArrayEquals(replacement, GranaryServer.get(MAVEN + file).body());
        assertEquals(204, put(MAVEN + file + ".sha1", auth, FakeMavenUpstream.hex("sha1", replacement).getBytes()).statusCode());

        // metadata: uploads are checked; what is served lists what was deployed
        byte[] metadata = MavenFixtures.artifactMetadata(lib.groupId(), "lib", List.of("1.0", "0.1"));
        assertEquals(201, put(MAVEN + lib.artifactMetadata(), auth, metadata).statusCode());
        assertEquals(204, put(MAVEN + lib.artifactMetadata() + ".sha1", auth, FakeMavenUpstream.hex("sha1", metadata)
                .getBytes()).statusCode(), "the checksum of the uploaded document is accepted");
        String served = text(ok(GranaryServer.get(HOSTED + lib.artifactMetadata())));
        assertTrue(served.contains("<version>1.0</version>") && !served.contains("0.1"), served);
        HttpResponse<String> html = put(MAVEN + lib.artifactMetadata(), auth, "<html>hi</html>".getBytes());
        assertEquals(400, html.statusCode());
        assertTrue(error(html).contains("<metadata>"), error(html));
        HttpResponse<String> elsewhere = put(MAVEN + snap.artifactMetadata(), auth, metadata);
        assertEquals(400, elsewhere.statusCode());
        assertTrue(error(elsewhere).contains("does not belong in"), error(elsewhere));

        // paths, repositories and sizes
        HttpResponse<String> badPath = put(MAVEN + fixture("http").replace('.', '/') + "/lib/1.0/other-1.0.jar", auth, jar);
        assertEquals(400, badPath.statusCode());
        assertFalse(error(badPath).isBlank());
        assertEquals(400, put(MAVEN + "org/granary/a/1.0/a%201.0.jar", auth, jar).statusCode());
        HttpResponse<String> proxy = put(GranaryServer.repositoryUrl("maven-proxy") + lib.jar(), auth, jar);
        assertEquals(400, proxy.statusCode());
        assertTrue(error(proxy).contains("proxy"), error(proxy));
        String small = unique("maven-small");
        createRepository("{\"name\":\"" + small + "\",\"format\":\"maven\",\"type\":\"hosted\",\"maxUploadBytes\":1000}");
        HttpResponse<String> tooLarge = put(GranaryServer.repositoryUrl(small) + lib.jar(), auth, jar);
        assertEquals(413, tooLarge.statusCode());
        assertTrue(error(tooLarge).contains("1000 bytes"), error(tooLarge));
        assertEquals(404, GranaryServer.get(GranaryServer.repositoryUrl(small) + lib.jar()).statusCode());
    }

    @Test
    void aPluginDeployedToTheHostedRepositoryRunsByItsPrefixThroughTheGroupWhoseMetadataMergesEveryMembersPlugins()
            throws Exception {
        String group = fixture("plugins");
        Publisher publisher = publisher(false);
        String auth = basic(publisher.user(), publisher.token());
        // The upstream knows another plugin of the same group (its own group-level maven-metadata.xml)
        upstream.publish(group.replace('.', '/') + "/maven-metadata.xml", ("<metadata><plugins><plugin><name>Other</name>"
                + "<prefix>other</prefix><artifactId>other-maven-plugin</artifactId></plugin></plugins></metadata>")
                .getBytes(StandardCharsets.UTF_8), Checksums.SHA1);

        // Given a plugin deployed as mvn deploy of a maven-plugin project does: jar, POM, and the group-level
        // maven-metadata.xml naming its prefix
        Gav plugin = new Gav(group, "greet-maven-plugin", "1.0");
        byte[] jar = MavenFixtures.pluginJar(group, "greet-maven-plugin", "1.0", "greet", "hello",
                "hello from the granary test plugin", work.resolve("plugin-build"));
        assertEquals(201, put(MAVEN + plugin.jar(), auth, jar).statusCode());
        assertEquals(201, put(MAVEN + plugin.pom(), auth, ("<project><modelVersion>4.0.0</modelVersion><groupId>" + group
                + "</groupId><artifactId>greet-maven-plugin</artifactId><version>1.0</version>"
                + "<packaging>maven-plugin</packaging></project>").getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<String> groupLevel = put(MAVEN + group.replace('.', '/') + "/maven-metadata.xml", auth,
                ("<metadata><plugins><plugin><name>Greet</name><prefix>greet</prefix>"
                        + "<artifactId>greet-maven-plugin</artifactId></plugin></plugins></metadata>")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(201, groupLevel.statusCode(), groupLevel.body());

        // The group serves one group-level document with the plugins of both members
        String merged = text(ok(GranaryServer.get(MAVEN + group.replace('.', '/') + "/maven-metadata.xml")));
        assertTrue(merged.contains("<prefix>greet</prefix>") && merged.contains("<prefix>other</prefix>"), merged);
        String hostedOnly = text(ok(GranaryServer.get(HOSTED + group.replace('.', '/') + "/maven-metadata.xml")));
        assertTrue(hostedOnly.contains("<prefix>greet</prefix>") && !hostedOnly.contains("other"), hostedOnly);

        // When a user runs the plugin by its prefix, with its group in <pluginGroups>
        String settings = MavenClient.settingsXml(MAVEN).replaceFirst("<settings>",
                "<settings><pluginGroups><pluginGroup>" + group + "</pluginGroup></pluginGroups>");
        MavenResult run = mvn.runWithSettings(Files.createDirectories(work.resolve("no-project")), settings,
                work.resolve("repo-plugin"), "greet:hello");
        assertTrue(run.succeeded(), run.describe());
        assertTrue(run.output().contains("hello from the granary test plugin"), run.describe());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    @Test
    void deletingAVersionRegeneratesTheMetadataAndMvnThenResolvesTheRemainingVersion() throws Exception {
        String group = fixture("delete");
        Publisher publisher = publisher(false);
        MavenDeployProject v1 = MavenDeployProject.create(work.resolve("lib1"), group, "lib", "1.0", SERVER_ID, MAVEN);
        MavenResult d1 = deploy(v1, publisher.settings());
        assertTrue(d1.succeeded(), d1.describe());
        byte[] jar1 = v1.builtJar("lib", "1.0");
        MavenDeployProject v2 = MavenDeployProject.create(work.resolve("lib2"), group, "lib", "1.1", SERVER_ID, MAVEN);
        MavenResult d2 = deploy(v2, publisher.settings());
        assertTrue(d2.succeeded(), d2.describe());
        Gav range = new Gav(group, "lib", "[1.0,)");
        MavenResult before = mvn.copyDependencies(work.resolve("before"), MavenFixtures.consumerPom("before",
                List.of(range)), MAVEN, work.resolve("repo-before"));
        assertTrue(before.succeeded(), before.describe());
        assertTrue(Files.exists(work.resolve("before/target/dependency/lib-1.1.jar")), before.describe());

        // Another user may not; the publisher deletes 1.1 within the window
        String other = createUser("publisher");
        HttpResponse<String> refused = send("DELETE", API + "repositories/maven/packages/" + group
                + ":lib/versions/1.1", basic(other, PASSWORD), null);
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> deleted = send("DELETE", API + "repositories/maven/packages/" + group
                + ":lib/versions/1.1", basic(publisher.user(), PASSWORD), null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        Gav gone = new Gav(group, "lib", "1.1");
        assertTrue(json(deleted).getJsonArray("deleted").toString().contains(gone.jar()), deleted.body());
        assertTrue(hasAudit(publisher.user(), "delete", "success"));

        String metadata = text(ok(GranaryServer.get(MAVEN + gone.artifactMetadata())));
        assertTrue(metadata.contains("<version>1.0</version>") && !metadata.contains("1.1"), metadata);
        assertTrue(metadata.contains("<release>1.0</release>"), metadata);
        assertEquals(FakeMavenUpstream.hex("sha1", metadata.getBytes(StandardCharsets.UTF_8)),
                text(ok(GranaryServer.get(MAVEN + gone.artifactMetadata() + ".sha1"))), "its checksum follows");
        assertEquals(404, GranaryServer.get(MAVEN + gone.jar()).statusCode());
        assertEquals(404, GranaryServer.get(HOSTED + gone.pom()).statusCode());
        assertEquals(404, send("DELETE", API + "repositories/maven/packages/" + group + ":lib/versions/1.1", ADMIN,
                null).statusCode(), "deleted once");

        MavenResult after = mvn.copyDependencies(work.resolve("after"), MavenFixtures.consumerPom("after",
                List.of(range)), MAVEN, work.resolve("repo-after"));
        assertTrue(after.succeeded(), after.describe());
        assertEquals(Map.of("lib-1.0.jar", 1), fileNames(work.resolve("after/target/dependency")));
        assertArrayEquals(jar1, Files.readAllBytes(work.resolve("after/target/dependency/lib-1.0.jar")));
    }

    /** A user with the publisher role and a token of theirs (read-only or not). */
    private record Publisher(String user, String token) {

        /** settings.xml with the token as the password of the server the project deploys to. */
        String settings() {
            return MavenClient.settingsXml(MAVEN, "<server><id>" + SERVER_ID + "</id><username>" + user
                    + "</username><password>" + token + "</password></server>");
        }
    }

    private static Publisher publisher(boolean readOnlyToken) throws Exception {
        String user = createUser("publisher");
        return new Publisher(user, createToken(user, readOnlyToken));
    }

    private MavenResult deploy(MavenDeployProject project, String settings) {
        return mvn.runWithSettings(project.dir(), settings, work.resolve("repo-deployer"), "-DskipTests", "deploy");
    }

    /** The timestamped versions of the jars the hosted repository holds in {@code versionDir}, oldest first. */
    private static List<String> timestampedJars(String versionDir) throws Exception {
        Path dir = GranaryServer.dataDir().resolve("blobs/artifacts/maven-hosted").resolve(versionDir);
        try (Stream<Path> files = Files.list(dir)) {
            // hosted uploads are kept under a key per write: <file>~<sha256>.<random>
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("tool-2\\.0-\\d{8}\\.\\d{6}-\\d+\\.jar~[0-9a-f]{64}\\.[0-9a-f]+"))
                    .map(n -> n.substring("tool-".length(), n.indexOf(".jar~"))).sorted().toList();
        }
    }

    private static Map<String, Integer> fileNames(Path dir) throws Exception {
        Map<String, Integer> names = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> names.merge(p.getFileName().toString(), 1, Integer::sum));
        }
        return names;
    }

    private static String fixture(String test) {
        return "org.granary.hosted." + RUN + "." + test;
    }
}
