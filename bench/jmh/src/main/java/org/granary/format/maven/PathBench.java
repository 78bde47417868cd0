package org.granary.format.maven;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Path parsing, which every request pays (the fast path of hits included): a Maven release file, a scoped npm
 * tarball, a PyPI file. In one class so one run covers the three parsers (each is package-private to its format).
 */
/** Path parsing of a Maven release file, which every request pays (the fast path of hits included). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PathBench {

    @Benchmark
    public Object releaseJar() {
        return MavenPath.parse("com/google/guava/guava/33.4.0-jre/guava-33.4.0-jre.jar");
    }

}
