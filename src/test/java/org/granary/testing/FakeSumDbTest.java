package org.granary.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake checksum database is one the real go accepts: with {@code GOSUMDB="<its key> <its URL>"} go verifies
 * modules against its signed tree and tiles, and refuses a module whose record it does not have.
 */
class FakeSumDbTest {

    private static final GoModule DEP = GoModule.of("example.test/Upper/Dep", "v0.2.0", Map.of(),
            Map.of("dep.go", "package dep\n\nfunc Name() string { return \"dep\" }\n"));
    private static final GoModule LIB = GoModule.of("example.test/lib", "v1.1.0", Map.of(DEP.path(), DEP.version()),
            Map.of("lib.go", "package lib\n\nimport dep \"example.test/Upper/Dep\"\n\n"
                    + "func Describe() string { return \"lib with \" + dep.Name() }\n"));
    private static final GoModule UNLOGGED = GoModule.of("example.test/unlogged", "v1.0.0", Map.of(),
            Map.of("u.go", "package unlogged\n\nfunc Describe() string { return \"u\" }\n"));

    private final FakeGoProxy proxy = new FakeGoProxy(0).add(DEP).add(LIB).add(UNLOGGED);
    private final FakeSumDb sumdb = new FakeSumDb(0, "sumdb.fake.test", List.of(DEP, LIB));

    @TempDir
    Path work;

    @AfterEach
    void stop() {
        proxy.close();
        sumdb.close();
    }

    @Test
    void goVerifiesModulesAgainstTheFakeDatabase() throws Exception {
        String goproxy = proxy.baseUrl().replaceAll("/$", "");
        String gosumdb = sumdb.vkey() + " " + sumdb.baseUrl().replaceAll("/$", "");
        Path app = GoClient.writeMainModule(work.resolve("app"), "example.test/app", Map.of(LIB.path(), LIB.version()),
                "package main\n\nimport \"example.test/lib\"\n\nfunc main() { println(lib.Describe()) }\n");
        ClientResult run = GoClient.locate().sessionWithSumDb(work.resolve("home"), goproxy, gosumdb).run(app, "run", ".");
        assertTrue(run.succeeded(), run.describe());
        assertTrue(run.output().contains("lib with dep"), run.describe());
        assertTrue(sumdb.lookupRequests() > 0 && sumdb.tileRequests() > 0, "go asked the database");
        assertTrue(Files.readString(app.resolve("go.sum")).contains(LIB.path() + " " + LIB.version() + " " + LIB.h1()));

        Path other = GoClient.writeMainModule(work.resolve("other"), "example.test/other",
                Map.of(UNLOGGED.path(), UNLOGGED.version()),
                "package main\n\nimport \"example.test/unlogged\"\n\nfunc main() { println(unlogged.Describe()) }\n");
        ClientResult refused = GoClient.locate().sessionWithSumDb(work.resolve("home2"), goproxy, gosumdb)
                .run(other, "mod", "download");
        assertFalse(refused.succeeded(), refused.describe());
        assertTrue(refused.output().contains("verifying ") && refused.output().contains("404 Not Found"),
                refused.describe());
    }
}
