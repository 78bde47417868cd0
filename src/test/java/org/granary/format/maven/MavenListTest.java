package org.granary.format.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.junit.jupiter.api.Test;

class MavenListTest {

    private static List<String> describe(String text) {
        return MavenList.parse(text.getBytes(StandardCharsets.UTF_8)).stream()
                .map(w -> w.display() + " " + String.join(",", w.files().stream().map(PrefetchFormat.LockedFile::name).toList()))
                .toList();
    }

    @Test
    void coordinatesInEveryShapeIncludingMvnDependencyListOutput() {
        assertEquals(List.of("org.example:lib@1.0 jar", "org.example:bom@2.0 pom", "org.example:lib@1.1 jar:sources,jar"),
                describe("""
                        org.example:lib:1.0
                        org.example:bom:pom:2.0   # a BOM
                        org.example:lib:jar:sources:1.1
                           org.example:lib:jar:1.1:compile
                        """));
    }

    @Test
    void aPomsDependenciesWithPropertiesResolved() {
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <groupId>org.example</groupId><artifactId>app</artifactId><version>3.0</version>
                  <properties><lib.version>1.2</lib.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>org.example</groupId><artifactId>bom</artifactId><version>5</version>
                      <type>pom</type><scope>import</scope></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
                    <dependency><groupId>${project.groupId}</groupId><artifactId>sibling</artifactId><version>${project.version}</version>
                      <classifier>tests</classifier></dependency>
                  </dependencies>
                </project>""";
        assertEquals(List.of("org.example:lib@1.2 jar", "org.example:sibling@3.0 jar:tests", "org.example:bom@5 pom"),
                describe(pom));
    }

    @Test
    void aDependencyWithoutAnExactVersionIsRefusedByName() {
        String pom = """
                <project><dependencies>
                  <dependency><groupId>g</groupId><artifactId>managed</artifactId></dependency>
                  <dependency><groupId>g</groupId><artifactId>ranged</artifactId><version>[1,2)</version></dependency>
                </dependencies></project>""";
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> describe(pom));
        assertTrue(e.getMessage().contains("g:managed, g:ranged:[1,2)"), e.getMessage());
        assertTrue(assertThrows(InvalidRequestException.class, () -> describe("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><project/>"))
                .getMessage().contains("not well-formed"), "no external entities");
        assertTrue(assertThrows(InvalidRequestException.class, () -> describe("lib:1.0")).getMessage().contains("line 1"));
    }
}
