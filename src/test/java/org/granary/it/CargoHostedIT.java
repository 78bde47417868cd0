package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.granary.testing.CargoClient;
import org.granary.testing.CargoCrate;
import org.granary.testing.ClientResult;
import org.granary.testing.FakeCargoRegistry;
import org.junit.jupiter.api.Test;

/**
 * Hosted Cargo as a user meets it: the real cargo client publishes, yanks and un-yanks crates in the group
 * {@code cargo} (which hands writes to {@code cargo-hosted}), builds a project against hosted and proxied
 * crates at once, and is refused clearly when it republishes a version or has no (or a read-only) token; and
 * a private registry ({@code anonymousRead=false}) that cargo reads with its token ({@code auth-required}).
 */
class CargoHostedIT extends GranaryIT {

    private static final String CARGO = GranaryServer.repositoryUrl("cargo");
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String TOKEN_VARIABLE = "CARGO_REGISTRIES_GRANARY_TOKEN";

    private final FakeCargoRegistry upstream = fake(new FakeCargoRegistry(GranaryServer.upstreamPort("cargo")));

    @Test
    void cargoPublishesYanksAndBuildsAgainstHostedAndProxiedCratesAndIsRefusedClearly() throws Exception {
        Publisher publisher = Publisher.create();
        String lib = "hosted-lib-" + RUN;
        String proxied = "cit-" + RUN + "-proxied";
        upstream.publish(proxied, "1.0.0", Map.of());
        CargoClient cargo = CargoClient.locate();
        Path home = home("publisher");
        Map<String, String> token = Map.of(TOKEN_VARIABLE, publisher.token());

        // Given a library, when it is published through the group, then cargo reports it uploaded and available.
        Path library = writeLibrary(work.resolve("lib"), lib, "0.1.0");
        ClientResult first = cargo.run(library, home, token, "publish", "--registry", "granary", "--allow-dirty", "--no-verify");
        assertTrue(first.succeeded(), first.describe());
        assertTrue(first.output().contains("Uploaded " + lib + " v0.1.0"), first.describe());
        assertTrue(first.output().contains("Published " + lib + " v0.1.0"), first.describe());
        JsonObject line = indexLine(lib, "0.1.0");
        byte[] crate = GranaryServer.get(CARGO + "api/v1/crates/" + lib + "/0.1.0/download").body();
        assertEquals(CargoCrate.sha256(crate), line.getString("cksum"));
        assertEquals(lib, line.getString("name"));
        assertEquals(JsonValue.FALSE, line.get("yanked"));
        java.time.Instant published = java.time.Instant.parse(line.getString("pubtime"));
        assertTrue(Math.abs(java.time.Duration.between(published, java.time.Instant.now()).toMinutes()) < 10,
                "the index line carries its publish time, for cargo's own cooldown: " + line);
        try (var kept = Files.list(GranaryServer.dataDir().resolve("blobs/artifacts/cargo-hosted/crates/" + lib))) {
            assertTrue(kept.anyMatch(f -> f.getFileName().toString().startsWith(lib + "-0.1.0.crate~")),
                    "the .crate is kept in cargo-hosted (under a key of its own version)");
        }

        // cargo yank, then cargo yank --undo, flip "yanked" in the index line.
        ClientResult yank = cargo.run(library, home, token, "yank", "--registry", "granary", "--version", "0.1.0", lib);
        assertTrue(yank.succeeded(), yank.describe());
        assertEquals(JsonValue.TRUE, indexLine(lib, "0.1.0").get("yanked"));
        ClientResult undo = cargo.run(library, home, token, "yank", "--registry", "granary", "--version", "0.1.0",
                "--undo", lib);
        assertTrue(undo.succeeded(), undo.describe());
        assertEquals(JsonValue.FALSE, indexLine(lib, "0.1.0").get("yanked"));

        writeLibrary(library, lib, "0.2.0");
        ClientResult second = cargo.run(library, home, token, "publish", "--registry", "granary", "--allow-dirty", "--no-verify");
        assertTrue(second.succeeded(), second.describe());

        // A consumer of the hosted library (from registry "granary") and of a crates-io crate that the group
        // proxies builds, with both crates coming through the same group.
        Path consumer = writeConsumer(work.resolve("consumer"), Map.of(lib, "{ version = \"0.2\", registry = \"granary\" }",
                proxied, "\"1\""));
        ClientResult build = cargo.run(consumer, home("consumer"), "build");
        assertTrue(build.succeeded(), build.describe());
        String lockfile = Files.readString(consumer.resolve("Cargo.lock"));
        assertTrue(lockfile.contains("name = \"" + lib + "\"\nversion = \"0.2.0\""), lockfile);
        ClientResult program = CargoClient.runProgram(consumer.resolve("target/debug/app"));
        assertEquals(List.of(proxied + " 1.0.0", lib + " 0.2.0"), program.stdout().lines().toList(), program.describe());

        // Republishing a version is refused with a message naming it: by cargo itself, which reads the index
        // first, and by Granary for a client that does not.
        ClientResult again = cargo.run(library, home, token, "publish", "--registry", "granary", "--allow-dirty", "--no-verify");
        assertFalse(again.succeeded(), again.describe());
        assertTrue(again.output().contains(lib + "@0.2.0 already exists"), again.describe());
        HttpResponse<byte[]> replaced = publishOverHttp(CargoCrate.build(lib, "0.2.0", Map.of(), false), publisher.token());
        assertEquals(409, replaced.statusCode());
        assertEquals("crate version " + lib + "@0.2.0 is already published and cannot be replaced; publish a new version",
                cargoError(replaced));

        // Without a token cargo refuses locally; a client that sends none anyway gets 401 in cargo's error form.
        writeLibrary(library, lib, "0.3.0");
        ClientResult anonymous = cargo.run(library, home("anonymous"), "publish", "--registry", "granary",
                "--allow-dirty", "--no-verify");
        assertFalse(anonymous.succeeded(), anonymous.describe());
        assertTrue(anonymous.output().contains("no token found for `granary`"), anonymous.describe());
        HttpResponse<byte[]> unauthenticated = publishOverHttp(CargoCrate.build(lib, "0.3.0", Map.of(), false), null);
        assertEquals(401, unauthenticated.statusCode());
        assertEquals("authentication required to publish to repository 'cargo-hosted'", cargoError(unauthenticated));

        // With a read-only token cargo shows Granary's 403 and its reason.
        ClientResult readOnly = cargo.run(library, home, Map.of(TOKEN_VARIABLE, publisher.readOnlyToken()),
                "publish", "--registry", "granary", "--allow-dirty", "--no-verify");
        assertFalse(readOnly.succeeded(), readOnly.describe());
        assertTrue(readOnly.output().contains("403 Forbidden"), readOnly.describe());
        assertTrue(readOnly.output().contains("user '" + publisher.name() + "' may not publish: a publisher role and a "
                + "token that is not read-only are needed"), readOnly.describe());
        assertEquals(404, GranaryServer.get(CARGO + "api/v1/crates/" + lib + "/0.3.0/download").statusCode());

        // The audit log has every publish, yank and refusal.
        List<JsonObject> events = audit(null, null, null);
        assertTrue(hasEvent(events, publisher.name(), "publish", "cargo-hosted/" + lib + "@0.1.0", "success"), events.toString());
        assertTrue(hasEvent(events, publisher.name(), "publish", "cargo-hosted/" + lib + "@0.2.0", "success"), events.toString());
        assertTrue(hasEvent(events, publisher.name(), "yank", "cargo-hosted/" + lib + "@0.1.0", "success"), events.toString());
        assertTrue(hasEvent(events, publisher.name(), "unyank", "cargo-hosted/" + lib + "@0.1.0", "success"), events.toString());
        // refused before the body is read, so the target is the request path in the repository
        assertTrue(hasEvent(events, publisher.name(), "publish", "cargo-hosted/api/v1/crates/new", "failure"), events.toString());
        assertTrue(hasEvent(events, null, "publish", "cargo-hosted/api/v1/crates/new", "failure"), events.toString());
    }

