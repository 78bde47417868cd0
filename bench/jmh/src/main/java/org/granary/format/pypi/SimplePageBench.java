package org.granary.format.pypi;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A project page with 400 files (a busy project's history): parsed from upstream HTML, rendered as HTML and JSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SimplePageBench {

    private byte[] html;
    private SimplePage page;
    private final URI url = URI.create("http://127.0.0.1:18681/simple/benchproject/");

    @Setup
    public void setUp() throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (int i = 0; i < 400; i++) {
            String file = "benchproject-" + (i / 20) + "." + (i % 20) + "-py3-none-any.whl";
            b.append("<a href=\"../../packages/").append(file).append("#sha256=")
                    .append("0123456789abcdef".repeat(4)).append("\" data-requires-python=\"&gt;=3.8\">")
                    .append(file).append("</a><br/>\n");
        }
        html = b.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
        page = SimplePageParser.parse(html, url, "benchproject");
    }

    @Benchmark
    public SimplePage parse() throws IOException {
        return SimplePageParser.parse(html, url, "benchproject");
    }

    @Benchmark
    public String renderHtml() {
        return SimplePageRenderer.html(page, "http://127.0.0.1:18680/granary/pypi/files/");
    }

    @Benchmark
    public String renderJson() {
        return SimplePageRenderer.json(page, "http://127.0.0.1:18680/granary/pypi/files/");
    }
}
