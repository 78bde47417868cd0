package org.granary.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Realistic npm dependency trees published on a {@link FakeNpmRegistry}.
 *
 * <p>{@link #standardTree(FakeNpmRegistry, String)} publishes 21 packages (34 versions) whose names all carry
 * the given prefix, so tests sharing one registry or one Granary cache stay disjoint. With prefix {@code t1}:
 * <pre>
 * project
 * ├── t1-web ^1.0.0 ─┬─ t1-router ^1.0.0 ─┬─ t1-util ^1.0.0          (diamond: both resolve t1-util 1.3.1,
 * │                  │                    └─ t1-http ^1.0.0 ─┬─ t1-json ^3.0.0      never 2.0.0 = latest)
 * │                  │                                       ├─ t1-mime ^1.0.0
 * │                  │                                       └─ @t1scope/core ^1.0.0
 * │                  ├─ t1-views ^1.0.0 ──┬─ t1-util ^1.2.0
 * │                  │                    └─ @t1scope/templates ^1.0.0 ── @t1scope/shared ^1.0.0
 * │                  └─ t1-logger ^1.0.0  (1.1.0, nested under t1-web: the project wants major 2)
 * ├── t1-cli ^2.0.0 ─┬─ @t1tools/build ^2.0.0 ── t1-util ^1.0.0
 * │                  ├─ @t1tools/args ^1.0.0
 * │                  └─ t1-logger ^2.0.0
 * ├── t1-logger ^2.0.0 ── t1-color ^1.0.0
 * ├── @t1scope/core ^1.0.0 ── @t1scope/shared ^1.0.0
 * └── t1-chain-a ^1.0.0 → t1-chain-b → t1-chain-c → t1-chain-d → t1-chain-e ~1.2.0 (1.2.3, not 1.3.0)
 * </pre>
 * Also published but never needed: {@code t1-unused}, older and newer versions of several packages.
 */
public final class NpmFixtures {

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    private NpmFixtures() {
    }

    /** A project's top-level dependencies and what installing them must put in {@code node_modules}. */
    public record NpmTree(Map<String, String> dependencies, Set<NpmPackageId> expectedInstalled) {

        public NpmTree {
            dependencies = Map.copyOf(dependencies);
            expectedInstalled = Set.copyOf(expectedInstalled);
        }

        /** Distinct package names expected in {@code node_modules}. */
        public Set<String> expectedNames() {
            Set<String> names = new TreeSet<>();
            expectedInstalled.forEach(id -> names.add(id.name()));
            return names;
        }
    }

    /** The standard tree with prefix {@code std}. */
    public static NpmTree standardTree(FakeNpmRegistry registry) {
        return standardTree(registry, "std");
    }

    /** Publishes the standard tree with names built from {@code prefix} (lowercase letters, digits, '-'). */
    public static NpmTree standardTree(FakeNpmRegistry registry, String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must be lowercase letters, digits and '-': " + prefix);
        }
        Names n = new Names(prefix);

        // A chain five deep; the last link is pinned to a minor line with ~.
        registry.addPackage(n.p("chain-a"), "1.0.0", Map.of(n.p("chain-b"), "^1.0.0"));
        registry.addPackage(n.p("chain-b"), "1.0.0", Map.of(n.p("chain-c"), "^1.0.0"));
        registry.addPackage(n.p("chain-c"), "1.0.0", Map.of(n.p("chain-d"), "^1.0.0"));
        registry.addPackage(n.p("chain-d"), "1.0.0", Map.of(n.p("chain-e"), "~1.2.0"));
        registry.addPackage(n.p("chain-e"), "1.2.0");
        registry.addPackage(n.p("chain-e"), "1.2.3");
        registry.addPackage(n.p("chain-e"), "1.3.0");

        // A logger whose dependents need different majors.
        registry.addPackage(n.p("color"), "1.0.0");
        registry.addPackage(n.p("logger"), "1.0.0");
        registry.addPackage(n.p("logger"), "1.1.0");
        registry.addPackage(n.p("logger"), "2.0.0", Map.of(n.p("color"), "^1.0.0"));

        // The diamond: router and views both need util 1.x; latest is 2.0.0.
        registry.addPackage(n.p("util"), "1.0.0");
        registry.addPackage(n.p("util"), "1.2.0");
        registry.addPackage(n.p("util"), "1.3.1");
        registry.addPackage(n.p("util"), "2.0.0");

        // Scoped packages in two scopes.
        registry.addPackage(n.s("shared"), "1.0.0");
        registry.addPackage(n.s("core"), "1.0.0", Map.of(n.s("shared"), "^1.0.0"));
        registry.addPackage(n.s("core"), "1.1.0", Map.of(n.s("shared"), "^1.0.0"));
        registry.addPackage(n.s("templates"), "1.0.0", Map.of(n.s("shared"), "^1.0.0"));
        registry.addPackage(n.t("args"), "1.0.0");
        registry.addPackage(n.t("build"), "1.0.0");
        registry.addPackage(n.t("build"), "2.0.0", Map.of(n.p("util"), "^1.0.0"));

        registry.addPackage(n.p("json"), "2.0.0");
        registry.addPackage(n.p("json"), "3.0.0");
        registry.addPackage(n.p("json"), "3.1.0");
        registry.addPackage(n.p("mime"), "1.0.0");
        registry.addPackage(n.p("http"), "1.0.0", Map.of(
                n.p("json"), "^3.0.0", n.p("mime"), "^1.0.0", n.s("core"), "^1.0.0"));
        registry.addPackage(n.p("router"), "1.0.0", Map.of(n.p("util"), "^1.0.0", n.p("http"), "^1.0.0"));
        registry.addPackage(n.p("views"), "0.9.0", Map.of(n.p("util"), "^1.0.0"));
        registry.addPackage(n.p("views"), "1.0.0", Map.of(n.p("util"), "^1.2.0", n.s("templates"), "^1.0.0"));
        registry.addPackage(n.p("web"), "1.0.0", Map.of(
                n.p("router"), "^1.0.0", n.p("views"), "^1.0.0", n.p("logger"), "^1.0.0"));
        registry.addPackage(n.p("cli"), "1.0.0", Map.of(n.p("logger"), "^1.0.0"));
        registry.addPackage(n.p("cli"), "2.0.0", Map.of(
                n.t("build"), "^2.0.0", n.t("args"), "^1.0.0", n.p("logger"), "^2.0.0"));
        registry.addPackage(n.p("unused"), "1.0.0");

        Map<String, String> dependencies = new LinkedHashMap<>();
        dependencies.put(n.p("web"), "^1.0.0");
        dependencies.put(n.p("cli"), "^2.0.0");
        dependencies.put(n.p("logger"), "^2.0.0");
        dependencies.put(n.s("core"), "^1.0.0");
        dependencies.put(n.p("chain-a"), "^1.0.0");

        Set<NpmPackageId> expected = Set.of(
                n.id(n.p("web"), "1.0.0"),
                n.id(n.p("router"), "1.0.0"),
                n.id(n.p("views"), "1.0.0"),
                n.id(n.p("util"), "1.3.1"),
                n.id(n.p("http"), "1.0.0"),
                n.id(n.p("json"), "3.1.0"),
                n.id(n.p("mime"), "1.0.0"),
                n.id(n.p("logger"), "1.1.0"),
                n.id(n.p("logger"), "2.0.0"),
                n.id(n.p("color"), "1.0.0"),
                n.id(n.p("cli"), "2.0.0"),
                n.id(n.t("build"), "2.0.0"),
                n.id(n.t("args"), "1.0.0"),
                n.id(n.s("core"), "1.1.0"),
                n.id(n.s("shared"), "1.0.0"),
                n.id(n.s("templates"), "1.0.0"),
                n.id(n.p("chain-a"), "1.0.0"),
                n.id(n.p("chain-b"), "1.0.0"),
                n.id(n.p("chain-c"), "1.0.0"),
                n.id(n.p("chain-d"), "1.0.0"),
                n.id(n.p("chain-e"), "1.2.3"));
        return new NpmTree(dependencies, expected);
    }

    /** Builds the prefixed names: {@code p("web")} → {@code t1-web}, {@code s("core")} → {@code @t1scope/core}. */
    private record Names(String prefix) {

        String p(String name) {
            return prefix + "-" + name;
        }

        String s(String name) {
            return "@" + prefix + "scope/" + name;
        }

        String t(String name) {
            return "@" + prefix + "tools/" + name;
        }

        NpmPackageId id(String name, String version) {
            return new NpmPackageId(name, version);
        }
    }
}
