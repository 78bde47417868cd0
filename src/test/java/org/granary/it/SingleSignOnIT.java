package org.granary.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.granary.testing.FakeMavenUpstream;
import org.granary.testing.FakeOidcProvider;
import org.granary.testing.MavenClient;
import org.granary.testing.MavenDeployProject;
import org.granary.testing.MavenFixtures;
import org.granary.testing.MavenResult;
import org.granary.testing.NpmResult;
import org.granary.testing.NpmSession;
import org.granary.testing.PypiDistribution;
import org.granary.testing.PypiTwine;
import org.granary.testing.TestDirectory;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Single sign-on as people meet it. Two in-memory LDAP directories on 127.0.0.1 ({@link TestDirectory}: the second a
 * failover copy of the first) hold users, nested groups and a disabled user; the running server is pointed at them
 * through its {@code granary.ldap.*} system properties (set with WildFly's management API for this class only, and
 * removed after it). Directory users publish with their password from the real {@code npm}, {@code twine} and
 * {@code mvn}, sign in to the console in headless Chromium, get roles from their groups, publish where a publisher
 * list names their group, and are refused with 401 for a wrong password, 503 when no directory answers. A fake
 * OpenID Connect provider on 127.0.0.1 ({@link FakeOidcProvider}) signs people in to the console through the sign-in
 * page's button; a tampered ID token and a wrong {@code state} are refused, and roles come from its groups claim.
 */
class SingleSignOnIT extends GranaryIT {

    private static final String CONSOLE = GranaryServer.baseUrl() + "/admin/";
    private static final String NPM_HOSTED = GranaryServer.repositoryUrl("npm-hosted");
    private static final String PYPI_HOSTED = GranaryServer.repositoryUrl("pypi-hosted");
    private static final String MAVEN = GranaryServer.repositoryUrl("maven");
    private static final String MAVEN_HOSTED = GranaryServer.repositoryUrl("maven-hosted");
    private static final String RUN = "r" + Long.toString(System.currentTimeMillis(), 36);
    private static final String DIRECTORY_PASSWORD = TestDirectory.PASSWORD;

    private static TestDirectory primary;
    private static TestDirectory secondary;
    private static FakeOidcProvider provider;
    private static ModelControllerClient management;
    private static final Map<String, String> SERVER_PROPERTIES = new LinkedHashMap<>();
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void pointTheServerAtTheDirectories() throws Exception {
        primary = TestDirectory.start();
        secondary = TestDirectory.start();
        SERVER_PROPERTIES.put("granary.ldap.urls", primary.url() + "," + secondary.url());
        SERVER_PROPERTIES.put("granary.ldap.bind-dn", TestDirectory.SERVICE_DN);
        SERVER_PROPERTIES.put("granary.ldap.bind-password", TestDirectory.SERVICE_PASSWORD);
        SERVER_PROPERTIES.put("granary.ldap.user-base", TestDirectory.PEOPLE);
        SERVER_PROPERTIES.put("granary.ldap.user-filter", TestDirectory.USER_FILTER);
        SERVER_PROPERTIES.put("granary.ldap.group-base", TestDirectory.GROUPS);
        SERVER_PROPERTIES.put("granary.ldap.connect-timeout", "PT3S");
        SERVER_PROPERTIES.put("granary.ldap.cache-ttl", "PT2S");
        SERVER_PROPERTIES.put("granary.ldap.admin-groups", "granary-admins");
        SERVER_PROPERTIES.put("granary.ldap.publisher-groups", "developers");
        provider = new FakeOidcProvider();
        SERVER_PROPERTIES.put("granary.oidc.issuer", provider.issuer());
        SERVER_PROPERTIES.put("granary.oidc.client-id", FakeOidcProvider.CLIENT_ID);
        SERVER_PROPERTIES.put("granary.oidc.client-secret", FakeOidcProvider.CLIENT_SECRET);
        SERVER_PROPERTIES.put("granary.oidc.admin-values", "granary-admins");
        SERVER_PROPERTIES.put("granary.oidc.publisher-values", "developers");
        SERVER_PROPERTIES.put("granary.oidc.provider-name", "Test Provider");
        management = ModelControllerClient.Factory.create("127.0.0.1", Integer.getInteger("it.management.port", 19990));
        for (Map.Entry<String, String> p : SERVER_PROPERTIES.entrySet()) {
            setServerProperty(p.getKey(), p.getValue());
        }
        startBrowser();
    }

    @AfterAll
    static void restoreTheServer() throws Exception {
        try {
            for (String name : SERVER_PROPERTIES.keySet()) {
                removeServerProperty(name);
            }
        } finally {
            if (browser != null) {
                browser.quit();
            }
            management.close();
            primary.close();
            secondary.close();
            provider.close();
        }
    }

