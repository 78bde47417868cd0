package org.granary.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.granary.testing.FakeMavenUpstream.Checksums;

/**
 * Generated Maven artifacts, published to a {@link FakeMavenUpstream}: real jars (a manifest, a resource and a
 * payload), POMs with parents and dependencies, and {@code maven-metadata.xml} at artifact and version level.
 */
public final class MavenFixtures {

    /** Timestamps of the snapshot builds {@link #standardTree} publishes. */
    public static final String SNAPSHOT_BUILD_1 = "20250101.123456-1";
    public static final String SNAPSHOT_BUILD_2 = "20250102.080000-2";

    private static final long FIXED_TIME = 1_735_689_600_000L; // 2025-01-01T00:00:00Z

    private MavenFixtures() {
    }

    /** Coordinates of one artifact version. */
    public record Gav(String groupId, String artifactId, String version) {

        /** {@code org/example/lib-a/1.0/}. */
        public String directory() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/";
        }

        /** The path of a file of this version, {@code fileVersion} being the timestamped one for snapshots. */
        public String file(String fileVersion, String extension) {
            return directory() + artifactId + "-" + fileVersion + "." + extension;
        }

        public String jar() {
            return file(version, "jar");
        }

        public String pom() {
            return file(version, "pom");
        }

        /** {@code org/example/lib-a/maven-metadata.xml}. */
        public String artifactMetadata() {
            return groupId.replace('.', '/') + "/" + artifactId + "/maven-metadata.xml";
        }

        public String versionMetadata() {
            return directory() + "maven-metadata.xml";
        }

        /** The file name {@code dependency:copy-dependencies} gives the jar. */
        public String copiedJarName() {
            return artifactId + "-" + version + ".jar";
        }

