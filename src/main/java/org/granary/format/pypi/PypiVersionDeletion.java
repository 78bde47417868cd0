package org.granary.format.pypi;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.UpstreamFailureException;
import org.granary.core.VersionDeletion;

/**
 * Deleting a version of a hosted PyPI project ({@code core.HostedDeletes}): its files leave the project document
 * (the document goes with the last), so pages and the JSON API stop listing them; core removes the files and their
 * {@code .metadata} files. Versions are matched as PEP 440 normalises them ({@code 1.00} names the {@code 1.0} that
 * was uploaded).
 */
@ApplicationScoped
public class PypiVersionDeletion implements VersionDeletion {

    @Override
    public Format format() {
        return Format.PYPI;
    }

    @Override
    public Plan plan(RepositoryInfo hosted, Identity who, String user, String packageName, String version,
                     Function<String, Optional<byte[]>> documents) {
        String project = ProjectName.normalise(ProjectName.requireValid(packageName));
        PythonVersion.requireValid(version);
        return plan(project, version, documents.apply("simple/" + project).orElseThrow(() -> new NotFoundException(
                "project " + project + " is not published in repository '" + hosted.name() + "'")));
    }

    /** The plan for a project document as it is now, pure. */
    static Plan plan(String project, String version, byte[] document) {
        List<HostedProject.File> files;
        try {
            files = HostedProject.files(document);
        } catch (IOException e) {
            throw new UpstreamFailureException("the hosted document of " + project + " is unreadable: " + e.getMessage(), e);
        }
        List<HostedProject.File> of = files.stream().filter(f -> PythonVersion.same(f.version(), version)).toList();
        if (of.isEmpty()) {
            throw new NotFoundException(project + " " + version + " is not published in this repository");
        }
        String recorded = of.get(0).version();
        String path = "simple/" + project;
        if (of.size() == files.size()) {
            return new Plan(project, recorded, List.of(DocumentChange.remove(path)));
        }
        return new Plan(project, recorded, List.of(DocumentChange.edit(path, HostedProject.CONTENT_TYPE,
                current -> HostedProject.without(current, project, f -> PythonVersion.same(f.version(), version),
                        project + " " + version).orElseThrow(() -> new org.granary.core.ConflictException(project
                        + " changed while " + version + " was being deleted; try again")))));
    }
}