    @Test
    void theGroupIndexMergesHostedAndProxiedVersionsHostedFirstAndDownloadsComeFromTheOwner() throws Exception {
        Publisher publisher = Publisher.create();
        String name = "merged-" + RUN;
        CargoCrate upstreamOld = upstream.publish(name, "1.0.0", Map.of());
        CargoCrate upstreamClash = upstream.publish(name, "1.1.0", Map.of());
        CargoCrate hostedClash = CargoCrate.build(name, "1.1.0", Map.of("extra", "^1"), false);
        CargoCrate hostedNew = CargoCrate.build(name, "2.0.0", Map.of(), false);
        assertEquals(200, publishOverHttp(hostedClash, publisher.token()).statusCode());
        assertEquals(200, publishOverHttp(hostedNew, publisher.token()).statusCode());

        List<JsonObject> lines = indexLines(CARGO, name);
        assertEquals(List.of("1.1.0", "2.0.0", "1.0.0"), lines.stream().map(l -> l.getString("vers")).toList());
        assertEquals(hostedClash.cksum(), lines.get(0).getString("cksum"), "on a clash the hosted line wins");
        assertEquals(upstreamOld.cksum(), lines.get(2).getString("cksum"));
        JsonObject dep = lines.get(0).getJsonArray("deps").getJsonObject(0);
        assertEquals("extra", dep.getString("name"));
        assertEquals("^1", dep.getString("req"));
        assertEquals("normal", dep.getString("kind"));
        assertEquals(2, indexLines(GranaryServer.repositoryUrl("cargo-hosted"), name).size());

        assertArrayEquals(hostedClash.bytes(), GranaryServer.get(CARGO + "api/v1/crates/" + name + "/1.1.0/download").body());
        assertArrayEquals(hostedNew.bytes(), GranaryServer.get(CARGO + "api/v1/crates/" + name + "/2.0.0/download").body());
        assertArrayEquals(upstreamOld.bytes(), GranaryServer.get(CARGO + "api/v1/crates/" + name + "/1.0.0/download").body());
        assertEquals(0, upstream.downloadRequests(name, "1.1.0"), "the hosted 1.1.0 is served, not " + upstreamClash);

        // The rest of the web API: no owners, unknown versions and wrong methods answered in cargo's error form.
        HttpResponse<byte[]> owners = GranaryServer.get(CARGO + "api/v1/crates/" + name + "/owners");
        assertEquals(200, owners.statusCode());
        assertEquals(0, json(owners).getJsonArray("users").size());
        HttpResponse<String> unknown = send("DELETE", CARGO + "api/v1/crates/" + name + "/9.9.9/yank", publisher.token(), null);
        assertEquals(404, unknown.statusCode());
        assertEquals("crate " + name + " has no version 9.9.9 here", cargoError(unknown));
        assertEquals(405, GranaryServer.get(CARGO + "api/v1/crates/new").statusCode());

        JsonObject group = json(GranaryServer.get(CARGO + "config.json"));
        assertEquals(CARGO.substring(0, CARGO.length() - 1), group.getString("api"));
        assertFalse(group.containsKey("auth-required"));
        String hosted = GranaryServer.repositoryUrl("cargo-hosted");
        assertEquals(hosted.substring(0, hosted.length() - 1),
                json(GranaryServer.get(hosted + "config.json")).getString("api"));
        assertFalse(json(GranaryServer.get(GranaryServer.repositoryUrl("cargo-proxy") + "config.json"))
                .containsKey("api"), "a proxy takes no publishes");
    }

