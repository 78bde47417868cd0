package org.granary.format.cargo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.granary.core.ExpectedDigest;
import org.granary.core.InvalidRequestException;
import org.granary.core.PrefetchFormat;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The registry crates of a {@code Cargo.lock}: every {@code [[package]]} with a {@code registry+} or {@code sparse+}
 * source, with its {@code checksum} (lockfile versions 1 to 4; version 1 keeps checksums in {@code [metadata]}).
 * Workspace members (no source) and git dependencies are left out.
 */
public final class CargoLock {

    private CargoLock() {
    }

    public static List<PrefetchFormat.Wanted> parse(byte[] file) {
        TomlParseResult toml = Toml.parse(new String(file, StandardCharsets.UTF_8));
        if (toml.hasErrors()) {
            throw new InvalidRequestException("the Cargo.lock is not valid TOML: " + toml.errors().get(0));
        }
        TomlArray packages = toml.getArray("package");
        if (packages == null) {
            throw new InvalidRequestException("this is not a Cargo.lock: it has no [[package]] entries");
        }
        TomlTable metadata = toml.getTable("metadata");
        List<PrefetchFormat.Wanted> out = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            TomlTable p = packages.getTable(i);
            String name = p.getString("name");
            String version = p.getString("version");
            String source = p.getString("source");
            if (name == null || version == null || source == null
                    || !(source.startsWith("registry+") || source.startsWith("sparse+"))) {
                continue;
            }
            String checksum = p.getString("checksum");
            if (checksum == null && metadata != null) { // lockfile version 1
                checksum = metadata.getString(List.of("checksum " + name + " " + version + " (" + source + ")"));
            }
            Optional<ExpectedDigest> hash = checksum != null && CrateIndex.isSha256(checksum)
                    ? Optional.of(new ExpectedDigest(ExpectedDigest.Algorithm.SHA256, checksum)) : Optional.empty();
            out.add(new PrefetchFormat.Wanted(name, version, List.of(new PrefetchFormat.LockedFile(name + "-" + version
                    + ".crate", hash))));
        }
        return out;
    }
}
