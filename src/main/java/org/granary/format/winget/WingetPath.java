package org.granary.format.winget;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.format.PathText;

/**
 * What a request to a WinGet repository asks for, from the path after {@code /{repository}/}: the three endpoints
 * winget calls ({@code information}, {@code manifestSearch}, {@code packageManifests/{id}}), installers, and the
 * management API of hosted repositories ({@code packages/…}, {@code packageManifests}, {@code import},
 * {@code mirror}). Which methods each allows is the resource's business; identifiers are checked against the
 * manifest schema's rules here (400).
 */
public sealed interface WingetPath {

    /** {@code GET information}. */
    record Information() implements WingetPath {
    }

    /** {@code POST manifestSearch}. */
    record Search() implements WingetPath {
    }

    /** {@code GET|PUT|DELETE packageManifests/{id}}; {@code POST packageManifests} has no id. */
    record PackageManifests(String packageIdentifier) implements WingetPath {
    }

    /**
     * {@code GET|HEAD|PUT installers/{id}/{version}/{file}} (uploaded to a hosted repository) or
     * {@code installers/{id}/{version}/{sha256}/{file}} (fetched by a proxy or a mirror, keyed by its SHA-256).
     *
     * @param sha256 lower-case hex, or {@code null} for an uploaded installer
     */
    record InstallerFile(String packageIdentifier, String packageVersion, String sha256, String fileName)
            implements WingetPath {
        /** Where the installer is kept inside the repository (decoded segments). */
        public String artifactPath() {
            return InstallerFiles.path(packageIdentifier, packageVersion, sha256, fileName);
        }
    }

    /** {@code GET packages} (paged). */
    record Packages() implements WingetPath {
    }

    /** {@code GET|DELETE packages/{id}}. */
    record PackageEntry(String packageIdentifier) implements WingetPath {
    }

    /** {@code GET|POST packages/{id}/versions}; with a version: {@code GET|PUT|DELETE packages/{id}/versions/{v}}. */
    record Versions(String packageIdentifier, String packageVersion) implements WingetPath {
    }

    /**
     * {@code packages/{id}/versions/{v}/locales[/{locale}]} or {@code …/installers[/{installerIdentifier}]}.
     *
     * @param key the locale or installer identifier, or {@code null} for the collection
     */
    record VersionPart(String packageIdentifier, String packageVersion, Part part, String key) implements WingetPath {
    }

    /** The parts of a version the management API edits one by one. */
    enum Part {
        LOCALES, INSTALLERS
    }

    /** {@code POST import}: YAML files, a zip of a winget-pkgs tree, or a REST body. */
    record Import() implements WingetPath {
    }

    /** {@code GET|PUT mirror} (the allow-list), {@code POST mirror/run}, {@code GET mirror/report}. */
    record Mirror(MirrorAction action) implements WingetPath {
    }

    enum MirrorAction {
        RULES, RUN, REPORT
    }

