package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.granary.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.granary.config.Setting;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.NotFoundException;
import org.granary.core.PackageOwners;
import org.granary.core.RepositoryInfo;
import org.granary.core.VersionDeletion;

/**
 * Deleting a version of a hosted npm package ({@code core.HostedDeletes}) as {@code npm unpublish name@version} does
 * it: the packument's edit is npm's unpublish edit ({@link HostedPackument#withoutVersions}: the version number
 * stays taken, dist-tags move), with a new revision; the last version takes the packument with it (as
 * {@code npm unpublish --force}); core removes the tarball. A package with owners: only they or administrators.
 * The publisher's window is {@link Setting#NPM_UNPUBLISH_WINDOW}, as for npm unpublish.
 */
@ApplicationScoped
public class NpmVersionDeletion implements VersionDeletion {

    @Inject
    Clock clock;

    @Override
    public Format format() {
        return Format.NPM;
    }

    @Override
    public Setting window() {
        return Setting.NPM_UNPUBLISH_WINDOW;
    }

    @Override
    public Plan plan(RepositoryInfo hosted, Identity who, String user, String packageName, String version,
                     Function<String, Optional<byte[]>> documents) {
        String name = NpmPath.validName(packageName);
        JsonObject current = parse(documents.apply(name).orElseThrow(() -> new NotFoundException(name
                + " is not published in repository '" + hosted.name() + "'")));
        PackageOwners.requireOwner(who, user, name, HostedPackument.owners(current), "delete versions of");
        Set<String> versions = HostedPackument.versions(current).keySet();
        if (!versions.contains(version)) {
            throw new NotFoundException(name + "@" + version + " is not published in repository '" + hosted.name() + "'");
        }
        if (versions.size() == 1) {
            return new Plan(name, version, List.of(DocumentChange.remove(name)));
        }
        return new Plan(name, version, List.of(DocumentChange.edit(name, "application/json", bytes -> {
            JsonObject before = parse(bytes.orElseThrow(() -> new NotFoundException(name + " is not published in "
                    + "repository '" + hosted.name() + "'")));
            return HostedPackument.revised(Optional.of(before), HostedPackument.withoutVersions(before, Set.of(version),
                    clock.instant())).toString().getBytes(StandardCharsets.UTF_8);
        })));
    }

    private static JsonObject parse(byte[] bytes) {
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            return r.readObject();
        }
    }
}
