package org.granary.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.granary.security.Caller;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every action of the jobs, guards and upload pages checks the admin role itself (web.xml is not the only guard): a
 * reader or a publisher who posts to one is refused with a message, and no service is reached (the beans here have
 * none: reaching one would fail the test with a NullPointerException).
 */
class ConsoleRoleChecksTest {

    /** A signed-in caller with one role, and the messages the page would show. */
    static final class Page extends ConsoleGuard {
        final List<String> messages = new ArrayList<>();

        Page(String role) {
            caller = new Caller() {
                @Override
                public Optional<String> name() {
                    return Optional.of("someone");
                }

                @Override
                public boolean hasRole(String r) {
                    return r.equals(role);
                }

                @Override
                public boolean isAdmin() {
                    return "admin".equals(role);
                }
            };
        }

        @Override
        void report(String clientId, String message) {
            messages.add(message);
        }
    }

    static Stream<Arguments> actions() {
        List<Arguments> all = new ArrayList<>();
        for (String role : List.of("reader", "publisher")) {
            all.add(Arguments.of(role, "run a job now", (Function<Page, String>) g -> jobs(g).runNow("cleanup")));
            all.add(Arguments.of(role, "clean a repository", (Function<Page, String>) g -> jobs(g).runCleanup()));
            all.add(Arguments.of(role, "upload a lockfile", (Function<Page, String>) g -> jobs(g).uploadLockfile()));
            all.add(Arguments.of(role, "save a guard policy", (Function<Page, String>) g -> guards(g).savePolicy()));
            all.add(Arguments.of(role, "add a rule", (Function<Page, String>) g -> guards(g).addRule()));
            all.add(Arguments.of(role, "remove a rule", (Function<Page, String>) g -> guards(g).removeRule(1)));
            all.add(Arguments.of(role, "upload to WinGet", (Function<Page, String>) g -> upload(g).uploadWinget()));
            all.add(Arguments.of(role, "upload a package file", (Function<Page, String>) g -> upload(g).uploadPackage()));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "a {0} cannot {1}")
    @MethodSource("actions")
    void onlyAnAdminMay(String role, String what, Function<Page, String> action) {
        Page page = new Page(role);
        assertNull(action.apply(page), "stays on the page");
        assertEquals(List.of("Only an administrator may do this."), page.messages);
    }

    private static JobsPage jobs(ConsoleGuard g) {
        JobsPage p = new JobsPage();
        p.guard = g;
        return p;
    }

    private static GuardsPage guards(ConsoleGuard g) {
        GuardsPage p = new GuardsPage();
        p.guard = g;
        return p;
    }

    private static UploadPage upload(ConsoleGuard g) {
        UploadPage p = new UploadPage();
        p.guard = g;
        return p;
    }
}