    @Test
    void cargoSearchFindsHostedAndCachedCratesAndCargoOwnerDecidesWhoMayPublish() throws Exception {
        String word = "cs" + RUN + Long.toString(System.nanoTime() % 100000, 36);
        String lib = word + "-hosted";
        String proxied = word + "-proxied";
        String marker = "frobnicator" + word;
        upstream.publish(proxied, "1.0.0", Map.of());
        upstream.publish(proxied, "1.2.0", Map.of());
        upstream.publishYanked(proxied, "1.3.0", Map.of());
        ok(GranaryServer.get(CARGO + FakeCargoRegistry.indexPath(proxied).substring(1))); // now cached by cargo-proxy
        Publisher alice = Publisher.create();
        Publisher bob = Publisher.create();
        Publisher carol = Publisher.create();
        CargoClient cargo = CargoClient.locate();
        Path home = home("owners");
        Path library = write(work.resolve("searched"), "[package]\nname = \"" + lib + "\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\ndescription = \"Turns a " + marker + " into gadgets\"\nlicense = \"MIT\"\n",
                "src/lib.rs", "pub fn describe() -> String { String::new() }\n");
        ClientResult published = cargo.run(library, home, Map.of(TOKEN_VARIABLE, alice.token()), "publish", "--registry",
                "granary", "--allow-dirty", "--no-verify");
        assertTrue(published.succeeded(), published.describe());

        ClientResult search = cargo.run(work, home, "search", "--registry", "granary", word);
        assertTrue(search.succeeded(), search.describe());
        assertTrue(search.stdout().replaceAll(" +", " ").contains(lib + " = \"0.1.0\" # Turns a " + marker + " into gadgets"),
                search.describe());
        assertTrue(search.stdout().contains(proxied + " = \"1.2.0\""), "the highest version not yanked: " + search.describe());
        ClientResult byDescription = cargo.run(work, home, "search", "--registry", "granary", marker);
        assertTrue(byDescription.succeeded(), byDescription.describe());
        assertTrue(byDescription.stdout().contains(lib + " = "), byDescription.describe());
        assertFalse(byDescription.stdout().contains(proxied), byDescription.describe());
        ClientResult limited = cargo.run(work, home, "search", "--registry", "granary", "--limit", "1", word);
        assertTrue(limited.succeeded(), limited.describe());
        assertTrue(limited.output().contains("and 1 crate"), "cargo says there is more: " + limited.describe());
        JsonObject api = json(ok(GranaryServer.get(CARGO + "api/v1/crates?q=" + word + "&per_page=5")));
        assertEquals(2, api.getJsonObject("meta").getInt("total"));
        HttpResponse<byte[]> noQuery = GranaryServer.get(CARGO + "api/v1/crates?q=");
        assertEquals(400, noQuery.statusCode());
        assertEquals("a search needs a query: /api/v1/crates?q=<words>", cargoError(noQuery));

        Map<String, String> asAlice = Map.of(TOKEN_VARIABLE, alice.token());
        ClientResult none = cargo.run(work, home, asAlice, "owner", "--registry", "granary", "--list", lib);
        assertTrue(none.succeeded(), none.describe());
        assertEquals("", none.stdout().trim());
        for (String owner : List.of(alice.name(), bob.name())) {
            ClientResult added = cargo.run(work, home, asAlice, "owner", "--registry", "granary", "--add", owner, lib);
            assertTrue(added.succeeded(), added.describe());
            assertTrue(added.output().contains("user " + owner + " has been added as an owner of crate " + lib), added.describe());
        }
        ClientResult list = cargo.run(work, home, Map.of(TOKEN_VARIABLE, carol.token()), "owner", "--registry", "granary",
                "--list", lib);
        assertTrue(list.succeeded(), list.describe());
        assertEquals(List.of(alice.name(), bob.name()), list.stdout().trim().lines().map(String::trim).toList());
        assertTrue(audit(alice.name(), "owner", "success").stream().anyMatch(e -> e.getString("detail").contains("added " + bob.name())));

        writeLibrary(library, lib, "0.2.0");
        ClientResult carolPublishes = cargo.run(library, home, Map.of(TOKEN_VARIABLE, carol.token()), "publish",
                "--registry", "granary", "--allow-dirty", "--no-verify");
        assertFalse(carolPublishes.succeeded(), carolPublishes.describe());
        assertTrue(carolPublishes.output().contains("is owned by " + alice.name() + ", " + bob.name()), carolPublishes.describe());
        ClientResult carolAdds = cargo.run(work, home, Map.of(TOKEN_VARIABLE, carol.token()), "owner", "--registry",
                "granary", "--add", carol.name(), lib);
        assertFalse(carolAdds.succeeded(), carolAdds.describe());
        ClientResult bobPublishes = cargo.run(library, home, Map.of(TOKEN_VARIABLE, bob.token()), "publish", "--registry",
                "granary", "--allow-dirty", "--no-verify");
        assertTrue(bobPublishes.succeeded(), "an owner may publish: " + bobPublishes.describe());

        ClientResult removed = cargo.run(work, home, asAlice, "owner", "--registry", "granary", "--remove", bob.name(), lib);
        assertTrue(removed.succeeded(), removed.describe());
        ClientResult bobYanks = cargo.run(work, home, Map.of(TOKEN_VARIABLE, bob.token()), "yank", "--registry", "granary",
                "--version", "0.2.0", lib);
        assertFalse(bobYanks.succeeded(), "no longer an owner: " + bobYanks.describe());
        ClientResult last = cargo.run(work, home, asAlice, "owner", "--registry", "granary", "--remove", alice.name(), lib);
        assertFalse(last.succeeded(), last.describe());
        assertTrue(last.output().contains("cannot remove all owners of " + lib), last.describe());
        ClientResult nobody = cargo.run(work, home, asAlice, "owner", "--registry", "granary", "--add", "nobody-" + word, lib);
        assertFalse(nobody.succeeded(), nobody.describe());
        assertTrue(nobody.output().contains("there is no user 'nobody-" + word + "'"), nobody.describe());
        HttpResponse<String> garbage = send("PUT", CARGO + "api/v1/crates/" + lib + "/owners", alice.token(), "{\"users\":[]}");
        assertEquals(400, garbage.statusCode(), garbage.body());
    }

