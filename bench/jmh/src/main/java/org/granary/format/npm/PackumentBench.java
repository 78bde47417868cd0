package org.granary.format.npm;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a packument miss of the render cache costs: parse the stored document, rewrite tarball URLs, abbreviate (or
 * not), serialise. The document is like the suite's bench-big: 2,000 versions, about 9 MB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PackumentBench {

    private byte[] packument;

    @Setup
    public void setUp() {
        JsonObjectBuilder versions = Json.createObjectBuilder();
        JsonObjectBuilder time = Json.createObjectBuilder();
        String text = "cache proxy registry package version module build fast static index ".repeat(45);
        for (int k = 0; k < 2000; k++) {
            String v = (k / 100) + "." + (k / 10 % 10) + "." + (k % 10);
            JsonObjectBuilder deps = Json.createObjectBuilder();
            for (int j = 0; j < 8; j++) {
                deps.add("dep-" + j, "^" + j + ".0.0");
            }
            versions.add(v, Json.createObjectBuilder()
                    .add("name", "bench-big").add("version", v).add("description", text.substring(0, 200))
                    .add("dependencies", deps).add("readme", text)
                    .add("dist", Json.createObjectBuilder()
                            .add("tarball", "http://127.0.0.1:18681/npm/bench-big/-/bench-big-" + v + ".tgz")
                            .add("shasum", "0123456789abcdef0123456789abcdef01234567")
                            .add("integrity", "sha512-" + "A".repeat(86) + "==")));
            time.add(v, "2020-01-01T00:00:00.000Z");
        }
        JsonObject doc = Json.createObjectBuilder().add("_id", "bench-big").add("name", "bench-big")
                .add("dist-tags", Json.createObjectBuilder().add("latest", "19.9.9"))
                .add("versions", versions).add("time", time).add("readme", text).build();
        packument = doc.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject parse() {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(packument))) {
            return r.readObject();
        }
    }

    @Benchmark
    public String abbreviated() {
        return PackumentRewriter.rewrite(parse(), "http://127.0.0.1:18680/granary/npm/", true).toString();
    }

    @Benchmark
    public String full() {
        return PackumentRewriter.rewrite(parse(), "http://127.0.0.1:18680/granary/npm/", false).toString();
    }
}
