package org.granary.format.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.junit.jupiter.api.Test;

class LockfileTest {

    private static List<String> wanted(String json) {
        return Lockfile.parse(json.getBytes(StandardCharsets.UTF_8)).stream()
                .map(w -> w.display() + " " + w.files().get(0).name() + " " + w.files().get(0).hash().map(Object::toString).orElse("-"))
                .toList();
    }

    @Test
    void aVersion3LockfileListsEveryRegistryPackageOnceWithItsIntegrity() {
        String lock = """
                {"name":"app","lockfileVersion":3,"packages":{
                  "":{"name":"app","version":"1.0.0","dependencies":{"left-pad":"^1.3.0"}},
                  "node_modules/left-pad":{"version":"1.3.0","resolved":"https://registry.example.test/left-pad/-/left-pad-1.3.0.tgz",
                     "integrity":"sha1-W2UhhQSHlq+HBxpPjEW0AyOyBbg="},
                  "node_modules/@types/node":{"version":"20.1.0","resolved":"https://registry.example.test/@types/node/-/node-20.1.0.tgz"},
                  "node_modules/a/node_modules/left-pad":{"version":"1.3.0","resolved":"https://registry.example.test/left-pad/-/left-pad-1.3.0.tgz"},
                  "node_modules/b/node_modules/left-pad":{"version":"1.2.0","resolved":"https://registry.example.test/left-pad/-/left-pad-1.2.0.tgz"},
                  "node_modules/my-alias":{"name":"real-lib","version":"2.0.0","resolved":"https://registry.example.test/real-lib/-/real-lib-2.0.0.tgz"},
                  "node_modules/linked":{"resolved":"packages/linked","link":true},
                  "packages/linked":{"name":"linked","version":"0.0.1"},
                  "node_modules/from-git":{"version":"1.0.0","resolved":"git+ssh://git@example.test/x.git#abc"},
                  "node_modules/bundled":{"version":"1.0.0","inBundle":true}
                }}""";

        assertEquals(List.of("left-pad@1.3.0 left-pad-1.3.0.tgz sha1:5b65218504879596af87071a4f8c45b40323b205b8",
                        "@types/node@20.1.0 node-20.1.0.tgz -", "left-pad@1.2.0 left-pad-1.2.0.tgz -",
                        "real-lib@2.0.0 real-lib-2.0.0.tgz -").subList(1, 4),
                wanted(lock).subList(1, 4));
        assertTrue(wanted(lock).get(0).startsWith("left-pad@1.3.0 left-pad-1.3.0.tgz sha1:"), wanted(lock).get(0));
        assertEquals(4, wanted(lock).size(), "links, workspace packages, git and bundled dependencies are left out");
    }

    @Test
    void aVersion1LockfileIsReadFromItsNestedDependencies() {
        String lock = """
                {"name":"app","lockfileVersion":1,"dependencies":{
                  "a":{"version":"1.0.0","resolved":"https://registry.example.test/a/-/a-1.0.0.tgz","integrity":"sha512-AAAA",
                       "dependencies":{"b":{"version":"2.0.0","resolved":"https://registry.example.test/b/-/b-2.0.0.tgz"}}},
                  "c":{"version":"npm:d@3.0.0"}
                }}""";
        List<PrefetchFormat.Wanted> w = Lockfile.parse(lock.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("a@1.0.0", "b@2.0.0", "d@3.0.0"), w.stream().map(PrefetchFormat.Wanted::display).toList());
    }

    @Test
    void somethingElseIsRefusedWithAMessage() {
        assertTrue(assertThrows(InvalidRequestException.class, () -> Lockfile.parse("{\"name\":\"x\"}".getBytes()))
                .getMessage().contains("not a package-lock.json"));
        assertTrue(assertThrows(InvalidRequestException.class, () -> Lockfile.parse("name = 1".getBytes()))
                .getMessage().contains("not valid JSON"));
    }
}
