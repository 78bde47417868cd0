package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.granary.testing.FakeNpmRegistry;
import org.granary.testing.NpmClient;
import org.granary.testing.NpmResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin console as an administrator uses it: a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the deployed WAR, signing in, creating a proxy, finding what npm fetched through
 * it, creating and revoking a token and reading the audit log. Every page it visits is saved as a screenshot under
 * {@code target/console-screenshots/}.
 */
class ConsoleIT extends GranaryIT {

    private static final String CONSOLE = GranaryServer.baseUrl() + "/admin/";
    private static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/console-screenshots"));

    private static ChromeDriver browser;
    private static Path profile;

    private final FakeNpmRegistry upstream = fake(new FakeNpmRegistry());

    @BeforeAll
    static void startBrowser() throws Exception {
        profile = Files.createTempDirectory("granary-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
    }

    // ---- the stories ----------------------------------------------------------------------------------------

    @Test
    void anAdminTypesTheConsoleUrlSignsInAndLandsOnTheDashboard() throws Exception {
        signOutIfSignedIn();
        browser.get(CONSOLE);
        assertTrue(browser.getCurrentUrl().endsWith("/admin/login.xhtml"), browser.getCurrentUrl());
        screenshot("login");

        signIn("admin", ADMIN_PASSWORD);
        assertTrue(browser.getCurrentUrl().endsWith("/admin/index.xhtml"), browser.getCurrentUrl());
        assertEquals("admin", text("signed-in-user"));
        assertEquals("Dashboard", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.id("totals")).getText().contains("requests"));
        screenshot("dashboard");

        browser.get(CONSOLE);
        assertTrue(browser.getCurrentUrl().endsWith("/admin/index.xhtml"), "the bare URL leads to the dashboard");
    }

    @Test
    void aProxyCreatedInTheConsoleServesNpmAndWhatItFetchedIsInBrowseWithItsHits() throws Exception {
        upstream.addPackage("console-widget", "1.2.0", Map.of());
        String name = unique("npm-console");
        asAdmin();

        browser.get(CONSOLE + "repositories.xhtml");
        new Select(browser.findElement(By.id("new-format"))).selectByValue("npm");
        new Select(browser.findElement(By.id("new-type"))).selectByValue("proxy");
        clickAndWait(browser.findElement(By.id("new-repository")));
        screenshot("repository-new");

        // A mistake first: the problem is shown next to its field and nothing is created.
        type("settings:name", "Not A Name");
        type("settings:upstreamUrl", "ftp://example");
        clickAndWait(browser.findElement(By.id("settings:save")));
        assertTrue(text("settings:name-error").contains("lower-case"), text("settings:name-error"));
        assertTrue(text("settings:upstreamUrl-error").contains("http"), text("settings:upstreamUrl-error"));
        screenshot("repository-new-errors");

        type("settings:name", name);
        type("settings:upstreamUrl", upstream.baseUrl() + "/");
        type("settings:metadataMaxAge", "60");
        clickAndWait(browser.findElement(By.id("settings:save")));
        assertTrue(text("messages").contains("Repository " + name + " created"), text("messages"));
        String url = text("repository-url");
        assertEquals(GranaryServer.repositoryUrl(name), url, "the set-up shows the URL the server is reached at");
        assertTrue(browser.findElement(By.id("setup")).isDisplayed());
        assertTrue(text("snippet-0").contains("npm config set registry " + url), text("snippet-0"));
        screenshot("repository");

        NpmResult install = NpmClient.locate().install(Files.createDirectories(work.resolve("app")), url,
                Map.of("console-widget", "1.2.0"));
        assertTrue(install.succeeded(), install.describe());
        // A second download is a hit from the cache.
        assertEquals(200, GranaryServer.get(url + "console-widget/-/console-widget-1.2.0.tgz").statusCode());

        // Hits are written every 15 seconds: the browse page shows them once they are.
        String hits = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            browser.get(CONSOLE + "browse.xhtml?q=console-widget&repository=" + name);
            List<WebElement> cells = browser.findElements(By.cssSelector("#packages td.hits"));
            hits = cells.isEmpty() ? "" : cells.get(0).getText();
            if (!hits.isEmpty() && !hits.equals("0")) {
                break;
            }
            Thread.sleep(2000);
        }
        assertEquals("1", hits, "the cached download and the hit");
        screenshot("browse");

