package org.granary.core;

import java.util.function.Function;

/**
 * What a download is a release of, for the supply-chain guards: the package (spelt as its {@link ReleaseListing}
 * spells it), the version, and the document of a member that lists the package's versions with their times (read
 * only when the time of this version is not stored yet).
 */
public record ReleaseKey(String packageName, String version, Function<RepositoryInfo, MetadataRequest> listing) {

    /** {@code name@version}, for messages. */
    public String display() {
        return packageName + "@" + version;
    }
}