    /** The manifest schema's identifier rule: 2 to 8 dot-separated parts of 1 to 32 characters, at most 128 in all. */
    Pattern PACKAGE_IDENTIFIER = Pattern.compile(
            "[^.\\s\\\\/:*?\"<>|\\x00-\\x1f]{1,32}(\\.[^.\\s\\\\/:*?\"<>|\\x00-\\x1f]{1,32}){1,7}");
    int MAX_IDENTIFIER_LENGTH = 128;
    /** The manifest schema's version rule (no path or wildcard characters), at most 128 characters. */
    Pattern PACKAGE_VERSION = Pattern.compile("[^\\\\/:*?\"<>|\\x00-\\x1f]{1,128}");
    Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    Pattern INSTALLER_IDENTIFIER = Pattern.compile("[^\\\\/\\x00-\\x1f]{1,128}");
    Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /**
     * @param rawPath the path after {@code /{repository}/}, still percent-encoded
     * @throws InvalidRequestException for identifiers the manifest schema forbids
     * @throws NotFoundException       for paths a WinGet REST source does not define
     */
    static WingetPath parse(String rawPath) {
        String path = rawPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> s = new ArrayList<>();
        if (!path.isEmpty()) {
            for (String raw : path.split("/", -1)) {
                s.add(PathText.decode(raw));
            }
        }
        if (s.isEmpty()) {
            throw notDefined(rawPath);
        }
        String head = s.get(0);
        int n = s.size();
        switch (head) {
            case "information":
                if (n == 1) {
                    return new Information();
                }
                break;
            case "manifestSearch":
                if (n == 1) {
                    return new Search();
                }
                break;
            case "packageManifests":
                if (n == 1) {
                    return new PackageManifests(null);
                }
                if (n == 2) {
                    return new PackageManifests(identifier(s.get(1)));
                }
                break;
            case "installers":
                if (n == 4) {
                    return new InstallerFile(identifier(s.get(1)), version(s.get(2)), null, fileName(s.get(3)));
                }
                if (n == 5) {
                    if (!SHA256.matcher(s.get(3)).matches()) {
                        throw new NotFoundException("'" + PathText.printable(s.get(3)) + "' is not the SHA-256 of an "
                                + "installer");
                    }
                    return new InstallerFile(identifier(s.get(1)), version(s.get(2)),
                            s.get(3).toLowerCase(java.util.Locale.ROOT), fileName(s.get(4)));
                }
                break;
            case "packages":
                return packages(s, rawPath);
            case "import":
                if (n == 1) {
                    return new Import();
                }
                break;
            case "mirror":
                if (n == 1) {
                    return new Mirror(MirrorAction.RULES);
                }
                if (n == 2 && s.get(1).equals("run")) {
                    return new Mirror(MirrorAction.RUN);
                }
                if (n == 2 && s.get(1).equals("report")) {
                    return new Mirror(MirrorAction.REPORT);
                }
                break;
            default:
                break;
        }
        throw notDefined(rawPath);
    }

    private static WingetPath packages(List<String> s, String rawPath) {
        int n = s.size();
        if (n == 1) {
            return new Packages();
        }
        String id = identifier(s.get(1));
        if (n == 2) {
            return new PackageEntry(id);
        }
        if (!s.get(2).equals("versions")) {
            throw notDefined(rawPath);
        }
        if (n == 3) {
            return new Versions(id, null);
        }
        String version = version(s.get(3));
        if (n == 4) {
            return new Versions(id, version);
        }
        Part part = switch (s.get(4)) {
            case "locales" -> Part.LOCALES;
            case "installers" -> Part.INSTALLERS;
            default -> throw notDefined(rawPath);
        };
        if (n == 5) {
            return new VersionPart(id, version, part, null);
        }
        if (n == 6) {
            return new VersionPart(id, version, part, part == Part.LOCALES ? locale(s.get(5)) : installerId(s.get(5)));
        }
        throw notDefined(rawPath);
    }

    /** Checks a PackageIdentifier against the schema's rule. */
    static String identifier(String id) {
        if (id.length() > MAX_IDENTIFIER_LENGTH || !PACKAGE_IDENTIFIER.matcher(id).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(id) + "' is not a PackageIdentifier: 2 to 8 parts "
                    + "separated by dots, each 1 to 32 characters without spaces or \\ / : * ? \" < > |, at most "
                    + MAX_IDENTIFIER_LENGTH + " characters in all");
        }
        return id;
    }

    static String version(String v) {
        if (!PACKAGE_VERSION.matcher(v).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(v) + "' is not a PackageVersion: at most 128 "
                    + "characters without \\ / : * ? \" < > |");
        }
        return v;
    }

    static String locale(String l) {
        if (l.length() > 20 || !LOCALE.matcher(l).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(l) + "' is not a PackageLocale such as en-US");
        }
        return l;
    }

    static String installerId(String i) {
        if (!INSTALLER_IDENTIFIER.matcher(i).matches()) {
            throw new InvalidRequestException("'" + PathText.printable(i) + "' is not an InstallerIdentifier (1 to 128 "
                    + "characters, no slashes)");
        }
        return i;
    }

    static String fileName(String f) {
        if (!FILE_NAME.matcher(f).matches() || f.startsWith(".")) {
            throw new InvalidRequestException("'" + PathText.printable(f) + "' is not an installer file name: 1 to 200 "
                    + "letters, digits, '.', '_' and '-', not starting with '.'");
        }
        return f;
    }

    private static NotFoundException notDefined(String rawPath) {
        return new NotFoundException("a WinGet REST source defines no resource at '" + PathText.printable(rawPath) + "'");
    }
}
