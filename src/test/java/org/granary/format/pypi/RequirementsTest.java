package org.granary.format.pypi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.junit.jupiter.api.Test;

class RequirementsTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static List<String> describe(List<PrefetchFormat.Wanted> wanted) {
        return wanted.stream().map(w -> w.display() + w.files().stream()
                .map(f -> " " + (f.name() == null ? "*" : f.name()) + "=" + f.hash().map(Object::toString).orElse("-"))
                .reduce("", String::concat)).toList();
    }

    @Test
    void pinnedRequirementsWithHashesAsPipCompileWritesThem() {
        String txt = """
                # generated
                --index-url http://127.0.0.1:1/simple/
                Requests[socks]==2.32.3 \\
                    --hash=sha256:%s \\
                    --hash=sha256:%s
                    # via app
                six===1.16.0 ; python_version >= "3"  # a comment
                -e ./local
                """.formatted(A, B);
        assertEquals(List.of("requests@2.32.3 *=sha256:" + A + " *=sha256:" + B, "six@1.16.0"),
                describe(Requirements.requirements(txt.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void anUnpinnedRequirementIsRefusedNamingItsLine() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> Requirements.requirements("six==1.16.0\nrequests>=2\n".getBytes()));
        assertTrue(e.getMessage().contains("line 2: 'requests>=2'"), e.getMessage());
    }

    @Test
    void poetryLockFilesByNameAndHash() {
        String lock = """
                [[package]]
                name = "Six"
                version = "1.16.0"
                description = "Python 2 and 3 compatibility utilities"
                optional = false
                files = [
                    {file = "six-1.16.0-py2.py3-none-any.whl", hash = "sha256:%s"},
                    {file = "six-1.16.0.tar.gz", hash = "sha256:%s"},
                ]

                [[package]]
                name = "mine"
                version = "0.1.0"
                files = []

                [package.source]
                type = "git"
                url = "https://example.test/mine.git"

                [metadata]
                lock-version = "2.0"
                """.formatted(A, B);
        assertEquals(List.of("six@1.16.0 six-1.16.0-py2.py3-none-any.whl=sha256:" + A + " six-1.16.0.tar.gz=sha256:" + B),
                describe(Requirements.poetry(lock.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void uvLockRegistryPackagesWithSdistAndWheels() {
        String lock = """
                version = 1
                requires-python = ">=3.11"

                [[package]]
                name = "app"
                version = "0.1.0"
                source = { editable = "." }

                [[package]]
                name = "six"
                version = "1.16.0"
                source = { registry = "http://127.0.0.1:1/simple" }
                sdist = { url = "http://127.0.0.1:1/files/six-1.16.0.tar.gz", hash = "sha256:%s", size = 34041 }
                wheels = [
                    { url = "http://127.0.0.1:1/files/six-1.16.0-py2.py3-none-any.whl", hash = "sha256:%s", size = 11053 },
                ]
                """.formatted(B, A);
        assertEquals(List.of("six@1.16.0 six-1.16.0.tar.gz=sha256:" + B + " six-1.16.0-py2.py3-none-any.whl=sha256:" + A),
                describe(Requirements.uv(lock.getBytes(StandardCharsets.UTF_8))));
    }
}
