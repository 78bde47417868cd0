package org.granary.format.winget;

import java.util.List;
import java.util.stream.Collectors;
import org.granary.core.InvalidRequestException;

/**
 * Manifests refused (400), with every problem: the message has one problem per line ({@code file: field path:
 * what is wrong}), which the WinGet error body lists as one {@code {ErrorCode, ErrorMessage}} each.
 */
public class ManifestRejectedException extends InvalidRequestException {

    private final transient List<ManifestProblem> problems;

    public ManifestRejectedException(List<ManifestProblem> problems) {
        super(problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ManifestProblem> problems() {
        return problems;
    }
}