    @Test
    void aPrivateRegistryIsReadWithTheTokenAndRefusedWithoutIt() throws Exception {
        Publisher publisher = Publisher.create();
        String lib = "private-lib-" + RUN;
        CargoClient cargo = CargoClient.locate();
        Map<String, String> token = Map.of(TOKEN_VARIABLE, publisher.token());
        Path library = writeLibrary(work.resolve("private-lib"), lib, "1.0.0");
        ClientResult published = cargo.run(library, home("private-publisher"), token, "publish", "--registry", "granary",
                "--allow-dirty", "--no-verify");
        assertTrue(published.succeeded(), published.describe());

        updateRepository("cargo", "{\"anonymousRead\":false}");
        try {
            assertEquals(401, GranaryServer.get(CARGO + "config.json").statusCode());
            JsonObject config = json(GranaryServer.get(CARGO + "config.json", "Authorization", publisher.token()));
            assertEquals(JsonValue.TRUE, config.get("auth-required"), config.toString());

            Path consumer = writeConsumer(work.resolve("private-consumer"),
                    Map.of(lib, "{ version = \"1\", registry = \"granary\" }"));
            // Cargo is answered 401 for config.json, learns that the registry needs a token, and has none.
            ClientResult refused = cargo.run(consumer, home("private-anonymous"), "build");
            assertFalse(refused.succeeded(), refused.describe());
            assertTrue(refused.output().contains("no token found for `granary`"), refused.describe());
            ClientResult revoked = cargo.run(consumer, home("private-bad-token"), Map.of(TOKEN_VARIABLE, "gra_not-a-token"),
                    "build");
            assertFalse(revoked.succeeded(), revoked.describe());
            assertTrue(revoked.output().contains("401"), revoked.describe());

            // `cargo login` keeps the token in CARGO_HOME (credentials.toml); cargo then sends it everywhere.
            Path reader = home("private-reader");
            ClientResult login = cargo.run(consumer, reader, "login", "--registry", "granary", publisher.token());
            assertTrue(login.succeeded(), login.describe());
            ClientResult build = cargo.run(consumer, reader, "build");
            assertTrue(build.succeeded(), build.describe());
            ClientResult program = CargoClient.runProgram(consumer.resolve("target/debug/app"));
            assertEquals(lib + " 1.0.0", program.stdout().trim(), program.describe());
        } finally {
            updateRepository("cargo", "{\"anonymousRead\":true}");
        }
        assertEquals(200, GranaryServer.get(CARGO + "config.json").statusCode());
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A user with the publisher role, a token and a read-only token, made through the REST API. */
    private record Publisher(String name, String token, String readOnlyToken) {
        static Publisher create() throws Exception {
            String name = createUser("publisher");
            return new Publisher(name, createToken(name, false), createToken(name, true));
        }
    }

    /**
     * A fresh {@code CARGO_HOME} as a user sets it up: crates.io replaced by the group {@code cargo}, and the same
     * index declared as the registry {@code granary} (for {@code --registry granary} and {@code registry =
     * "granary"} dependencies), whose token cargo takes from {@code CARGO_REGISTRIES_GRANARY_TOKEN}.
     */
    private Path home(String name) {
        Path home = CargoClient.freshHome(work.resolve("home-" + name), CARGO);
        try {
            Files.writeString(home.resolve("config.toml"), Files.readString(home.resolve("config.toml"))
                    + "credential-provider = \"cargo:token\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** A publishable library whose {@code describe()} returns {@code "<name> <version>"}. */
    private static Path writeLibrary(Path dir, String name, String version) {
        String toml = "[package]\nname = \"" + name + "\"\nversion = \"" + version + "\"\nedition = \"2021\"\n"
                + "description = \"A crate published to Granary by CargoHostedIT\"\nlicense = \"MIT\"\n";
        String lib = "pub fn describe() -> String {\n    String::from(\"" + name + " " + version + "\")\n}\n";
        return write(dir, toml, "src/lib.rs", lib);
    }

    /** A binary {@code app} printing each dependency's {@code describe()}; dependencies map name → TOML value. */
    private static Path writeConsumer(Path dir, Map<String, String> dependencies) {
        StringBuilder toml = new StringBuilder("[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"
                + "publish = false\n\n[dependencies]\n");
        StringBuilder main = new StringBuilder("fn main() {\n");
        dependencies.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> {
            toml.append('"').append(d.getKey()).append("\" = ").append(d.getValue()).append('\n');
            main.append("    println!(\"{}\", ").append(d.getKey().replace('-', '_')).append("::describe());\n");
        });
        return write(dir, toml.toString(), "src/main.rs", main.append("}\n").toString());
    }

    private static Path write(Path dir, String toml, String source, String code) {
        try {
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("Cargo.toml"), toml);
            Files.writeString(dir.resolve(source), code);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code PUT api/v1/crates/new} as cargo sends it (raw token in Authorization), for what cargo will not send. */
    private static HttpResponse<byte[]> publishOverHttp(CargoCrate crate, String token) throws Exception {
        var deps = Json.createArrayBuilder();
        crate.dependencies().forEach((dep, req) -> deps.add(Json.createObjectBuilder().add("name", dep)
                .add("version_req", req).add("features", JsonValue.EMPTY_JSON_ARRAY).add("optional", false)
                .add("default_features", true).add("target", JsonValue.NULL).add("kind", "normal")));
        byte[] metadata = Json.createObjectBuilder().add("name", crate.name()).add("vers", crate.version())
                .add("deps", deps).add("features", JsonValue.EMPTY_JSON_OBJECT).add("links", JsonValue.NULL)
                .build().toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeLength(body, metadata.length);
        body.write(metadata);
        byte[] bytes = crate.bytes();
        writeLength(body, bytes.length);
        body.write(bytes);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(CARGO + "api/v1/crates/new"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            b.header("Authorization", token);
        }
        return GranaryServer.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        out.write(length & 0xFF);
        out.write(length >>> 8 & 0xFF);
        out.write(length >>> 16 & 0xFF);
        out.write(length >>> 24 & 0xFF);
    }

    private static JsonObject indexLine(String crate, String version) throws Exception {
        return indexLines(CARGO, crate).stream().filter(l -> l.getString("vers").equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError(crate + "@" + version + " is not in the index"));
    }

    private static List<JsonObject> indexLines(String repository, String crate) throws Exception {
        return text(ok(GranaryServer.get(repository + FakeCargoRegistry.indexPath(crate).substring(1)))).lines()
                .filter(l -> !l.isBlank())
                .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
    }

    private static boolean hasEvent(List<JsonObject> events, String actor, String action, String target, String outcome) {
        return events.stream().anyMatch(e -> action.equals(e.getString("action"))
                && target.equals(string(e, "target")) && outcome.equals(e.getString("outcome"))
                && Optional.ofNullable(actor).equals(Optional.ofNullable(string(e, "actor"))));
    }

    private static String string(JsonObject o, String key) {
        return o.isNull(key) ? null : o.getString(key);
    }
}
