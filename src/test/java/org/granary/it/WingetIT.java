package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.granary.testing.FakeUpstream;
import org.granary.testing.FakeWingetSource;
import org.granary.testing.WingetClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WinGet against the deployed WAR, as winget itself talks to a REST source ({@link WingetClient} does its requests in
 * its order, for clients of contracts 1.1.0, 1.10.0 and 1.28.0): a hosted repository with an uploaded installer and
 * an imported manifest, a proxy of a fake REST source on 127.0.0.1 ({@link FakeWingetSource}), and a group over
 * both; plus what publishers and administrators meet: the management API, import errors with field paths, WinGet's
 * error bodies, a private repository with winget's {@code --header} token.
 */
class WingetIT extends GranaryIT {

    private final FakeWingetSource upstream = fake(new FakeWingetSource());

    @ArquillianResource
    ManagementClient management;

    static final List<String> CONTRACTS = List.of("1.1.0", "1.10.0", "1.28.0");

    // ------------------------------------------------------------------ fixtures

    /** A hosted repository with one package: an uploaded MSI and its singleton manifest (schema 1.10.0). */
    private String hostedWithPackage(String id, String version, byte[] msi) throws Exception {
        String hosted = unique("wh");
        createRepository("{\"name\":\"" + hosted + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        String publisher = createToken(createUser("publisher"), false);
        HttpResponse<String> uploaded = send("PUT", repo(hosted) + "installers/" + id + "/" + version + "/setup.msi",
                "Bearer " + publisher, msi, "Content-Type", "application/octet-stream");
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        JsonObject file = json(uploaded).getJsonObject("Data");
        assertEquals(FakeWingetSource.sha256Hex(msi).toUpperCase(Locale.ROOT), file.getString("InstallerSha256"));
        HttpResponse<String> imported = send("POST", repo(hosted) + "import", "Bearer " + publisher,
                singleton(id, version, file.getString("InstallerUrl"), file.getString("InstallerSha256"))
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/yaml");
        assertEquals(200, imported.statusCode(), imported.body());
        return hosted;
    }

    static String singleton(String id, String version, String url, String sha) {
        return """
                PackageIdentifier: %1$s
                PackageVersion: %2$s
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: %1$s tools
                License: MIT
                ShortDescription: Tools from Contoso
                Installers:
                  - Architecture: x64
                    InstallerType: msi
                    InstallerUrl: %3$s
                    InstallerSha256: %4$s
                    ProductCode: '{11111111-2222-3333-4444-555555555555}'
                ManifestType: singleton
                ManifestVersion: 1.10.0
                """.formatted(id, version, url, sha);
    }

    private String proxyOfUpstream() throws Exception {
        return proxyOfUpstream(300);
    }

    private String proxyOfUpstream(int metadataMaxAgeSeconds) throws Exception {
        String proxy = unique("wp");
        createRepository("{\"name\":\"" + proxy + "\",\"format\":\"winget\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.sourceUrl() + "\",\"metadataMaxAgeSeconds\":" + metadataMaxAgeSeconds + "}");
        return proxy;
    }

    static String repo(String name) {
        return GranaryServer.repositoryUrl(name);
    }

    static String errorMessage(HttpResponse<String> r) {
        JsonArray errors = jakarta.json.Json.createReader(new java.io.StringReader(r.body())).readArray();
        assertFalse(errors.isEmpty(), r.body());
        assertEquals(r.statusCode(), errors.getJsonObject(0).getInt("ErrorCode"), r.body());
        return errors.getJsonObject(0).getString("ErrorMessage");
    }

    // ------------------------------------------------------------------ the three repository types, as winget sees them

    @ParameterizedTest(name = "contract {0}")
    @ValueSource(strings = {"1.1.0", "1.10.0", "1.28.0"})
    void wingetInstallsAnUploadedInstallerFromAHostedRepository(String contract) throws Exception {
        byte[] msi = ("hosted MSI " + contract).getBytes(StandardCharsets.UTF_8);
        String id = "Contoso.Hosted" + contract.replace(".", "");
        String hosted = hostedWithPackage(id, "2.1.0", msi);

        WingetClient.Install install = new WingetClient(repo(hosted), WingetClient.contractsUpTo(contract), null)
                .install("hosted", id, "msi");

        assertEquals(contract, install.contract(), "negotiated as winget does");
        assertEquals(List.of(id), install.queryMatches());
        assertEquals("2.1.0", install.version());
        assertTrue(install.installer().getString("InstallerUrl").startsWith(repo(hosted) + "installers/"),
                install.installer().toString());
        assertEquals(200, install.installerStatus(), install.error());
        assertArrayEquals(msi, install.installerBytes());
        assertTrue(install.hashMatches());
    }

    @Test
    void aProxyServesTheUpstreamsPackagesWithInstallersCachedAndEachContractSeesOnlyWhatItCanParse() throws Exception {
        upstream.publish("Fabrikam.Fonts", "Fabrikam Fonts", "3.0.0", "{FFFF-0003}", true, true);
        upstream.publish("Fabrikam.Fonts", "Fabrikam Fonts", "2.0.0", "{FFFF-0002}", false, false);
        upstream.publish("Fabrikam.Other", "Fabrikam Other", "1.0", "{FFFF-0100}", false, false);
        upstream.publish("Fabrikam.Third", "Fabrikam Third", "1.0", "{FFFF-0200}", false, false);
        String proxy = proxyOfUpstream();

        for (String contract : CONTRACTS) {
            WingetClient.Install install = new WingetClient(repo(proxy), WingetClient.contractsUpTo(contract), null)
                    .install("fabrikam", "Fabrikam.Fonts", "msi");

            assertEquals(contract, install.contract());
            assertEquals(List.of("Fabrikam.Fonts", "Fabrikam.Other", "Fabrikam.Third"), install.queryMatches(),
                    "every upstream page, merged into Granary's pages");
            assertEquals("3.0.0", install.version());
            assertTrue(install.installer().getString("InstallerUrl").startsWith(repo(proxy) + "installers/Fabrikam.Fonts/3.0.0/"),
                    "InstallerUrl rewritten to Granary: " + install.installer());
            assertEquals(200, install.installerStatus(), install.error());
            assertTrue(install.hashMatches());
            List<String> types = install.versionManifest().getJsonArray("Installers").stream()
                    .map(i -> i.asJsonObject().getString("InstallerType")).toList();
            boolean fonts = contract.equals("1.28.0");
            assertEquals(fonts ? List.of("msi", "font") : List.of("msi"), types, "font installers only from 1.12");
            assertEquals(fonts, install.installer().containsKey("DesiredStateConfiguration"), "DSC only from 1.28");
        }
        assertEquals(1, upstream.requestCount("/files/Fabrikam.Fonts/3.0.0/setup-3.0.0.msi"),
                "the installer was fetched once and then served from the cache");
    }

    @Test
    void anInstallerThatDoesNotMatchItsSha256IsRefusedWith502AndNothingIsCached() throws Exception {
        upstream.publish("Tailspin.Broken", "Tailspin Broken", "1.0.0", "{BBBB-0001}", false, false);
        upstream.tamper("setup-1.0.0.msi");
        String proxy = proxyOfUpstream();
        WingetClient client = new WingetClient(repo(proxy), WingetClient.contractsUpTo("1.10.0"), null);

        WingetClient.Install first = client.install("tailspin", "Tailspin.Broken", "msi");
        WingetClient.Install again = client.install("tailspin", "Tailspin.Broken", "msi");

        assertEquals(502, first.installerStatus());
        assertTrue(first.error().contains("Tailspin.Broken") && first.error().contains("setup-1.0.0.msi")
                && first.error().contains("nothing was cached"), first.error());
        assertEquals(502, again.installerStatus(), "nothing was cached: the next download is verified again");
        assertEquals(2, upstream.requestCount("/files/Tailspin.Broken/1.0.0/setup-1.0.0.msi"));
    }

    @Test
    void aGroupMergesHostedAndProxiedPackagesHostedFirst() throws Exception {
        byte[] msi = "group hosted MSI".getBytes(StandardCharsets.UTF_8);
        String hosted = hostedWithPackage("Fabrikam.Shared", "9.0.0", msi);
        upstream.publish("Fabrikam.Shared", "Fabrikam Shared upstream", "1.0.0", "{SSSS-0001}", false, false);
        upstream.publish("Fabrikam.Upstream", "Fabrikam Upstream", "4.0.0", "{UUUU-0004}", false, false);
        String proxy = proxyOfUpstream();
        String group = unique("wg");
        createRepository("{\"name\":\"" + group + "\",\"format\":\"winget\",\"type\":\"group\",\"members\":[\""
                + hosted + "\",\"" + proxy + "\"]}");

        for (String contract : CONTRACTS) {
            WingetClient client = new WingetClient(repo(group), WingetClient.contractsUpTo(contract), null);
            WingetClient.Install own = client.install("fabrikam", "Fabrikam.Shared", "msi");
            WingetClient.Install proxied = client.install("fabrikam", "Fabrikam.Upstream", "msi");

            assertEquals(List.of("Fabrikam.Shared", "Fabrikam.Upstream"), own.queryMatches());
            assertEquals("9.0.0", own.version(), "the hosted version, newest of both members");
            assertArrayEquals(msi, own.installerBytes());
            assertTrue(own.installer().getString("InstallerUrl").startsWith(repo(group)), own.installer().toString());
            assertEquals("4.0.0", proxied.version());
            assertTrue(proxied.hashMatches(), String.valueOf(proxied.error()));
        }
        HttpResponse<String> both = new WingetClient(repo(group), WingetClient.contractsUpTo("1.10.0"), null)
                .send("GET", "packageManifests/Fabrikam.Shared", "1.10.0", null, null);
        assertEquals(List.of("9.0.0", "1.0.0"), json(both).getJsonObject("Data").getJsonArray("Versions").stream()
                .map(v -> v.asJsonObject().getString("PackageVersion")).toList(), "both members' versions, newest first");
    }

    // ------------------------------------------------------------------ the supply-chain guards

    @Test
    void aCooldownHidesYoungVersionsFromSearchAndManifestsAndRefusesTheirInstallersCachedOrNotUntilTheyMature()
            throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate monthAgo = today.minusDays(30);
        for (String v : List.of("1.0", "2.0", "3.0")) {
            upstream.publish("Fabrikam.Cool", "Fabrikam Cool", v, "{CCCC-000" + v.charAt(0) + "}", false, false);
            upstream.releasedOn("Fabrikam.Cool", v, v.equals("1.0") ? monthAgo : today);
        }
        upstream.publish("Fabrikam.Fresh", "Fabrikam Fresh", "1.0", "{FRES-0001}", false, false);
        upstream.releasedOn("Fabrikam.Fresh", "1.0", today);
        String proxy = proxyOfUpstream();
        String hosted = unique("wh");
        createRepository("{\"name\":\"" + hosted + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        String publisher = createToken(createUser("publisher"), false);
        publishHosted(hosted, publisher, "Contoso.Own", "1.0", monthAgo); // its ReleaseDate counts
        String ownYoung = publishHosted(hosted, publisher, "Contoso.Own", "2.0", null); // none: counts from its upload
        String group = unique("wg");
        createRepository("{\"name\":\"" + group + "\",\"format\":\"winget\",\"type\":\"group\",\"members\":[\""
                + hosted + "\",\"" + proxy + "\"]}");
        WingetClient viaProxy = new WingetClient(repo(proxy), WingetClient.contractsUpTo("1.10.0"), null);
        WingetClient viaGroup = new WingetClient(repo(group), WingetClient.contractsUpTo("1.10.0"), null);
        // before any policy: 2.0's installer is downloaded (cached), 3.0's URL is known but never fetched
        String cached = installerUrl(viaProxy, "Fabrikam.Cool", "2.0");
        ok(GranaryServer.get(cached));
        String neverFetched = installerUrl(viaProxy, "Fabrikam.Cool", "3.0");

        updateRepository(proxy, "{\"minimumReleaseAge\":\"P3D\"}");
        updateRepository(group, "{\"minimumReleaseAge\":\"P3D\"}");
        try {
            WingetClient.Install mature = viaProxy.install("cool", "Fabrikam.Cool", "msi");
            assertEquals("1.0", mature.version(), "search offers only the mature version, and winget takes it");
            assertTrue(mature.hashMatches(), String.valueOf(mature.error()));
            assertEquals(List.of("1.0"), versionsOf(viaProxy, "Fabrikam.Cool"));
            assertEquals(204, viaProxy.send("GET", "packageManifests/Fabrikam.Cool?Version=2.0", "1.10.0", null, null)
                    .statusCode(), "a young version asked for by name is not there");
            assertEquals(204, viaProxy.send("GET", "packageManifests/Fabrikam.Fresh", "1.10.0", null, null).statusCode(),
                    "every version young: an unknown package");
            assertEquals("no package Fabrikam.Fresh", viaProxy.install("fresh", "Fabrikam.Fresh", "msi").error());

            HttpResponse<String> refused = send("GET", cached, null, (String) null);
            assertWingetRefusal(refused, "Fabrikam.Cool@2.0 was released at " + today + "T00:00:00Z and is younger than "
                    + "the minimum release age (PT72H) of repository '" + proxy + "'; it becomes available at "
                    + today.plusDays(3) + "T00:00:00Z");
            assertWingetRefusal(send("GET", neverFetched, null, (String) null), null);
            assertEquals(0, upstream.requestCount("/files/Fabrikam.Cool/3.0/setup-3.0.msi"), "nothing fetched");
            assertWingetRefusal(send("GET", cached.replace(repo(proxy), repo(group)), null, (String) null), null);

            assertEquals("1.0", viaGroup.install("cool", "Fabrikam.Cool", "msi").version(), "through the group too");
            WingetClient.Install own = viaGroup.install("own", "Contoso.Own", "msi");
            assertEquals("1.0", own.version(), "2.0 was uploaded just now: the group's cooldown holds it");
            assertTrue(own.hashMatches(), String.valueOf(own.error()));
            assertWingetRefusal(send("GET", ownYoung.replace(repo(hosted), repo(group)), null, (String) null), null);
            assertEquals(200, GranaryServer.get(ownYoung).statusCode(), "the hosted repository itself has no policy");

            ServerClock.offset(management, "P4D");
            WingetClient.Install matured = viaGroup.install("cool", "Fabrikam.Cool", "msi");
            assertEquals("3.0", matured.version(), "matured, without a restart");
            assertTrue(matured.hashMatches(), String.valueOf(matured.error()));
            assertEquals("2.0", viaGroup.install("own", "Contoso.Own", "msi").version());
            assertTrue(viaProxy.install("fresh", "Fabrikam.Fresh", "msi").hashMatches());
            assertEquals(List.of("3.0", "2.0", "1.0"), versionsOf(viaProxy, "Fabrikam.Cool"));
            assertEquals(200, GranaryServer.get(cached).statusCode());
        } finally {
            ServerClock.reset(management);
        }
    }

    /** Uploads an MSI and publishes its singleton manifest (with a ReleaseDate when given); the installer's URL. */
    private String publishHosted(String hosted, String token, String id, String version, LocalDate released)
            throws Exception {
        byte[] msi = ("MSI of " + id + " " + version).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = send("PUT", repo(hosted) + "installers/" + id + "/" + version + "/setup.msi",
                "Bearer " + token, msi, "Content-Type", "application/octet-stream");
        assertEquals(201, uploaded.statusCode(), uploaded.body());
        JsonObject file = json(uploaded).getJsonObject("Data");
        String manifest = singleton(id, version, file.getString("InstallerUrl"), file.getString("InstallerSha256"));
        if (released != null) {
            manifest = manifest.replace("    ProductCode:", "    ReleaseDate: " + released + "\n    ProductCode:");
        }
        HttpResponse<String> imported = send("POST", repo(hosted) + "import", "Bearer " + token,
                manifest.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/yaml");
        assertEquals(200, imported.statusCode(), imported.body());
        return file.getString("InstallerUrl");
    }

    private static String installerUrl(WingetClient client, String id, String version) throws Exception {
        HttpResponse<String> r = client.send("GET", "packageManifests/" + id + "?Version=" + version, "1.10.0", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).getJsonObject("Data").getJsonArray("Versions").getJsonObject(0).getJsonArray("Installers")
                .getJsonObject(0).getString("InstallerUrl");
    }

    private static List<String> versionsOf(WingetClient client, String id) throws Exception {
        HttpResponse<String> r = client.send("GET", "packageManifests/" + id, "1.10.0", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).getJsonObject("Data").getJsonArray("Versions").stream()
                .map(v -> v.asJsonObject().getString("PackageVersion")).toList();
    }

    /** A refused download as winget gets it: 403 in WinGet's error form, not to be cached, with the reason. */
    private static void assertWingetRefusal(HttpResponse<String> r, String message) {
        assertEquals(403, r.statusCode(), r.uri() + ": " + r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("minimum-release-age", r.headers().firstValue("X-Granary-Block-Reason").orElse(""));
        String said = errorMessage(r);
        if (message != null) {
            assertEquals(message, said);
        } else {
            assertTrue(said.contains("is younger than the minimum release age (PT72H)"), said);
        }
    }

    // ------------------------------------------------------------------ the protocol's edges

    @Test
    void unknownPackagesAndSearchesWithoutMatchesAnswer204AndMistakesAnswerInWingetsErrorForm() throws Exception {
        String hosted = hostedWithPackage("Contoso.Edges", "1.0", "x".getBytes(StandardCharsets.UTF_8));
        WingetClient client = new WingetClient(repo(hosted), WingetClient.contractsUpTo("1.10.0"), null);

        assertEquals(204, client.send("GET", "packageManifests/Contoso.Nothing", "1.10.0", null, null).statusCode());
        assertEquals(204, client.send("GET", "packageManifests/Contoso.Edges?Version=9.9", "1.10.0", null, null)
                .statusCode(), "a version the package does not have");
        assertEquals(200, client.send("GET", "packageManifests/Contoso.Edges?Market=jp", "1.10.0", null, null)
                .statusCode(), "an installer without Markets is offered everywhere");
        HttpResponse<String> badMarket = client.send("GET", "packageManifests/Contoso.Edges?Market=Japan", "1.10.0",
                null, null);
        assertEquals(400, badMarket.statusCode());
        assertTrue(errorMessage(badMarket).contains("Market must be a two-letter"), badMarket.body());
        assertEquals(204, client.send("POST", "manifestSearch", "1.10.0", null,
                "{\"Query\":{\"KeyWord\":\"zzz\",\"MatchType\":\"Substring\"}}").statusCode());

        HttpResponse<String> badType = client.send("POST", "manifestSearch", "1.10.0", null,
                "{\"Query\":{\"KeyWord\":\"x\",\"MatchType\":\"Sometimes\"}}");
        assertEquals(400, badType.statusCode());
        assertTrue(errorMessage(badType).contains("Query.MatchType"), badType.body());
        HttpResponse<String> badContract = client.send("POST", "manifestSearch", "2.0.0", null, "{}");
        assertEquals(400, badContract.statusCode());
        assertTrue(errorMessage(badContract).contains("1.28.0"), "lists what is served: " + badContract.body());
        HttpResponse<String> badToken = client.send("POST", "manifestSearch", "1.10.0", "not-ours", "{}");
        assertEquals(400, badToken.statusCode());
        assertTrue(errorMessage(badToken).contains("ContinuationToken"), badToken.body());

        HttpResponse<String> info = client.send("GET", "information", null, null, null);
        assertTrue(info.headers().firstValue("Cache-Control").orElse("").contains("max-age="), "winget caches it");
        JsonObject data = json(info).getJsonObject("Data");
        assertTrue(data.getJsonArray("ServerSupportedVersions").toString().contains("1.28.0"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, data.getJsonArray("RequiredPackageMatchFields"));
    }

    @Test
    void anInvalidManifestIsRefusedWithEveryProblemAndItsFieldPathAndAFixedMultiFileSetIsImportedFromFormData() throws Exception {
        String hosted = unique("wh");
        createRepository("{\"name\":\"" + hosted + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        String publisher = createToken(createUser("publisher"), false);
        String broken = singleton("Contoso.Broken", "1.0", "ftp://not-http.example.test/x.msi", "XYZ")
                .replace("License: MIT\n", "");

        HttpResponse<String> r = send("POST", repo(hosted) + "import", "Bearer " + publisher,
                broken.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/yaml");

        assertEquals(400, r.statusCode(), r.body());
        String all = r.body();
        assertTrue(all.contains("License"), all);
        assertTrue(all.contains("Installers[0].InstallerUrl"), all);
        assertTrue(all.contains("Installers[0].InstallerSha256"), all);
        assertTrue(jakarta.json.Json.createReader(new java.io.StringReader(all)).readArray().size() >= 3,
                "one error entry per problem: " + all);
        assertEquals(204, send("GET", repo(hosted) + "packageManifests/Contoso.Broken", null, (String) null).statusCode());

        // The same package, fixed, as a multi-file set uploaded as form data: imported as one version.
        String boundary = "granary-" + unique("b");
        StringBuilder form = new StringBuilder();
        for (String[] f : new String[][] {
                {"Contoso.Broken.yaml", "PackageIdentifier: Contoso.Broken\nPackageVersion: 1.0\nDefaultLocale: en-US\n"
                        + "ManifestType: version\nManifestVersion: 1.6.0\n"},
                {"Contoso.Broken.locale.en-US.yaml", "PackageIdentifier: Contoso.Broken\nPackageVersion: 1.0\n"
                        + "PackageLocale: en-US\nPublisher: Contoso\nPackageName: Broken no more\nLicense: MIT\n"
                        + "ShortDescription: Fixed\nManifestType: defaultLocale\nManifestVersion: 1.6.0\n"},
                {"Contoso.Broken.installer.yaml", "PackageIdentifier: Contoso.Broken\nPackageVersion: 1.0\n"
                        + "Installers:\n  - Architecture: x64\n    InstallerType: exe\n"
                        + "    InstallerUrl: https://downloads.example.test/broken.exe\n"
                        + "    InstallerSha256: A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90\n"
                        + "ManifestType: installer\nManifestVersion: 1.6.0\n"}}) {
            form.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                    .append(f[0]).append("\"\r\nContent-Type: application/yaml\r\n\r\n").append(f[1]).append("\r\n");
        }
        form.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> fixed = send("POST", repo(hosted) + "import", "Bearer " + publisher,
                form.toString().getBytes(StandardCharsets.UTF_8), "Content-Type", "multipart/form-data; boundary=" + boundary);
        assertEquals(200, fixed.statusCode(), fixed.body());
        JsonObject shown = json(send("GET", repo(hosted) + "packageManifests/Contoso.Broken", null, (String) null));
        assertEquals("Broken no more", shown.getJsonObject("Data").getJsonArray("Versions").getJsonObject(0)
                .getJsonObject("DefaultLocale").getString("PackageName"));
    }

    @Test
    void theManagementApiPagesEditsAndDeletesAndADeletedVersionTakesItsInstallerAlong() throws Exception {
        byte[] msi = "managed".getBytes(StandardCharsets.UTF_8);
        String hosted = hostedWithPackage("Contoso.Managed", "1.0.0", msi);
        String admin = ADMIN;
        String base = repo(hosted);

        JsonObject packages = json(send("GET", base + "packages", admin, (String) null));
        assertEquals(List.of("Contoso.Managed"), packages.getJsonArray("Data").stream()
                .map(p -> p.asJsonObject().getString("PackageIdentifier")).toList());
        JsonObject version = json(send("GET", base + "packages/Contoso.Managed/versions/1.0.0", admin, (String) null))
                .getJsonObject("Data");
        String installerUrl = version.getJsonArray("Installers").getJsonObject(0).getString("InstallerUrl");
        assertEquals(200, GranaryServer.get(installerUrl).statusCode());

        // A locale added through the API is validated with the whole version and shown to winget.
        HttpResponse<String> added = send("POST", base + "packages/Contoso.Managed/versions/1.0.0/locales", admin,
                "{\"PackageLocale\":\"de-DE\",\"PackageName\":\"Contoso Werkzeuge\",\"ShortDescription\":\"Werkzeuge\"}");
        assertEquals(200, added.statusCode(), added.body());
        JsonArray locales = json(send("GET", base + "packages/Contoso.Managed/versions/1.0.0/locales", admin,
                (String) null)).getJsonArray("Data");
        assertEquals("de-DE", locales.getJsonObject(0).getString("PackageLocale"));
        HttpResponse<String> duplicate = send("POST", base + "packages/Contoso.Managed/versions/1.0.0/locales", admin,
                "{\"PackageLocale\":\"de-DE\",\"PackageName\":\"x\"}");
        assertEquals(409, duplicate.statusCode(), duplicate.body());

        // Publishing an existing version again with other content is refused; the same content changes nothing.
        HttpResponse<String> conflict = send("POST", base + "import", admin,
                singleton("Contoso.Managed", "1.0.0", "https://downloads.example.test/other.msi",
                        "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90").getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/yaml");
        assertEquals(409, conflict.statusCode(), conflict.body());

        assertEquals(401, send("DELETE", base + "packages/Contoso.Managed/versions/1.0.0", null, (String) null)
                .statusCode(), "writes need credentials");
        assertEquals(204, send("DELETE", base + "packages/Contoso.Managed/versions/1.0.0", admin, (String) null)
                .statusCode());
        assertEquals(404, GranaryServer.get(installerUrl).statusCode(), "the installer only that version used is gone");
        assertEquals(204, send("GET", base + "packageManifests/Contoso.Managed", null, (String) null).statusCode());
        assertNull(json(send("GET", base + "packages", admin, (String) null)).get("ContinuationToken"));
        assertTrue(hasAudit("admin", "delete", "success"));
    }

    @Test
    void aPrivateRepositoryIsReadWithTheTokenWingetSendsInItsHeader() throws Exception {
        String hosted = hostedWithPackage("Contoso.Private", "1.0.0", "private".getBytes(StandardCharsets.UTF_8));
        updateRepository(hosted, "{\"anonymousRead\":false}");
        String reader = createToken(createUser("reader"), true);

        assertEquals(401, new WingetClient(repo(hosted), WingetClient.contractsUpTo("1.10.0"), null)
                .send("GET", "information", null, null, null).statusCode());
        WingetClient.Install install = new WingetClient(repo(hosted), WingetClient.contractsUpTo("1.10.0"), reader)
                .install("private", "Contoso.Private", "msi");

        assertTrue(install.hashMatches(), String.valueOf(install.error()));
    }
    // ------------------------------------------------------------------ the mirror

    @Test
    void theMirrorCopiesAllowListedPackagesWithVerifiedInstallersOnceAndReportsWhatFailed() throws Exception {
        upstream.publish("Contoso.Mirror.A", "Mirror A", "1.0", "{MA-1}", false, false);
        upstream.publish("Contoso.Mirror.A", "Mirror A", "2.0", "{MA-2}", false, false);
        upstream.publish("Contoso.Mirror.A", "Mirror A", "3.0", "{MA-3}", false, false);
        upstream.publish("Contoso.Mirror.Bad", "Mirror Bad", "1.0", "{MB-1}", false, false);
        upstream.publish("Other.Package", "Other", "1.0", "{OP-1}", false, false);
        upstream.tamper("setup-1.0.msi"); // Contoso.Mirror.Bad's (A's 1.0, named alike, is not mirrored)
        String proxy = proxyOfUpstream(0); // revalidated on every read: a stale copy once the upstream is down
        String hosted = unique("wh");
        createRepository("{\"name\":\"" + hosted + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        String base = repo(hosted);

        HttpResponse<String> wrong = put(base + "mirror", ADMIN, "{\"source\":\"" + proxy
                + "\",\"packages\":[{\"id\":\"Contoso.Mirror.*\",\"versions\":\"newest\"}]}");
        assertEquals(400, wrong.statusCode());
        assertTrue(errorMessage(wrong).contains("packages[0].versions"), wrong.body());
        HttpResponse<String> rules = put(base + "mirror", ADMIN, "{\"source\":\"" + proxy
                + "\",\"packages\":[{\"id\":\"Contoso.Mirror.*\",\"versions\":\"latest 2\"}]}");
        assertEquals(200, rules.statusCode(), rules.body());

        JsonObject first = json(post(base + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals("partial", first.getString("Outcome"), first.toString());
        JsonObject a = entry(first, "Contoso.Mirror.A");
        assertEquals(List.of("3.0", "2.0"), strings(a, "Mirrored"));
        JsonObject bad = entry(first, "Contoso.Mirror.Bad");
        assertTrue(bad.getString("Error").contains("integrity check failed") && bad.getString("Error")
                .contains("nothing of Contoso.Mirror.Bad was stored"), bad.toString());
        assertFalse(first.toString().contains("Other.Package"), "not allow-listed: " + first);

        WingetClient client = new WingetClient(base, WingetClient.contractsUpTo("1.10.0"), null);
        WingetClient.Install install = client.install("mirror", "Contoso.Mirror.A", "msi");
        assertEquals("3.0", install.version());
        assertTrue(install.installer().getString("InstallerUrl").startsWith(base + "installers/Contoso.Mirror.A/3.0/"),
                install.installer().toString());
        assertTrue(install.hashMatches(), String.valueOf(install.error()));
        assertEquals(204, client.send("GET", "packageManifests/Contoso.Mirror.Bad", "1.10.0", null, null).statusCode(),
                "a wrong SHA-256 stores nothing");
        assertEquals(204, client.send("GET", "packageManifests/Contoso.Mirror.A?Version=1.0", "1.10.0", null, null)
                .statusCode(), "latest 2 leaves 1.0 out");
        assertEquals(204, client.send("GET", "packageManifests/Other.Package", "1.10.0", null, null).statusCode());

        int downloads = upstream.requestCountWithPrefix("/files/Contoso.Mirror.A/");
        JsonObject second = json(post(base + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals(List.of(), strings(entry(second, "Contoso.Mirror.A"), "Mirrored"));
        assertEquals(List.of("3.0", "2.0"), strings(entry(second, "Contoso.Mirror.A"), "Unchanged"), "idempotent");
        assertEquals(downloads, upstream.requestCountWithPrefix("/files/Contoso.Mirror.A/"), "nothing downloaded again");

        // The upstream goes down: what was mirrored stays, a package never seen is reported, nothing changes.
        put(base + "mirror", ADMIN, "{\"source\":\"" + proxy + "\",\"packages\":[{\"id\":\"Contoso.Mirror.A\"},"
                + "{\"id\":\"Contoso.Later\",\"versions\":\"1.0\"}]}");
        upstream.stop();
        JsonObject down = json(post(base + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals("partial", down.getString("Outcome"), down.toString());
        assertTrue(entry(down, "Contoso.Later").getString("Error").contains("upstream"), down.toString());
        assertEquals(List.of("3.0"), strings(entry(down, "Contoso.Mirror.A"), "Unchanged"));
        assertEquals(down, json(send("GET", base + "mirror/report", ADMIN, (String) null)).getJsonObject("Data"));
        assertTrue(client.install("mirror", "Contoso.Mirror.A", "msi").hashMatches(), "still installable");
    }

    // ------------------------------------------------------------------ prefetch into a proxy

    @Test
    void anAllowListRuleOnAProxyPrefetchesVerifiedInstallersWhichAreServedWithTheUpstreamStopped() throws Exception {
        for (String v : List.of("1.0", "2.0", "10.0")) {
            upstream.publish("Contoso.Pre.Tool", "Pre Tool", v, "{PT-" + v + "}", false, false);
        }
        upstream.publish("Contoso.Pre.Broken", "Pre Broken", "1.1", "{PB-1}", false, false);
        upstream.publish("Other.Pre", "Other", "1.0", "{OP-1}", false, false);
        upstream.tamper("setup-1.1.msi"); // Contoso.Pre.Broken's
        String proxy = proxyOfUpstream();
        String rules = API + "repositories/" + proxy + "/prefetch/rules";
        assertEquals(201, post(rules, ADMIN, "{\"pattern\":\"contoso.pre.*\",\"versions\":\"latest 2\"}").statusCode());
        assertEquals(201, post(rules, ADMIN, "{\"pattern\":\"Contoso.Never\"}").statusCode());
        HttpResponse<String> lockfile = send("POST", API + "repositories/" + proxy + "/prefetch?kind=package-lock", ADMIN,
                "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertEquals(400, lockfile.statusCode());
        assertTrue(error(lockfile).contains("read no lockfile") && error(lockfile).contains("prefetch/rules"),
                lockfile.body());

        JsonObject first = runJob("prefetch");

        assertEquals("succeeded", first.getString("status"), first.toString());
        assertEquals(List.of(proxy + "/Contoso.Never (latest) failed", proxy + "/Contoso.Pre.Broken@1.1 setup-1.1.msi failed",
                proxy + "/Contoso.Pre.Tool@10.0 setup-10.0.msi fetched", proxy + "/Contoso.Pre.Tool@2.0 setup-2.0.msi fetched"),
                outcomes(first, proxy), "the pattern matched the upstream's packages ignoring case; 10.0 > 2.0 > 1.0");
        assertTrue(reason(first, proxy + "/Contoso.Pre.Broken@1.1 setup-1.1.msi").contains("integrity check failed"),
                first.toString());
        assertTrue(upstream.requestCount("/api/packageManifests/Contoso.Pre.Tool") >= 1, "manifests read through the proxy");
        assertEquals(0, upstream.requestCount("/files/Contoso.Pre.Tool/1.0/setup-1.0.msi"), "latest 2 leaves 1.0 out");
        assertEquals(0, upstream.requestCountWithPrefix("/files/Other.Pre/"), "not allow-listed");

        JsonObject second = runJob("prefetch");
        assertEquals(List.of(proxy + "/Contoso.Never (latest) failed", proxy + "/Contoso.Pre.Broken@1.1 setup-1.1.msi failed",
                proxy + "/Contoso.Pre.Tool@10.0 setup-10.0.msi cached", proxy + "/Contoso.Pre.Tool@2.0 setup-2.0.msi cached"),
                outcomes(second, proxy));
        assertEquals(1, upstream.requestCount("/files/Contoso.Pre.Tool/10.0/setup-10.0.msi"), "fetched once");

        upstream.stop();
        WingetClient client = new WingetClient(repo(proxy), WingetClient.contractsUpTo("1.10.0"), null);
        HttpResponse<String> manifests = client.send("GET", "packageManifests/Contoso.Pre.Tool?Version=10.0", "1.10.0",
                null, null);
        assertEquals(200, manifests.statusCode(), manifests.body());
        JsonObject installer = json(manifests).getJsonObject("Data").getJsonArray("Versions").getJsonObject(0)
                .getJsonArray("Installers").getJsonObject(0);
        HttpResponse<byte[]> msi = GranaryServer.get(installer.getString("InstallerUrl"));
        assertEquals(200, msi.statusCode());
        assertEquals(installer.getString("InstallerSha256").toLowerCase(Locale.ROOT), FakeWingetSource.sha256Hex(msi.body()),
                "the installer winget would download, from Granary alone");
        assertEquals(2, storage(proxy).getInt("artifacts"), "the two verified installers, nothing of the broken one");
    }

    /** {@code "<item> <outcome>"} of a run's items of one repository, sorted. */
    private static List<String> outcomes(JsonObject run, String repository) {
        return run.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("item").startsWith(repository + "/"))
                .map(i -> i.getString("item") + " " + i.getString("outcome")).sorted().toList();
    }

    private static String reason(JsonObject run, String item) {
        return run.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("item").equals(item)).findFirst().orElseThrow().getString("reason", "");
    }

    /** Installers of the manifest tree, served from {@code /files/<name>} (those {@link #tamperedFiles} names other bytes). */
    private final FakeUpstream installerHost = fake(new FakeUpstream());
    private final java.util.Map<String, byte[]> installerFiles = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> tamperedFiles = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A winget-pkgs tree on disk: Contoso.Tree.App 1.0 to 3.0 (3.0 a multi-file set), Contoso.Tree.Bad (its installer
     * served with other bytes than its InstallerSha256), Contoso.Tree.Internal (its installer on 127.0.0.1, which the
     * server's GRANARY_ARTIFACT_HOSTS does not list; localhost it does), Other.Tree.Pkg (not allow-listed).
     */
    private java.util.Map<String, String> manifestTree() {
        installerHost.onPrefix("/files/", e -> {
            String name = e.path().substring("/files/".length());
            byte[] bytes = installerFiles.get(name);
            if (bytes == null) {
                e.respondEmpty(404);
            } else {
                e.respond(200, "application/octet-stream", tamperedFiles.contains(name)
                        ? ("tampered " + name).getBytes(StandardCharsets.UTF_8) : bytes);
            }
        });
        String allowed = "http://localhost:" + installerHost.port() + "/files/";
        String internal = "http://127.0.0.1:" + installerHost.port() + "/files/";
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        for (String v : List.of("1.0", "2.0")) {
            files.put(folder("Contoso.Tree.App", v) + "Contoso.Tree.App.yaml", treeSingleton("Contoso.Tree.App", v, allowed));
        }
        String v3 = folder("Contoso.Tree.App", "3.0");
        files.put(v3 + "Contoso.Tree.App.yaml", """
                PackageIdentifier: Contoso.Tree.App
                PackageVersion: 3.0
                DefaultLocale: en-US
                ManifestType: version
                ManifestVersion: 1.10.0
                """);
        files.put(v3 + "Contoso.Tree.App.locale.en-US.yaml", """
                PackageIdentifier: Contoso.Tree.App
                PackageVersion: 3.0
                PackageLocale: en-US
                Publisher: Contoso Ltd
                PackageName: Contoso Tree App
                License: MIT
                ShortDescription: The app of the tree
                ManifestType: defaultLocale
                ManifestVersion: 1.10.0
                """);
        files.put(v3 + "Contoso.Tree.App.installer.yaml", """
                PackageIdentifier: Contoso.Tree.App
                PackageVersion: 3.0
                InstallerType: msi
                Installers:
                  - Architecture: x64
                    InstallerUrl: %s
                    InstallerSha256: %s
                ManifestType: installer
                ManifestVersion: 1.10.0
                """.formatted(allowed + installer("Contoso.Tree.App", "3.0"), sha("Contoso.Tree.App", "3.0")));
        files.put(folder("Contoso.Tree.Bad", "1.0") + "Contoso.Tree.Bad.yaml", treeSingleton("Contoso.Tree.Bad", "1.0", allowed));
        tamperedFiles.add(installer("Contoso.Tree.Bad", "1.0"));
        files.put(folder("Contoso.Tree.Internal", "1.0") + "Contoso.Tree.Internal.yaml",
                treeSingleton("Contoso.Tree.Internal", "1.0", internal));
        files.put(folder("Other.Tree.Pkg", "1.0") + "Other.Tree.Pkg.yaml", treeSingleton("Other.Tree.Pkg", "1.0", allowed));
        return files;
    }

    private static String folder(String id, String version) {
        return "manifests/" + Character.toLowerCase(id.charAt(0)) + "/" + id.replace('.', '/') + "/" + version + "/";
    }

    private String installer(String id, String version) {
        String name = id + "-" + version + ".msi";
        installerFiles.computeIfAbsent(name, k -> ("MSI of " + id + " " + version).getBytes(StandardCharsets.UTF_8));
        return name;
    }

    private String sha(String id, String version) {
        return FakeWingetSource.sha256Hex(installerFiles.get(installer(id, version))).toUpperCase(Locale.ROOT);
    }

    private String treeSingleton(String id, String version, String base) {
        return singleton(id, version, base + installer(id, version), sha(id, version));
    }

    @Test
    void theMirrorCopiesAllowListedPackagesFromAManifestTreeOnTheServerAndFromAnArchiveOfIt() throws Exception {
        java.util.Map<String, String> files = manifestTree();
        java.nio.file.Path tree = work.resolve("winget-pkgs");
        for (java.util.Map.Entry<String, String> f : files.entrySet()) {
            java.nio.file.Path p = tree.resolve(f.getKey());
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.writeString(p, f.getValue());
        }
        String hosted = unique("wh");
        createRepository("{\"name\":\"" + hosted + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        String base = repo(hosted);
        String rules = "{\"source\":{\"tree\":\"" + tree.toAbsolutePath() + "\"},\"packages\":[{\"id\":\"Contoso.Tree.*\","
                + "\"versions\":\"latest 2\"},{\"id\":\"Contoso.Tree.Missing\"}]}";

        HttpResponse<String> byPublisher = put(base + "mirror", "Bearer " + createToken(createUser("publisher"), false), rules);
        assertEquals(403, byPublisher.statusCode(), "a directory of the server is the administrator's to name");
        assertEquals(200, put(base + "mirror", ADMIN, rules).statusCode());
        JsonObject first = json(post(base + "mirror/run", ADMIN, "")).getJsonObject("Data");

        assertEquals("partial", first.getString("Outcome"), first.toString());
        assertEquals(List.of("3.0", "2.0"), strings(entry(first, "Contoso.Tree.App"), "Mirrored"));
        String bad = entry(first, "Contoso.Tree.Bad").getString("Error");
        assertTrue(bad.contains("integrity check failed") && bad.contains("nothing of Contoso.Tree.Bad was stored"), bad);
        String internal = entry(first, "Contoso.Tree.Internal").getString("Error");
        assertTrue(internal.contains("is not listed in GRANARY_ARTIFACT_HOSTS"), internal);
        assertTrue(entry(first, "Contoso.Tree.Missing").getString("Error").contains("the tree has no package"));
        assertFalse(first.toString().contains("Other.Tree.Pkg"), "not allow-listed: " + first);

        WingetClient client = new WingetClient(base, WingetClient.contractsUpTo("1.10.0"), null);
        WingetClient.Install install = client.install("Tree", "Contoso.Tree.App", "msi");
        assertEquals("3.0", install.version(), "the multi-file set of the newest version");
        assertTrue(install.installer().getString("InstallerUrl").startsWith(base + "installers/Contoso.Tree.App/3.0/"),
                install.installer().toString());
        assertTrue(install.hashMatches(), String.valueOf(install.error()));
        for (String none : List.of("Contoso.Tree.Bad", "Contoso.Tree.Internal", "Other.Tree.Pkg")) {
            assertEquals(204, client.send("GET", "packageManifests/" + none, "1.10.0", null, null).statusCode(), none);
        }
        assertEquals(204, client.send("GET", "packageManifests/Contoso.Tree.App?Version=1.0", "1.10.0", null, null)
                .statusCode(), "latest 2 leaves 1.0 out");

        int downloads = installerHost.requestCountWithPrefix("/files/Contoso.Tree.App");
        JsonObject second = json(post(base + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals(List.of("3.0", "2.0"), strings(entry(second, "Contoso.Tree.App"), "Unchanged"), "idempotent");
        assertEquals(List.of(), strings(entry(second, "Contoso.Tree.App"), "Mirrored"));
        assertEquals(downloads, installerHost.requestCountWithPrefix("/files/Contoso.Tree.App"), "nothing downloaded again");
        JsonObject recorded = json(send("GET", API + "jobs/runs?job=winget-mirror&limit=1000", ADMIN, (String) null))
                .getJsonArray("runs").stream().map(JsonValue::asJsonObject)
                .filter(r -> hosted.equals(r.getString("repository", null))).findFirst().orElseThrow();
        assertEquals("request", recorded.getString("trigger"), "the jobs' history has the run: " + recorded);
        assertEquals(2, recorded.getJsonObject("counts").getInt("unchanged"), recorded.toString());
        assertTrue(json(send("GET", API + "jobs", ADMIN, (String) null)).getJsonArray("jobs").stream()
                .anyMatch(j -> j.asJsonObject().getString("name").equals("winget-mirror")), "GET api/jobs lists it");

        // The same tree as GitHub archives winget-pkgs, fetched by URL.
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
            for (java.util.Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry("winget-pkgs-master/" + f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        installerHost.on("/winget-pkgs.zip", e -> e.respond(200, "application/zip", zip.toByteArray()));
        String fromArchive = unique("wh");
        createRepository("{\"name\":\"" + fromArchive + "\",\"format\":\"winget\",\"type\":\"hosted\"}");
        assertEquals(200, put(repo(fromArchive) + "mirror", ADMIN, "{\"source\":{\"archive\":\"http://localhost:"
                + installerHost.port() + "/winget-pkgs.zip\"},\"packages\":[{\"id\":\"Contoso.Tree.App\"}]}").statusCode());
        JsonObject archived = json(post(repo(fromArchive) + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals("ok", archived.getString("Outcome"), archived.toString());
        assertEquals(List.of("3.0"), strings(entry(archived, "Contoso.Tree.App"), "Mirrored"));
        assertTrue(new WingetClient(repo(fromArchive), WingetClient.contractsUpTo("1.28.0"), null)
                .install("Tree", "Contoso.Tree.App", "msi").hashMatches());

        installerHost.stop(); // the archive is gone: the run says so and changes nothing
        JsonObject gone = json(post(repo(fromArchive) + "mirror/run", ADMIN, "")).getJsonObject("Data");
        assertEquals("failed", gone.getString("Outcome"), gone.toString());
        assertTrue(gone.getString("Error").contains("winget-pkgs.zip"), gone.toString());
        assertEquals(200, new WingetClient(repo(fromArchive), WingetClient.contractsUpTo("1.28.0"), null)
                .send("GET", "packageManifests/Contoso.Tree.App", "1.28.0", null, null).statusCode());
    }

    static JsonObject entry(JsonObject report, String id) {
        return report.getJsonArray("Packages").stream().map(JsonValue::asJsonObject)
                .filter(p -> id.equals(p.getString("PackageIdentifier", null))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in " + report));
    }

    static List<String> strings(JsonObject o, String key) {
        return o.containsKey(key) ? o.getJsonArray(key).getValuesAs(jakarta.json.JsonString::getString) : List.of();
    }
}
