package org.granary.format.winget;

/**
 * One thing wrong with an imported manifest: the file, the field path in it ({@code Installers[0].InstallerUrl};
 * empty for the whole file) and what is wrong, in words a publisher can act on.
 */
public record ManifestProblem(String file, String path, String message) {

    @Override
    public String toString() {
        return file + (path.isEmpty() ? "" : ": " + path) + ": " + message;
    }
}
