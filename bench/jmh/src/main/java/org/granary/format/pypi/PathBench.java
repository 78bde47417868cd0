package org.granary.format.pypi;

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
/** Path parsing of a PyPI file, which every request pays (the fast path of hits included). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PathBench {

    @Benchmark
    public Object wheel() {
        return PypiPath.parse("files/requests/requests-2.32.3-py3-none-any.whl");
    }

}
