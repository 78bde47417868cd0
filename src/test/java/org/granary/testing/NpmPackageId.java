package org.granary.testing;

/**
 * A package name and an exact version, printed as {@code name@version} (scoped: {@code @scope/name@1.0.0}).
 */
public record NpmPackageId(String name, String version) implements Comparable<NpmPackageId> {

    /** Parses {@code name@version}, including scoped names. */
    public static NpmPackageId parse(String nameAtVersion) {
        int at = nameAtVersion.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("expected name@version: " + nameAtVersion);
        }
        return new NpmPackageId(nameAtVersion.substring(0, at), nameAtVersion.substring(at + 1));
    }

    public boolean isScoped() {
        return name.startsWith("@");
    }

    /** The name without its scope: {@code core} for {@code @scope/core}. */
    public String basename() {
        return name.substring(name.indexOf('/') + 1);
    }

    @Override
    public int compareTo(NpmPackageId other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