        clickAndWait(browser.findElement(By.linkText("console-widget")));
        String detail = browser.findElement(By.id("main")).getText();
        assertTrue(detail.contains("1.2.0"), detail);
        assertTrue(detail.contains(sha256Hex(upstream.tarballBytes("console-widget", "1.2.0"))), detail);
        assertTrue(detail.contains("cached from the upstream"), detail);
        screenshot("package");

        browser.get(CONSOLE + "index.xhtml");
        assertFalse(browser.findElements(By.cssSelector("#request-chart rect")).isEmpty(), "this hour has a bar");
        String row = browser.findElements(By.cssSelector("#storage tr")).stream().map(WebElement::getText)
                .filter(r -> r.startsWith(name + " ")).findFirst().orElseThrow();
        assertFalse(row.endsWith(" 0 B"), "the tarball is stored: " + row);
        screenshot("dashboard-after-install");
    }

    @Test
    void aTokenCreatedInTheConsoleIsShownOnceWorksUntilRevokedAndBothAreInTheAuditLog() throws Exception {
        String user = createUser("publisher");
        asAdmin();
        browser.get(CONSOLE + "access.xhtml?user=" + user);
        assertTrue(text("no-tokens").contains("has no tokens"), "an empty state that says what to do");
        screenshot("access");

        type("new-token:name", "ci-console");
        type("new-token:expiresInDays", "0");
        clickAndWait(browser.findElement(By.id("new-token:create")));
        assertTrue(text("new-token:expiresInDays-error").contains("1 or more"), text("new-token:expiresInDays-error"));
        type("new-token:expiresInDays", "30");
        clickAndWait(browser.findElement(By.id("new-token:create")));
        String token = text("created-token");
        assertTrue(token.startsWith("gra_"), token);
        screenshot("access-token-created");
        assertEquals(200, send("GET", API + "whoami", "Bearer " + token, null).statusCode(), "the token works");

        browser.get(CONSOLE + "access.xhtml?user=" + user);
        assertFalse(browser.getPageSource().contains(token), "the token is shown once, never again");
        assertEquals("active", browser.findElement(By.cssSelector("#tokens td.token-status")).getText());

        clickAndWait(browser.findElement(By.cssSelector("#tokens input[type=submit]")));
        assertTrue(text("messages").contains("revoked"), text("messages"));
        assertEquals("revoked", browser.findElement(By.cssSelector("#tokens td.token-status")).getText());
        assertEquals(401, send("GET", API + "whoami", "Bearer " + token, null).statusCode(), "revoked at once");

        browser.get(CONSOLE + "audit.xhtml?target=" + user);
        List<String> actions = browser.findElements(By.cssSelector("#events td.action")).stream().map(WebElement::getText)
                .toList();
        assertTrue(actions.contains("token.create") && actions.contains("token.revoke"), actions.toString());
        screenshot("audit");

        browser.get(CONSOLE + "audit.xhtml?action=repository.create&outcome=success");
        assertTrue(!browser.findElements(By.cssSelector("#events td.action")).isEmpty()
                || !browser.findElements(By.id("no-events")).isEmpty(), "either events or the empty state");
        browser.get(CONSOLE + "audit.xhtml?from=31/01/2026");
        assertTrue(text("from-error").contains("2026-01-31"), "a bad filter is explained next to its field");
    }

    @Test
    void aReaderOrAPublisherReachesOnlyTheirOwnTokens() throws Exception {
        String reader = createUser("reader");
        signOutIfSignedIn();
        browser.get(CONSOLE + "repositories.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/admin/login.xhtml"), browser.getCurrentUrl());

        signIn("nobody-" + reader, PASSWORD);
        assertTrue(browser.getCurrentUrl().contains("/admin/login.xhtml?error=true"), browser.getCurrentUrl());
        assertTrue(text("login-error").contains("Wrong user name or password"), text("login-error"));
        screenshot("login-refused");
        assertEquals(List.of(), accessibilityViolations(), "the sign-in page");

        signIn(reader, PASSWORD);
        assertTrue(browser.getCurrentUrl().endsWith("/admin/my-tokens.xhtml"), "lands on their tokens: " + browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("nav-dashboard")).isEmpty(), "no administrator's pages in the navigation");
        for (String page : List.of("index.xhtml", "access.xhtml", "jobs.xhtml", "guards.xhtml", "upload.xhtml")) {
            browser.get(CONSOLE + page);
            assertTrue(browser.getPageSource().contains("Forbidden"), page + ": " + browser.getPageSource());
            assertTrue(browser.findElements(By.id("sign-out")).isEmpty(), page + " is not shown");
        }
        browser.get(CONSOLE + "my-tokens.xhtml");
        clickAndWait(browser.findElement(By.id("sign-out")));
    }

    @Test
    void theDashboardDrawsItsChartOnTheServerAndEveryPageKeepsToTheConsolesPolicy() throws Exception {
        asAdmin();
        for (String page : List.of("index.xhtml", "repositories.xhtml", "browse.xhtml", "access.xhtml", "audit.xhtml",
                "repository.xhtml?name=npm", "user.xhtml?name=admin", "jobs.xhtml", "guards.xhtml",
                "guards.xhtml?repository=npm", "upload.xhtml")) {
            browser.get(CONSOLE + page);
            String html = browser.getPageSource();
            assertFalse(html.contains("<script>") || html.contains(" style=\"") || html.contains("onclick"),
                    page + " has inline code");
            List<String> violations = accessibilityViolations();
            assertEquals(List.of(), violations, page + ": axe-core finds accessibility violations");
            for (WebElement input : browser.findElements(By.cssSelector(
                    "main input:not([type=hidden]):not([type=submit]), main select, main textarea"))) {
                String id = input.getAttribute("id");
                assertTrue(id != null && !id.isEmpty()
                        && !browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty(),
                        page + ": the field " + id + " has no label");
            }
        }
        browser.get(CONSOLE + "index.xhtml");
        WebElement chart = browser.findElement(By.id("request-chart"));
        assertEquals("img", chart.getAttribute("role"));
        screenshot("dashboard-chart");
        browser.get(CONSOLE + "repository.xhtml?name=npm");
        screenshot("repository-group");
        browser.get(CONSOLE + "user.xhtml?name=admin");
        screenshot("user");
        browser.get(CONSOLE + "guards.xhtml");
        assertTrue(text("no-repository").contains("Choose a repository"), "an empty state that says what to do");
        screenshot("guards-empty");
    }

    @Test
    void aWingetInstallerAndItsManifestUploadedInTheConsoleAreInBrowseAndInTheAuditLog() throws Exception {
        String id = "Granary." + unique("Console").replace("-", "");
        byte[] installer = ("an installer of " + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path msi = Files.write(work.resolve("setup.msi"), installer);
        String url = GranaryServer.repositoryUrl("winget-hosted") + "installers/" + id + "/1.2.0/setup.msi";
        Path wrong = Files.writeString(work.resolve(id + ".yaml"), wingetManifest(id, "https://example.test/setup.msi",
                sha256Hex(installer)));
        asAdmin();
        browser.get(CONSOLE + "upload.xhtml");
        screenshot("upload");

        // A manifest that does not name the uploaded file: said next to the manifest field, nothing stored.
        new Select(browser.findElement(By.id("winget:repository"))).selectByValue("winget-hosted");
        browser.findElement(By.id("winget:installer")).sendKeys(msi.toString());
        browser.findElement(By.id("winget:manifests")).sendKeys(wrong.toString());
        clickAndWait(browser.findElement(By.id("winget:publish")));
        assertTrue(text("winget:manifests-error").contains("set its InstallerUrl to " + url), text("winget:manifests-error"));
        screenshot("upload-errors");
        assertEquals(404, GranaryServer.get(url).statusCode(), "nothing was stored");

        Path right = Files.writeString(Files.createDirectories(work.resolve("right")).resolve(id + ".yaml"),
                wingetManifest(id, url, sha256Hex(installer)));
        new Select(browser.findElement(By.id("winget:repository"))).selectByValue("winget-hosted");
        browser.findElement(By.id("winget:installer")).sendKeys(msi.toString());
        browser.findElement(By.id("winget:manifests")).sendKeys(right.toString());
        clickAndWait(browser.findElement(By.id("winget:publish")));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("browse.xhtml"));
        assertTrue(text("messages").contains("Published " + id + " 1.2.0 to winget-hosted with the installer setup.msi"),
                text("messages"));
        String found = browser.findElement(By.id("packages")).getText();
        assertTrue(found.contains(id), found);
        screenshot("upload-published");
        assertEquals(installer.length, GranaryServer.get(url).body().length, "winget can download the installer");

        browser.get(CONSOLE + "audit.xhtml?target=winget-hosted");
        String events = browser.findElement(By.id("events")).getText();
        assertTrue(events.contains(id), "the publish is audited: " + events);
    }

    @Test
    void anNpmTarballUploadedInTheConsoleIsPublishedAsNpmPublishWouldAndServed() throws Exception {
        String pkg = unique("console-upload");
        byte[] tarball = uploadNpmTarball(pkg, "1.0.0");
        String packument = new String(GranaryServer.get(GranaryServer.repositoryUrl("npm-hosted") + pkg).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(packument.contains("\"1.0.0\""), packument);
        assertEquals(sha256Hex(tarball), sha256Hex(GranaryServer.get(GranaryServer.repositoryUrl("npm-hosted") + pkg
                + "/-/" + pkg + "-1.0.0.tgz").body()), "npm gets the uploaded tarball");
    }

    @Test
    void aCrateUploadedInTheConsoleIsPublishedAsCargoPublishWouldAndCargoBuildsAgainstIt() throws Exception {
        String lib = unique("console-crate");
        org.granary.testing.CargoClient cargo = org.granary.testing.CargoClient.locate();
        String registry = GranaryServer.repositoryUrl("cargo");
        // The .crate the real client makes: cargo package (no registry is asked: no dependencies, no lock file).
        Path project = work.resolve("crate-" + lib);
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("Cargo.toml"), "[package]\nname = \"" + lib + "\"\nversion = \"0.4.2\"\n"
                + "edition = \"2021\"\ndescription = \"Uploaded in the console\"\nlicense = \"MIT\"\n");
        Files.writeString(project.resolve("src/lib.rs"), "pub fn describe() -> String {\n    String::from(\"" + lib
                + " 0.4.2 from the console\")\n}\n");
        org.granary.testing.ClientResult packaged = cargo.run(project, org.granary.testing.CargoClient.freshHome(
                work.resolve("cargo-home-package"), registry), "package", "--no-verify", "--allow-dirty", "--offline",
                "--exclude-lockfile");
        assertTrue(packaged.succeeded(), packaged.describe());
        Path crate = project.resolve("target/package/" + lib + "-0.4.2.crate");

        asAdmin();
        browser.get(CONSOLE + "upload.xhtml");
        new Select(browser.findElement(By.id("package:repository"))).selectByValue("cargo-hosted");
        browser.findElement(By.id("package:file")).sendKeys(crate.toString());
        clickAndWait(browser.findElement(By.id("package:publish")));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("browse.xhtml"));
        assertTrue(text("messages").contains("Published " + lib + " 0.4.2 to cargo-hosted"), text("messages"));

        // A consumer resolves the crate from the sparse index and builds against it.
        Path consumer = work.resolve("crate-consumer-" + lib);
        Files.createDirectories(consumer.resolve("src"));
        Files.writeString(consumer.resolve("Cargo.toml"), "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"
                + "edition = \"2021\"\npublish = false\n\n[dependencies]\n\"" + lib
                + "\" = { version = \"0.4\", registry = \"granary\" }\n");
        Files.writeString(consumer.resolve("src/main.rs"), "fn main() {\n    println!(\"{}\", " + lib.replace('-', '_')
                + "::describe());\n}\n");
        org.granary.testing.ClientResult build = cargo.run(consumer, org.granary.testing.CargoClient.freshHome(
                work.resolve("cargo-home-consumer"), registry), "build");
        assertTrue(build.succeeded(), build.describe());
        assertTrue(Files.readString(consumer.resolve("Cargo.lock")).contains("name = \"" + lib + "\"\nversion = \"0.4.2\""));
        org.granary.testing.ClientResult program = org.granary.testing.CargoClient.runProgram(
                consumer.resolve("target/debug/app"));
        assertEquals(lib + " 0.4.2 from the console", program.stdout().trim(), program.describe());
        assertEquals(sha256Hex(Files.readAllBytes(crate)), sha256Hex(GranaryServer.get(registry + "api/v1/crates/" + lib
                + "/0.4.2/download").body()), "cargo downloads the uploaded .crate unchanged");

        // Uploading the same version again is refused by the field, as cargo publish is.
        browser.get(CONSOLE + "upload.xhtml");
        new Select(browser.findElement(By.id("package:repository"))).selectByValue("cargo-hosted");
        browser.findElement(By.id("package:file")).sendKeys(crate.toString());
        clickAndWait(browser.findElement(By.id("package:publish")));
        assertTrue(text("package:file-error").contains(lib + "@0.4.2"), text("package:file-error"));
    }

    @Test
    void anAdminDeletesAHostedVersionAfterAConfirmationAndNpmNoLongerGetsIt() throws Exception {
        String pkg = unique("console-delete");
        uploadNpmTarball(pkg, "1.0.0");
        uploadNpmTarball(pkg, "1.1.0");
        String tarball = GranaryServer.repositoryUrl("npm-hosted") + pkg + "/-/" + pkg + "-1.0.0.tgz";
        assertEquals(200, GranaryServer.get(tarball).statusCode());

        browser.get(CONSOLE + "browse.xhtml?q=" + pkg + "&repository=npm-hosted");
        clickAndWait(browser.findElement(By.linkText(pkg)));
        clickAndWait(browser.findElement(By.linkText("Delete version 1.0.0…")));
        assertTrue(browser.findElement(By.id("files")).getText().contains(pkg + "-1.0.0.tgz"),
                "the question lists the files that go");
        assertEquals(200, GranaryServer.get(tarball).statusCode(), "asking deletes nothing");
        screenshot("delete-version");

        clickAndWait(browser.findElement(By.id("delete:confirm")));
        assertTrue(text("messages").contains("Version 1.0.0 of " + pkg + " deleted from npm-hosted"), text("messages"));
        assertEquals(404, GranaryServer.get(tarball).statusCode(), "npm no longer gets the deleted version");
        String packument = new String(GranaryServer.get(GranaryServer.repositoryUrl("npm-hosted") + pkg).body(),
                java.nio.charset.StandardCharsets.UTF_8);
        jakarta.json.JsonObject versions = jakarta.json.Json.createReader(new java.io.StringReader(packument)).readObject()
                .getJsonObject("versions");
        assertFalse(versions.containsKey("1.0.0"), packument);
        assertTrue(versions.containsKey("1.1.0"), "the other version stays: " + packument);

        browser.get(CONSOLE + "audit.xhtml?actor=admin&action=delete");
        assertTrue(browser.findElement(By.id("events")).getText().contains(pkg + "@1.0.0"), "the deletion is audited");
    }

    @Test
    void aCleanupDryRunListsWhatWouldGoAndARunNowIsInTheHistoryAndTheAuditLog() throws Exception {
        String repo = unique("npm-jobs");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/\"}");
        upstream.addPackage("console-cleanup", "1.0.0", Map.of());
        assertEquals(200, GranaryServer.get(GranaryServer.repositoryUrl(repo)
                + "console-cleanup/-/console-cleanup-1.0.0.tgz").statusCode());
        updateRepository(repo, "{\"maxBytes\":0}");
        asAdmin();
        browser.get(CONSOLE + "jobs.xhtml");
        assertFalse(browser.findElements(By.cssSelector("#schedule tr[data-job=cleanup]")).isEmpty());
        assertFalse(browser.findElements(By.cssSelector("#schedule tr[data-job=statistics]")).isEmpty(),
                "the timers that are not leased jobs are listed too");
        screenshot("jobs");

        // A mistake first: no repository chosen.
        clickAndWait(browser.findElement(By.id("cleanup:run")));
        assertTrue(text("cleanup:repository-error").contains("Choose the repository"), text("cleanup:repository-error"));

        new Select(browser.findElement(By.id("cleanup:repository"))).selectByValue(repo);
        assertTrue(browser.findElement(By.id("cleanup:dryRun")).isSelected(), "a dry run unless unticked");
        clickAndWait(browser.findElement(By.id("cleanup:run")));
        assertTrue(text("messages").contains("Dry run of the cleanup of " + repo + ": 1 item would go"), text("messages"));
        String listed = browser.findElement(By.id("run-items")).getText();
        assertTrue(listed.contains("console-cleanup-1.0.0.tgz") && listed.contains("over-quota"), listed);
        screenshot("jobs-cleanup-dry-run");
        assertEquals(200, GranaryServer.get(GranaryServer.repositoryUrl(repo)
                + "console-cleanup/-/console-cleanup-1.0.0.tgz").statusCode(), "a dry run removes nothing");

        browser.get(CONSOLE + "jobs.xhtml");
        clickAndWait(browser.findElement(By.cssSelector("#schedule tr[data-job=prefetch] input[type=submit]")));
        assertTrue(text("messages").contains("Job prefetch started"), text("messages"));
        assertTrue(text("run-heading").contains("prefetch"), text("run-heading"));
        screenshot("jobs-run");

        browser.get(CONSOLE + "audit.xhtml?actor=admin&action=job.run");
        assertTrue(browser.findElement(By.id("events")).getText().contains("prefetch"), "run now is audited");
        browser.get(CONSOLE + "audit.xhtml?target=" + repo);
        List<String> actions = browser.findElements(By.cssSelector("#events td.action")).stream().map(WebElement::getText)
                .toList();
        assertTrue(actions.contains("repository.cleanup.dry-run"), actions.toString());
        screenshot("audit-jobs");
    }

    @Test
    void aBlockRuleAddedInTheConsoleIsListedWithTheVersionItRefuses() throws Exception {
        String repo = unique("npm-guard");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"npm\",\"type\":\"proxy\",\"upstreamUrl\":\""
                + upstream.baseUrl() + "/\"}");
        upstream.addPackage("console-guarded", "2.0.0", Map.of());
        asAdmin();
        browser.get(CONSOLE + "guards.xhtml?repository=" + repo);
        assertTrue(text("no-rules").contains("has no rules"), text("no-rules"));
        clickAndWait(browser.findElement(By.id("rule:add")));
        assertTrue(text("rule:pattern-error").contains("Name the package"), text("rule:pattern-error"));
        assertTrue(text("rule:reason-error").contains("Say why"), text("rule:reason-error"));

        new Select(browser.findElement(By.id("rule:action"))).selectByValue("block");
        type("rule:pattern", "console-guarded");
        type("rule:versions", "2.0.0");
        type("rule:reason", "a broken release <b>2.0.0</b>");
        clickAndWait(browser.findElement(By.id("rule:add")));
        assertTrue(text("messages").contains("added to " + repo), text("messages"));
        assertTrue(text("rules").contains("a broken release <b>2.0.0</b>"), "shown as text, escaped");

        assertEquals(200, GranaryServer.get(GranaryServer.repositoryUrl(repo) + "console-guarded").statusCode(),
                "the packument is read (and the versions' release times learnt)");
        assertEquals(403, GranaryServer.get(GranaryServer.repositoryUrl(repo)
                + "console-guarded/-/console-guarded-2.0.0.tgz").statusCode(), "the blocked version is refused");
        browser.get(CONSOLE + "guards.xhtml?repository=" + repo);
        String held = browser.findElement(By.id("held")).getText();
        assertTrue(held.contains("console-guarded") && held.contains("blocked"), held);
        screenshot("guards");

        // reloaded until it lists the refusal (as a user would): once, loaded right after the 403, it did not list it,
        // though ExceptionMappers records a refusal before answering; the cause is not known (issue 9's note)
        String dashboard = new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
            d.get(CONSOLE + "index.xhtml");
            return d.findElements(By.id("blocked")).isEmpty() ? null : d.findElement(By.id("blocked")).getText();
        });
        assertTrue(dashboard.contains(repo) && dashboard.contains("blocked"), dashboard);
        assertFalse(browser.findElements(By.cssSelector("#dashboard-jobs tr")).isEmpty(), "the jobs are on the dashboard");
        screenshot("dashboard-blocked");
    }

    // ---- the browser ---------------------------------------------------------------------------------------

    /** Publishes an npm tarball built for {@code pkg@version} through the console's upload page; returns its bytes. */
    private byte[] uploadNpmTarball(String pkg, String version) throws Exception {
        byte[] tarball = org.granary.testing.NpmTarball.build(new org.granary.testing.NpmPackageId(pkg, version), Map.of(),
                0, "console").bytes();
        Path tgz = Files.write(work.resolve(pkg + "-" + version + ".tgz"), tarball);
        asAdmin();
        browser.get(CONSOLE + "upload.xhtml");
        new Select(browser.findElement(By.id("package:repository"))).selectByValue("npm-hosted");
        browser.findElement(By.id("package:file")).sendKeys(tgz.toString());
        clickAndWait(browser.findElement(By.id("package:publish")));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("browse.xhtml"));
        assertTrue(text("messages").contains("Published " + pkg + "@" + version + " to npm-hosted"), text("messages"));
        return tarball;
    }

    private static void asAdmin() {
        browser.get(CONSOLE + "index.xhtml");
        if (browser.getCurrentUrl().endsWith("/login.xhtml")) {
            signIn("admin", ADMIN_PASSWORD);
        }
        if (!"admin".equals(textOrEmpty("signed-in-user"))) {
            signOutIfSignedIn();
            signIn("admin", ADMIN_PASSWORD);
        }
    }

    private static void signIn(String user, String password) {
        if (!browser.getCurrentUrl().endsWith("/login.xhtml")) {
            browser.get(CONSOLE + "login.xhtml");
        }
        type("username", user);
        type("password", password);
        clickAndWait(browser.findElement(By.cssSelector("form button[type=submit]")));
    }

    /**
     * Clicks something that loads another page (a link, a form's submit) and waits until the old page is gone, so the
     * next look at the page is at the new one (a click returns before the browser has navigated when it is busy).
     */
    private static void clickAndWait(WebElement target) {
        Pages.clickAndWait(browser, target);
    }

    private static void signOutIfSignedIn() {
        browser.get(CONSOLE + "my-tokens.xhtml"); // every signed-in user's page, with the sign-out button
        List<WebElement> out = browser.findElements(By.id("sign-out"));
        if (!out.isEmpty()) {
            clickAndWait(out.get(0));
        }
    }

    private static void type(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String textOrEmpty(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** Saves the page as {@code target/console-screenshots/<name>.png}, and at a phone's width as {@code <name>-phone.png}. */
    private static void screenshot(String name) throws Exception {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + "-phone.png"),
                StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    /**
     * What axe-core (bundled in the test resources, see its README there) finds wrong on the current page: one line
     * per violated rule, with the elements concerned. Scripts injected by WebDriver are not subject to the page's
     * Content-Security-Policy, so the console's policy stays as it is.
     */
    @SuppressWarnings("unchecked")
    private static List<String> accessibilityViolations() throws Exception {
        if (axe == null) {
            try (var in = ConsoleIT.class.getResourceAsStream("/axe-core/axe.min.js")) {
                axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        browser.executeScript(axe);
        Object found = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                + "  done(r.violations.map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + "    + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                + "}, function (e) { done(['axe failed: ' + e]); });");
        return (List<String>) found;
    }

    private static String axe;

    private static String wingetManifest(String id, String installerUrl, String sha256) {
        return """
                PackageIdentifier: %s
                PackageVersion: 1.2.0
                PackageLocale: en-US
                Publisher: Granary Tests
                PackageName: Console upload
                License: MIT
                ShortDescription: Uploaded in the admin console
                Installers:
                  - Architecture: x64
                    InstallerType: msi
                    InstallerUrl: %s
                    InstallerSha256: %s
                ManifestType: singleton
                ManifestVersion: 1.6.0
                """.formatted(id, installerUrl, sha256.toUpperCase(java.util.Locale.ROOT));
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