    // ---- LDAP: package clients ---------------------------------------------------------------------------

    @Test
    void aDirectoryUserPublishesWithTheirPasswordFromNpmTwineAndMvn() throws Exception {
        // npm: npm login with the directory password answers a Granary token, which npm publish then uses
        String pkg = unique("sso-npm");
        try (NpmSession npm = NpmSession.against(NPM_HOSTED)) {
            NpmResult login = npm.interact(work, List.of(new NpmSession.Answer("Username:", "alice"),
                    new NpmSession.Answer("Password:", DIRECTORY_PASSWORD)), "login");
            assertTrue(login.succeeded(), login.describe());
            assertTrue(npm.token().orElse("").startsWith("gra_"), "npm login stored a Granary token");
            assertEquals("alice", npm.run(work, "whoami").stdout().trim());
            NpmResult published = npm.run(packageDir(pkg, "1.0.0"), "publish");
            assertTrue(published.succeeded(), published.describe());
        }
        assertEquals(200, GranaryServer.get(NPM_HOSTED + pkg).statusCode());

        // twine: Basic with the directory user's name and password
        PypiDistribution wheel = PypiDistribution.wheel("ssotwine-" + RUN, "1.0.0", null, List.of());
        PypiTwine.Result upload = PypiTwine.locate().upload(PYPI_HOSTED + "legacy/", "alice", DIRECTORY_PASSWORD, files(wheel));
        assertTrue(upload.succeeded(), upload.describe());
        assertTrue(text(ok(GranaryServer.get(PYPI_HOSTED + "simple/ssotwine-" + RUN + "/"))).contains(wheel.filename()));

        // mvn deploy: the directory password in settings.xml
        MavenClient.requirePluginIn(MavenClient.buildLocalRepository());
        MavenDeployProject.requirePluginsIn(MavenClient.buildLocalRepository());
        try (FakeMavenUpstream upstream = new FakeMavenUpstream(GranaryServer.upstreamPort("maven"),
                MavenClient.buildLocalRepository())) {
            String group = "org.granary.sso." + RUN;
            MavenDeployProject app = MavenDeployProject.create(work.resolve("app"), group, "app", "1.0", "granary", MAVEN_HOSTED);
            MavenResult deployed = MavenClient.locate().runWithSettings(app.dir(), MavenClient.settingsXml(MAVEN,
                    "<server><id>granary</id><username>alice</username><password>" + DIRECTORY_PASSWORD
                            + "</password></server>"), work.resolve("repo"), "-DskipTests", "deploy");
            assertTrue(deployed.succeeded(), deployed.describe());
            assertEquals(200, GranaryServer.get(MAVEN_HOSTED + group.replace('.', '/') + "/app/1.0/app-1.0.jar").statusCode());
        }
        assertTrue(hasAudit("alice", "publish", "success"));
    }

    @Test
    void rolesComeFromGroupsIncludingNestedOnesAndAUserInNoMappedGroupOnlyReads() throws Exception {
        assertEquals(List.of("admin", "publisher", "reader"), roles(whoami(basic("bob", DIRECTORY_PASSWORD))));
        assertEquals(List.of("publisher", "reader"), roles(whoami(basic("alice", DIRECTORY_PASSWORD))),
                "alice is in developers through platform");
        assertEquals(List.of("reader"), roles(whoami(basic("dave", DIRECTORY_PASSWORD))));
        HttpResponse<String> daveDeploys = put(MAVEN_HOSTED + "org/granary/sso/" + RUN + "/d/1.0/d-1.0.jar",
                basic("dave", DIRECTORY_PASSWORD), "jar".getBytes());
        assertEquals(403, daveDeploys.statusCode(), text(daveDeploys));
    }

    @Test
    void aPublisherListNamingAGroupLetsItsMembersPublishAndNobodyElse() throws Exception {
        String repo = unique("sso-team");
        createRepository("{\"name\":\"" + repo + "\",\"format\":\"maven\",\"type\":\"hosted\",\"publishers\":[\"group:developers\"]}");
        MavenFixtures.Gav gav = new MavenFixtures.Gav("org.granary.sso." + RUN, "team", "1.0");
        byte[] jar = MavenFixtures.jar(gav, "1.0", 200);
        String localPublisher = createUser("publisher");
        HttpResponse<String> outsider = put(GranaryServer.repositoryUrl(repo) + gav.jar(), basic(localPublisher, PASSWORD), jar);
        assertEquals(403, outsider.statusCode(), text(outsider));
        assertTrue(error(outsider).contains(repo), error(outsider));
        HttpResponse<String> member = put(GranaryServer.repositoryUrl(repo) + gav.jar(), basic("heidi", DIRECTORY_PASSWORD), jar);
        assertEquals(201, member.statusCode(), text(member));
    }

