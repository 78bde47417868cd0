package org.granary.testing;

import java.util.List;
import java.util.Map;

/** Realistic Python projects for a {@link FakePypiIndex}, and what installing them must give. */
public final class PypiFixtures {

    private PypiFixtures() {
    }

    /**
     * The standard tree, all names starting with {@code prefix}:
     * <ul>
     *   <li>{@code <prefix>-app} 0.9.0 and 1.0.0 (wheels); 1.0.0 requires {@code <prefix>_lib>=1.0} (written
     *       non-normalised on purpose) and {@code <prefix>-tool};</li>
     *   <li>{@code <prefix>-lib} 1.0.0 and 1.1.0 (wheels, 1.1.0 also as sdist), 1.2.0 requiring Python {@code >=4}
     *       (must be skipped through {@code data-requires-python}) and 2.0.0 yanked (must be skipped); its upstream
     *       page is served as HTML only, so Granary has to read the HTML form;</li>
     *   <li>{@code <prefix>-tool} 1.0.0, an sdist only, built by pip with an in-tree backend.</li>
     * </ul>
     */
    public static PypiTree standardTree(FakePypiIndex index, String prefix) {
        String app = prefix + "-app";
        String lib = prefix + "-lib";
        String tool = prefix + "-tool";
        index.publish(PypiDistribution.wheel(app, "0.9.0", ">=3.7", List.of(lib + ">=1.0")));
        PypiDistribution appWheel = index.publish(PypiDistribution.wheel(app, "1.0.0", ">=3.7",
                List.of(prefix + "_lib>=1.0", tool)));
        index.publish(PypiDistribution.wheel(lib, "1.0.0", null, List.of()));
        PypiDistribution libWheel = index.publish(PypiDistribution.wheel(lib, "1.1.0", ">=3", List.of()));
        index.publish(PypiDistribution.sdist(lib, "1.1.0", ">=3", List.of()));
        PypiDistribution future = index.publish(PypiDistribution.wheel(lib, "1.2.0", ">=4", List.of()));
        PypiDistribution yanked = index.publish(PypiDistribution.wheel(lib, "2.0.0", null, List.of()),
                "broken <release> & withdrawn");
        PypiDistribution toolSdist = index.publish(PypiDistribution.sdist(tool, "1.0.0", null, List.of()));
        index.serveOnly(lib, FakePypiIndex.Representations.HTML_ONLY);
        return new PypiTree(app, Map.of(app, "1.0.0", lib, "1.1.0", tool, "1.0.0"),
                List.of(appWheel, libWheel, toolSdist), future, yanked);
    }

    /**
     * @param root       what to ask pip for
     * @param expected   normalised name → version that must end up installed
     * @param downloaded the files pip must have fetched
     * @param tooNew     a file pip must skip because of its {@code Requires-Python}
     * @param yanked     a yanked file pip must skip
     */
    public record PypiTree(String root, Map<String, String> expected, List<PypiDistribution> downloaded,
                           PypiDistribution tooNew, PypiDistribution yanked) {
    }
}