        public String dependencyXml() {
            return "<dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId
                    + "</artifactId><version>" + version + "</version></dependency>";
        }
    }

    /**
     * What {@link #standardTree} published.
     *
     * @param dependencies what a consumer project declares
     * @param expectedJars the jars a build must end up with, by the name copy-dependencies gives them
     */
    public record Tree(String groupId, List<Gav> dependencies, Map<String, byte[]> expectedJars, Gav libA, Gav libB,
                       Gav libC, Gav snapshot) {
    }

    /**
     * Publishes under {@code org.granary.fixture.<prefix>}:
     * <ul>
     *   <li>{@code parent:1.0}, a parent POM;</li>
     *   <li>{@code lib-a:1.0} (child of parent) → {@code lib-b:1.0} → {@code lib-c:[1.0,2.0)}, with {@code lib-c}
     *       published as 1.0 and 1.1 and listed in its artifact-level maven-metadata.xml (so the range resolves
     *       to 1.1 through the metadata);</li>
     *   <li>{@code snap-lib:1.0-SNAPSHOT} with two timestamped builds and version-level metadata naming the
     *       second.</li>
     * </ul>
     * Every file has a {@code .sha1}; lib-a and lib-c jars also a {@code .sha256}; lib-b's jar every checksum.
     */
    public static Tree standardTree(FakeMavenUpstream upstream, String prefix) {
        String g = "org.granary.fixture." + prefix;
        Gav parent = new Gav(g, "parent", "1.0");
        Gav libA = new Gav(g, "lib-a", "1.0");
        Gav libB = new Gav(g, "lib-b", "1.0");
        Gav libC10 = new Gav(g, "lib-c", "1.0");
        Gav libC = new Gav(g, "lib-c", "1.1");
        Gav snap = new Gav(g, "snap-lib", "1.0-SNAPSHOT");

        upstream.publish(parent.pom(), pom(parent, null, "pom", ""), Checksums.SHA1);
        Map<String, byte[]> jars = new LinkedHashMap<>();
        jars.put(libA.copiedJarName(), publishLibrary(upstream, libA, parent,
                libB.dependencyXml(), 20_000, Checksums.SHA1_SHA256));
        jars.put(libB.copiedJarName(), publishLibrary(upstream, libB, null,
                "<dependency><groupId>" + g + "</groupId><artifactId>lib-c</artifactId><version>[1.0,2.0)</version></dependency>",
                30_000, Checksums.ALL));
        publishLibrary(upstream, libC10, null, "", 5_000, Checksums.SHA1_SHA256);
        jars.put(libC.copiedJarName(), publishLibrary(upstream, libC, null, "", 8_000, Checksums.SHA1_SHA256));
        upstream.publish(libC.artifactMetadata(), artifactMetadata(g, "lib-c", List.of("1.0", "1.1")), Checksums.SHA1);

        publishSnapshotBuild(upstream, snap, SNAPSHOT_BUILD_1, 10_000);
        jars.put(snap.copiedJarName(), publishSnapshotBuild(upstream, snap, SNAPSHOT_BUILD_2, 12_000));
        upstream.publish(snap.artifactMetadata(), artifactMetadata(g, "snap-lib", List.of(snap.version())), Checksums.SHA1);
        return new Tree(g, List.of(libA, snap), jars, libA, libB, libC, snap);
    }

    /** Publishes a release library (jar and POM); returns the jar's bytes. */
    public static byte[] publishLibrary(FakeMavenUpstream upstream, Gav gav, Gav parent, String dependencies,
                                        int payloadSize, Checksums jarChecksums) {
        byte[] jar = jar(gav, gav.version(), payloadSize);
        upstream.publish(gav.jar(), jar, jarChecksums);
        upstream.publish(gav.pom(), pom(gav, parent, "jar", dependencies), Checksums.SHA1);
        return jar;
    }

    /**
     * Publishes one timestamped build of a snapshot (jar and POM, with .sha1) and the version-level metadata
     * naming it as the latest; returns the jar's bytes.
     */
    public static byte[] publishSnapshotBuild(FakeMavenUpstream upstream, Gav snap, String build, int payloadSize) {
        String base = snap.version().substring(0, snap.version().length() - "-SNAPSHOT".length());
        String fileVersion = base + "-" + build;
        byte[] jar = jar(snap, fileVersion, payloadSize);
        upstream.publish(snap.file(fileVersion, "jar"), jar, Checksums.SHA1);
        upstream.publish(snap.file(fileVersion, "pom"), pom(snap, null, "jar", ""), Checksums.SHA1);
        upstream.publish(snap.versionMetadata(), snapshotMetadata(snap, build), Checksums.SHA1);
        return jar;
    }

    /** A real jar: manifest, a text resource naming the artifact, and a deterministic pseudo-random payload. */
    public static byte[] jar(Gav gav, String fileVersion, int payloadSize) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, gav.artifactId());
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, fileVersion);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(entry(JarFile.MANIFEST_NAME));
            manifest.write(jar);
            jar.closeEntry();
            jar.putNextEntry(entry("META-INF/granary-fixture/" + gav.artifactId() + ".properties"));
            jar.write(("groupId=" + gav.groupId() + "\nartifactId=" + gav.artifactId() + "\nversion=" + fileVersion + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            JarEntry payload = entry("payload.bin");
            payload.setMethod(JarEntry.STORED);
            byte[] random = new byte[payloadSize];
            new Random((gav + fileVersion).hashCode()).nextBytes(random);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(random);
            payload.setSize(random.length);
            payload.setCrc(crc.getValue());
            jar.putNextEntry(payload);
            jar.write(random);
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Entries carry a fixed time, so the same fixture always has the same bytes. */
    /**
     * A Maven plugin jar as maven-plugin-plugin would build it: one mojo, {@code goal}, that logs {@code message}
     * (compiled here against the plugin API of the Maven installation that runs the tests) and its descriptor
     * {@code META-INF/maven/plugin.xml} naming the {@code prefix}. The mojo needs no project.
     */
    public static byte[] pluginJar(String groupId, String artifactId, String version, String prefix, String goal,
                                   String message, java.nio.file.Path buildDir) {
        String pkg = "org.granary.fixture.plugin" + Integer.toHexString((groupId + artifactId).hashCode());
        String source = """
                package %s;

                public class Goal extends org.apache.maven.plugin.AbstractMojo {
                    @Override
                    public void execute() {
                        getLog().info("%s");
                    }
                }
                """.formatted(pkg, message);
        String descriptor = """
                <?xml version="1.0" encoding="UTF-8"?>
                <plugin>
                  <name>%2$s</name>
                  <groupId>%1$s</groupId>
                  <artifactId>%2$s</artifactId>
                  <version>%3$s</version>
                  <goalPrefix>%4$s</goalPrefix>
                  <isolatedRealm>false</isolatedRealm>
                  <inheritedByDefault>true</inheritedByDefault>
                  <mojos>
                    <mojo>
                      <goal>%5$s</goal>
                      <requiresProject>false</requiresProject>
                      <implementation>%6$s.Goal</implementation>
                      <language>java</language>
                      <instantiationStrategy>per-lookup</instantiationStrategy>
                      <executionStrategy>once-per-session</executionStrategy>
                      <threadSafe>true</threadSafe>
                      <parameters/>
                    </mojo>
                  </mojos>
                  <dependencies/>
                </plugin>
                """.formatted(groupId, artifactId, version, prefix, goal, pkg);
        try {
            java.nio.file.Path src = buildDir.resolve("src").resolve(pkg.replace('.', '/'));
            java.nio.file.Path classes = buildDir.resolve("classes");
            java.nio.file.Files.createDirectories(src);
            java.nio.file.Files.createDirectories(classes);
            java.nio.file.Path file = java.nio.file.Files.writeString(src.resolve("Goal.java"), source);
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = javac.run(null, errors, errors, "--release", "17", "-cp", mavenPluginApi().toString(),
                    "-d", classes.toString(), file.toString());
            if (rc != 0) {
                throw new IllegalStateException("cannot compile the fixture mojo: " + errors);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes)) {
                jar.putNextEntry(entry("META-INF/maven/plugin.xml"));
                jar.write(descriptor.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
                String classFile = pkg.replace('.', '/') + "/Goal.class";
                jar.putNextEntry(entry(classFile));
                jar.write(java.nio.file.Files.readAllBytes(classes.resolve(classFile)));
                jar.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The maven-plugin-api jar of the Maven installation on PATH ({@code <maven home>/lib}). */
    private static java.nio.file.Path mavenPluginApi() throws IOException {
        String path = java.util.Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            java.nio.file.Path mvn = java.nio.file.Path.of(dir, "mvn");
            if (dir.isBlank() || !java.nio.file.Files.isExecutable(mvn)) {
                continue;
            }
            java.nio.file.Path lib = mvn.toRealPath().getParent().getParent().resolve("lib");
            try (var jars = java.nio.file.Files.list(lib)) {
                java.util.Optional<java.nio.file.Path> api = jars
                        .filter(j -> j.getFileName().toString().startsWith("maven-plugin-api")).findFirst();
                if (api.isPresent()) {
                    return api.get();
                }
            }
        }
        throw new AssertionError("no maven-plugin-api jar in the lib directory of the mvn on PATH (" + path + ")");
    }

    private static JarEntry entry(String name) {
        JarEntry e = new JarEntry(name);
        e.setTime(FIXED_TIME);
        return e;
    }

    public static byte[] pom(Gav gav, Gav parent, String packaging, String dependencies) {
        String parentXml = parent == null ? "" : "  <parent><groupId>" + parent.groupId() + "</groupId><artifactId>"
                + parent.artifactId() + "</artifactId><version>" + parent.version() + "</version>"
                + "<relativePath/></parent>\n";
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                %s  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>%s</packaging>
                  <dependencies>%s</dependencies>
                </project>
                """).formatted(parentXml, gav.groupId(), gav.artifactId(), gav.version(), packaging, dependencies)
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] artifactMetadata(String groupId, String artifactId, List<String> versions) {
        StringBuilder v = new StringBuilder();
        versions.forEach(x -> v.append("<version>").append(x).append("</version>"));
        String latest = versions.get(versions.size() - 1);
        String release = versions.stream().filter(x -> !x.endsWith("-SNAPSHOT")).reduce((a, b) -> b).orElse("");
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <release>%s</release>
                    <versions>%s</versions>
                    <lastUpdated>20250102080000</lastUpdated>
                  </versioning>
                </metadata>
                """).formatted(groupId, artifactId, latest, release, v).getBytes(StandardCharsets.UTF_8);
    }

    /** Version-level metadata of a snapshot whose latest build is {@code build} ({@code yyyyMMdd.HHmmss-N}). */
    public static byte[] snapshotMetadata(Gav snap, String build) {
        String timestamp = build.substring(0, build.indexOf('-'));
        String number = build.substring(build.indexOf('-') + 1);
        String base = snap.version().substring(0, snap.version().length() - "-SNAPSHOT".length());
        String value = base + "-" + build;
        String updated = timestamp.replace(".", "");
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata modelVersion="1.1.0">
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <versioning>
                    <snapshot><timestamp>%s</timestamp><buildNumber>%s</buildNumber></snapshot>
                    <lastUpdated>%s</lastUpdated>
                    <snapshotVersions>
                      <snapshotVersion><extension>jar</extension><value>%s</value><updated>%s</updated></snapshotVersion>
                      <snapshotVersion><extension>pom</extension><value>%s</value><updated>%s</updated></snapshotVersion>
                    </snapshotVersions>
                  </versioning>
                </metadata>
                """).formatted(snap.groupId(), snap.artifactId(), snap.version(), timestamp, number, updated,
                value, updated, value, updated).getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code pom}-packaged consumer project declaring {@code dependencies}. */
    public static String consumerPom(String name, List<Gav> dependencies) {
        StringBuilder deps = new StringBuilder();
        dependencies.forEach(d -> deps.append("    ").append(d.dependencyXml()).append('\n'));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.granary.consumer</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(name, deps);
    }
}