    @Test
    void aWrongPasswordAndADisabledAccountAre401() throws Exception {
        HttpResponse<String> wrong = whoami(basic("alice", "not-her-password"));
        assertEquals(401, wrong.statusCode());
        assertTrue(error(wrong).contains("invalid"), error(wrong));
        assertEquals(401, whoami(basic("carol", DIRECTORY_PASSWORD)).statusCode(), "carol is disabled in the directory");
        assertEquals(401, whoami(basic("nobody-" + RUN, DIRECTORY_PASSWORD)).statusCode());
        assertTrue(hasAudit("carol", "login", "failure"));
    }

    @Test
    void aDirectoryUsersTokenStopsWorkingOnceTheyAreDisabledThere() throws Exception {
        HttpResponse<String> created = post(API + "tokens", basic("erin", DIRECTORY_PASSWORD), "{\"name\":\"ci\"}");
        assertEquals(201, created.statusCode(), text(created));
        String token = json(created).getString("token");
        assertEquals("erin", json(ok(whoami("Bearer " + token))).getString("username"));
        try {
            primary.setDisabled("erin", true);
            secondary.setDisabled("erin", true);
            // within the cache time (2 s here) the token is refused
            int status = 200;
            for (Instant until = Instant.now().plusSeconds(60); status == 200 && Instant.now().isBefore(until); ) {
                Thread.sleep(250);
                status = whoami("Bearer " + token).statusCode();
            }
            assertEquals(401, status, "the disabled user's token is refused");
            assertEquals(401, whoami(basic("erin", DIRECTORY_PASSWORD)).statusCode());
        } finally {
            primary.setDisabled("erin", false);
            secondary.setDisabled("erin", false);
        }
    }

    @Test
    void theSecondDirectoryAnswersWhenTheFirstIsDownAndWhenNoneAnswersItIs503ButLocalUsersWork() throws Exception {
        primary.stop();
        try {
            // frank signs in here for the first time: only the second server can answer
            assertEquals(200, whoami(basic("frank", DIRECTORY_PASSWORD)).statusCode(), "failover to the second URL");
            secondary.stop();
            try {
                HttpResponse<String> down = whoami(basic("grace", DIRECTORY_PASSWORD));
                assertEquals(503, down.statusCode(), text(down));
                assertTrue(error(down).contains("directory (LDAP) is unreachable"), error(down));
                assertEquals("admin", json(ok(whoami(ADMIN))).getString("username"), "the local admin still signs in");
            } finally {
                secondary.resume();
            }
        } finally {
            primary.resume();
        }
    }

    // ---- LDAP: the console ----------------------------------------------------------------------------------

    @Test
    void aDirectoryAdminSignsInToTheConsoleAndTheAuditLogSaysByWhichSource() throws Exception {
        signOut();
        browser.get(CONSOLE);
        type("username", "bob");
        type("password", DIRECTORY_PASSWORD);
        clickAndWait(browser.findElement(By.cssSelector("form button[type=submit]")));
        assertTrue(browser.getCurrentUrl().endsWith("/admin/index.xhtml"), browser.getCurrentUrl());
        assertFalse(browser.findElements(By.id("sign-out")).isEmpty(), "signed in");
        assertTrue(audit("bob", "login", "success").stream()
                .anyMatch(e -> e.getString("detail", "").equals("identity source: ldap")), "audited with its source");
        signOut();

        // a directory user who is not an administrator lands on their own tokens, and only there
        browser.get(CONSOLE);
        type("username", "alice");
        type("password", DIRECTORY_PASSWORD);
        clickAndWait(browser.findElement(By.cssSelector("form button[type=submit]")));
        assertTrue(browser.getCurrentUrl().endsWith("/admin/my-tokens.xhtml"), browser.getCurrentUrl());
        assertEquals("alice", browser.findElement(By.id("signed-in-user")).getText());
        browser.get(CONSOLE + "index.xhtml");
        assertTrue(browser.getPageSource().contains("Forbidden"), browser.getPageSource());
    }

    // ---- OpenID Connect: the console ---------------------------------------------------------------------------

