package org.granary.format.winget;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.granary.format.PathText;

/**
 * Where installers live inside a repository and how their URLs look. An installer Granary serves is named in a
 * stored manifest by its path relative to the repository ({@code installers/Contoso.Tools/1.2.0/setup.msi} for one
 * uploaded to a hosted repository, {@code installers/Contoso.Tools/1.2.0/<sha256>/setup.msi} for one a proxy fetches
 * or a mirror copied, which the SHA-256 keeps apart when two installers share a file name); a response turns that
 * path into a URL under the repository the client asked (hosted, proxy or group alike). Manifests keep every other
 * {@code InstallerUrl} as written.
 */
public final class InstallerFiles {

    /** The first segment of every installer path. */
    public static final String ROOT = "installers";

    private InstallerFiles() {
    }

    /** The path inside the repository (decoded segments); {@code sha256} {@code null} for an uploaded installer. */
    public static String path(String packageIdentifier, String packageVersion, String sha256, String fileName) {
        return ROOT + "/" + packageIdentifier + "/" + packageVersion + "/"
                + (sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT) + "/") + fileName;
    }

    /** Whether a stored {@code InstallerUrl} names a file of the repository (a path, not a URL). */
    public static boolean isRepositoryPath(String installerUrl) {
        return installerUrl != null && installerUrl.startsWith(ROOT + "/");
    }

    /** The URL of a repository path under {@code repositoryUrl} (which ends in a slash), each segment encoded. */
    public static String url(String repositoryUrl, String path) {
        StringBuilder b = new StringBuilder(repositoryUrl);
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            b.append(i == 0 ? "" : "/").append(encode(segments[i]));
        }
        return b.toString();
    }

    /**
     * The file name to keep an installer from {@code url} under: the URL's last path segment with anything but
     * letters, digits, {@code . _ -} replaced by {@code _} ({@code installer} when there is none).
     */
    public static String fileName(String url) {
        String name = "";
        try {
            String p = URI.create(url).getPath();
            if (p != null) {
                name = p.substring(p.lastIndexOf('/') + 1);
            }
        } catch (IllegalArgumentException e) {
            // an unparsable URL: keep the default name
        }
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(200).forEach(c -> b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.'
                || c == '_' || c == '-') ? (char) c : '_'));
        String cleaned = b.toString().replaceFirst("^\\.+", "");
        return cleaned.isEmpty() ? "installer" : cleaned;
    }

    /**
     * The repository path an {@code InstallerUrl} names when it is a URL Granary gave for an installer file of
     * {@code packageIdentifier} {@code packageVersion} (any host and repository: the path ends in
     * {@code /installers/<id>/<version>/<file>}, or {@code …/<sha256>/<file>}); empty for any other URL.
     */
    public static Optional<String> repositoryPath(String installerUrl, String packageIdentifier, String packageVersion) {
        if (installerUrl == null) {
            return Optional.empty();
        }
        String rawPath;
        try {
            rawPath = URI.create(installerUrl).getRawPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (rawPath == null) {
            return Optional.empty();
        }
        String[] s = rawPath.split("/");
        for (int root = s.length - 4; root >= Math.max(0, s.length - 5); root--) {
            if (!s[root].equals(ROOT)) {
                continue;
            }
            try {
                String id = PathText.decode(s[root + 1]);
                String version = PathText.decode(s[root + 2]);
                String sha = s.length - root == 5 ? s[root + 3] : null;
                String file = PathText.decode(s[s.length - 1]);
                if (!id.equals(packageIdentifier) || !version.equals(packageVersion)
                        || (sha != null && !WingetPath.SHA256.matcher(sha).matches())) {
                    return Optional.empty();
                }
                return Optional.of(path(id, version, sha, WingetPath.fileName(file)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** RFC 3986 percent-encoding of one path segment (unreserved characters kept). */
    static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte c : segment.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '.'
                    || u == '_' || u == '~') {
                b.append((char) u);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
            }
        }
        return b.toString();
    }
}