    @Test
    void aPersonSignsInToTheConsoleWithTheProviderAndSignsOutThroughIt() throws Exception {
        signOut();
        provider.nextUser("olivia", List.of("granary-admins"));
        browser.get(CONSOLE + "login.xhtml");
        WebElement button = browser.findElement(By.id("sso-sign-in"));
        assertEquals("Sign in with Test Provider", button.getText());
        clickAndWait(button);
        waitForUrl("/admin/index.xhtml");
        assertFalse(browser.findElements(By.id("sign-out")).isEmpty(), "signed in");
        assertTrue(audit("olivia", "login", "success").stream()
                .anyMatch(e -> e.getString("detail", "").equals("identity source: oidc")), "audited with its source");
        JsonObject olivia = user("olivia");
        assertEquals("oidc", olivia.getString("identitySource"));

        clickAndWait(browser.findElement(By.id("sign-out")));
        waitForUrl("/admin/login.xhtml");
        browser.get(CONSOLE + "index.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/admin/login.xhtml"), "signed out: " + browser.getCurrentUrl());
    }

    @Test
    void rolesComeFromTheGroupsClaimAndOnlyAdministratorsReachTheDashboard() throws Exception {
        signOut();
        provider.nextUser("otto", List.of("developers", "staff"));
        browser.get(CONSOLE + "login.xhtml");
        clickAndWait(browser.findElement(By.id("sso-sign-in")));
        waitForUrl("/admin/my-tokens.xhtml");
        browser.get(CONSOLE + "index.xhtml");
        assertTrue(browser.getPageSource().contains("Forbidden"), browser.getPageSource());
        assertEquals(List.of("publisher", "reader"), user("otto").getJsonArray("roles")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).sorted().toList());
    }

    @Test
    void aReaderSignedInWithTheProviderCreatesUsesAndRevokesTheirOwnToken() throws Exception {
        signOut();
        provider.nextUser("rita", List.of("staff"));
        browser.get(CONSOLE + "login.xhtml");
        clickAndWait(browser.findElement(By.id("sso-sign-in")));
        waitForUrl("/admin/my-tokens.xhtml");
        assertEquals(List.of("reader"), user("rita").getJsonArray("roles")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertFalse(browser.findElements(By.id("no-tokens")).isEmpty(), browser.getPageSource());
        assertTrue(browser.findElements(By.id("nav-dashboard")).isEmpty(), "no administrator's pages in the navigation");

        type("new-token:name", "laptop");
        clickAndWait(browser.findElement(By.id("new-token:create")));
        String token = browser.findElement(By.id("created-token")).getText().trim();
        assertFalse(token.isEmpty(), browser.getPageSource());
        assertEquals(List.of(), accessibilityViolations(), "my-tokens.xhtml");
        screenshot("my-tokens");

        // the token reads packages as rita
        String bearer = "Bearer " + token;
        assertEquals(200, send("GET", PYPI_HOSTED + "simple/", bearer, (String) null).statusCode());
        assertEquals("rita", json(ok(whoami(bearer))).getString("username"));

        // shown once: the page again lists it without its secret
        browser.get(CONSOLE + "my-tokens.xhtml");
        assertFalse(browser.getPageSource().contains(token), "the secret is not shown again");
        assertEquals("active", browser.findElement(By.cssSelector("#tokens .token-status")).getText());
        clickAndWait(browser.findElement(By.cssSelector("#tokens input[value=Revoke]")));
        assertEquals("revoked", browser.findElement(By.cssSelector("#tokens .token-status")).getText());
        assertEquals(401, send("GET", PYPI_HOSTED + "simple/", bearer, (String) null).statusCode(), "revoked");

        // and the dashboard, the users and the audit log stay closed to a reader
        for (String page : List.of("index.xhtml", "access.xhtml", "audit.xhtml")) {
            browser.get(CONSOLE + page);
            assertTrue(browser.getPageSource().contains("Forbidden"), page + ": " + browser.getPageSource());
            assertTrue(browser.findElements(By.id("sign-out")).isEmpty(), page + " is not shown");
        }
        assertTrue(audit("rita", "token.revoke", "success").size() == 1, "the revoke is audited");
    }

    @Test
    void aTamperedIdTokenIsRefused() throws Exception {
        signOut();
        provider.nextUser("mallory", List.of("staff"));
        provider.tamperNext(); // the claims say granary-admins after signing
        browser.get(CONSOLE + "login.xhtml");
        clickAndWait(browser.findElement(By.id("sso-sign-in")));
        waitForUrl("error=sso");
        assertFalse(browser.findElements(By.id("login-sso")).isEmpty(), browser.getPageSource());
        browser.get(CONSOLE + "index.xhtml");
        assertTrue(browser.getCurrentUrl().endsWith("/admin/login.xhtml"), "not signed in");
        assertTrue(audit(null, "login", "failure").stream().anyMatch(e -> e.getString("detail", "")
                .contains("signature does not verify")), "the reason is audited");
    }

    @Test
    void aWrongStateIsRefusedBeforeTheCodeIsExchanged() throws Exception {
        signOut();
        provider.nextUser("olivia", List.of("granary-admins"));
        provider.wrongStateNext();
        int exchanges = provider.tokenRequests();
        browser.get(CONSOLE + "login.xhtml");
        clickAndWait(browser.findElement(By.id("sso-sign-in")));
        waitForUrl("error=sso");
        assertFalse(browser.findElements(By.id("login-sso")).isEmpty(), browser.getPageSource());
        assertEquals(exchanges, provider.tokenRequests(), "the code was not exchanged");
        assertTrue(audit(null, "login", "failure").stream().anyMatch(e -> e.getString("detail", "")
                .contains("state sent back by the provider is not this sign-in's")), "the reason is audited");
        // and a callback nobody started is refused the same way
        browser.get(CONSOLE + "oidc/callback?code=stolen&state=guessed");
        waitForUrl("error=sso");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static JsonObject user(String name) throws Exception {
        return findUser(send("GET", API + "users", ADMIN, (String) null), name);
    }

    private static JsonObject findUser(HttpResponse<String> users, String name) {
        String body = text(ok(users));
        jakarta.json.JsonArray list;
        try (var r = Json.createReader(new java.io.StringReader(body))) {
            list = r.readArray();
        }
        return list.getValuesAs(JsonObject.class).stream().filter(u -> u.getString("username").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no user " + name + " in " + body));
    }

    private static void waitForUrl(String part) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains(part));
    }

    private static HttpResponse<String> whoami(String authorization) throws Exception {
        return send("GET", API + "whoami", authorization, (String) null);
    }

    private static List<String> roles(HttpResponse<String> whoami) {
        return json(ok(whoami)).getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList();
    }

    private Path packageDir(String name, String version) throws Exception {
        Path dir = Files.createDirectories(work.resolve("src-" + name + "-" + version));
        Files.writeString(dir.resolve("package.json"), Json.createObjectBuilder()
                .add("name", name).add("version", version).add("main", "index.js").add("license", "MIT").build().toString());
        Files.writeString(dir.resolve("index.js"), "module.exports = 'sso';\n");
        return dir;
    }

    private Path[] files(PypiDistribution... distributions) throws Exception {
        Path dist = Files.createDirectories(work.resolve("dist-" + UUID.randomUUID()));
        Path[] paths = new Path[distributions.length];
        for (int i = 0; i < distributions.length; i++) {
            paths[i] = Files.write(dist.resolve(distributions[i].filename()), distributions[i].bytes());
        }
        return paths;
    }

    private static void startBrowser() throws Exception {
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
    }

    private static void signOut() {
        browser.get(CONSOLE + "my-tokens.xhtml"); // every signed-in user's page, with the sign-out button
        List<WebElement> out = browser.findElements(By.id("sign-out"));
        if (!out.isEmpty()) {
            clickAndWait(out.get(0));
        }
    }

    /** Saves the current page as {@code target/console-screenshots/<name>.png} (and a phone-sized copy). */
    private static void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("it.screenshots", "target/console-screenshots")));
        Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.openqa.selenium.Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Files.copy(browser.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(), dir.resolve(name + "-phone.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(size);
    }

    /** What axe-core (bundled in the test resources) finds wrong on the current page, one line per violated rule. */
    @SuppressWarnings("unchecked")
    private static List<String> accessibilityViolations() throws Exception {
        String axe;
        try (var in = SingleSignOnIT.class.getResourceAsStream("/axe-core/axe.min.js")) {
            axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        browser.executeScript(axe);
        Object found = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                + "  done(r.violations.map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + "    + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                + "}, function (e) { done(['axe failed: ' + e]); });");
        return (List<String>) found;
    }

    private static void clickAndWait(WebElement target) {
        Pages.clickAndWait(browser, target);
    }

    private static void type(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** Sets a system property of the running server (no restart; Granary reads these settings on use). */
    private static void setServerProperty(String name, String value) throws Exception {
        removeServerProperty(name);
        ModelNode op = property("add", name);
        op.get("value").set(value);
        ModelNode result = management.execute(op);
        assertEquals("success", result.get("outcome").asString(), result.toString());
    }

    private static void removeServerProperty(String name) throws Exception {
        if ("success".equals(management.execute(property("read-resource", name)).get("outcome").asString())) {
            management.execute(property("remove", name));
        }
    }

    private static ModelNode property(String operation, String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").add("system-property", name);
        return op;
    }
}
