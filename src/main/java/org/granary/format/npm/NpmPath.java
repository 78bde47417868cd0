package org.granary.format.npm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;
import org.granary.format.PathText;

/**
 * Parses the part of an npm request path after the repository name into what is being asked for.
 * Accepts scoped names in both encodings ({@code @scope%2fname} and {@code @scope/name}).
 */
public sealed interface NpmPath {

    /** {@code GET /{name}}: the packument. */
    record Packument(String name) implements NpmPath {
    }

    /** {@code GET /{name}/-/{file}.tgz}: a tarball. */
    record Tarball(String name, String version, String fileName) implements NpmPath {
        /** The artifact's path inside the repository. */
        public String artifactPath() {
            return name + "/-/" + fileName;
        }
    }

    /**
     * {@code PUT /{name}/-rev/{rev}} (a packument without some versions: {@code npm unpublish name@version}; or with new
     * {@code maintainers}: {@code npm owner add|rm}) and {@code DELETE /{name}/-rev/{rev}} ({@code npm unpublish name
     * --force}): writes of a packument that name the revision they were computed from.
     */
    record Revision(String name, String rev) implements NpmPath {
    }

    /** {@code DELETE /{name}/-/{file}.tgz/-rev/{rev}}: npm's last step of unpublishing a version. */
    record TarballRevision(Tarball tarball, String rev) implements NpmPath {
    }

    /** {@code GET /{name}/{version-or-tag}}: one version's document. */
    record VersionDocument(String name, String versionOrTag) implements NpmPath {
    }

    /** {@code GET /-/package/{name}/dist-tags}. */
    record DistTags(String name) implements NpmPath {
    }

    /** {@code PUT/DELETE /-/package/{name}/dist-tags/{tag}}: one dist-tag. */
    record DistTag(String name, String tag) implements NpmPath {
    }

    /** {@code GET /-/v1/search?text=&size=&from=}: npm search. */
    record Search() implements NpmPath {
    }

    /** {@code POST /-/npm/v1/security/advisories/bulk} and {@code .../security/audits/quick}: npm audit. */
    record Audit(AuditBody.Kind kind) implements NpmPath {
    }

    /** {@code GET /-/ping}. */
    record Ping() implements NpmPath {
    }

    /** {@code PUT /-/user/org.couchdb.user:{name}}: npm's legacy ("couch") login. */
    record CouchUser(String username) implements NpmPath {
    }

    /** {@code DELETE /-/user/token/{token}}: {@code npm logout} revoking the token it logged in with. */
    record UserToken(String token) implements NpmPath {
    }

    /** {@code POST /-/v1/login}: npm's web login, which Granary does not offer (npm then falls back to couch). */
    record WebLogin() implements NpmPath {
    }

    /** {@code GET /-/whoami}. */
    record WhoAmI() implements NpmPath {
    }

    /** {@code GET/POST /-/npm/v1/tokens}: the caller's tokens. */
    record Tokens() implements NpmPath {
    }

    /** {@code DELETE /-/npm/v1/tokens/token/{key}}: one token. */
    record Token(String key) implements NpmPath {
    }

    /** The prefix of a user document id in npm's couch login path. */
    String COUCH_USER_PREFIX = "org.couchdb.user:";

    int MAX_NAME_LENGTH = 214;
    Pattern NAME_PART = Pattern.compile("[A-Za-z0-9._~!'()*-]+");
    Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,255}");

    /**
     * @param rawPath the path after {@code /{repository}/}, still percent-encoded
     * @throws InvalidRequestException for names and paths that break npm's rules
     * @throws NotFoundException for paths npm does not define
     */
    static NpmPath parse(String rawPath) {
        String path = rawPath.replace("%2F", "/").replace("%2f", "/");
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty()) {
            throw new NotFoundException("no package name in the request");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            segments.add(PathText.decode(raw));
        }
        if (segments.get(0).equals("-")) {
            return special(segments);
        }
        int consumed = segments.get(0).startsWith("@") ? 2 : 1;
        if (segments.size() < consumed) {
            throw new InvalidRequestException("scoped package name '" + segments.get(0) + "' has no name after the scope");
        }
        String name = validName(String.join("/", segments.subList(0, consumed)));
        List<String> rest = segments.subList(consumed, segments.size());
        if (rest.isEmpty() || (rest.size() == 1 && rest.get(0).isEmpty())) {
            return new Packument(name);
        }
        if (rest.size() == 2 && rest.get(0).equals("-")) {
            return tarball(name, rest.get(1));
        }
        if (rest.size() == 2 && rest.get(0).equals("-rev")) {
            return new Revision(name, rest.get(1));
        }
        if (rest.size() == 4 && rest.get(0).equals("-") && rest.get(2).equals("-rev")) {
            return new TarballRevision(tarball(name, rest.get(1)), rest.get(3));
        }
        if (rest.size() == 1) {
            String v = rest.get(0);
            if (!VERSION.matcher(v).matches()) {
                throw new InvalidRequestException("'" + v + "' is not a valid npm version or tag");
            }
            return new VersionDocument(name, v);
        }
        throw new NotFoundException("npm defines no resource at '" + rawPath + "'");
    }

    private static NpmPath special(List<String> segments) {
        List<String> s = segments.subList(1, segments.size());
        if (s.equals(List.of("ping"))) {
            return new Ping();
        }
        if (s.equals(List.of("whoami"))) {
            return new WhoAmI();
        }
        if (s.equals(List.of("v1", "search"))) {
            return new Search();
        }
        if (s.equals(List.of("v1", "login"))) {
            return new WebLogin();
        }
        if (s.equals(List.of("npm", "v1", "security", "advisories", "bulk"))) {
            return new Audit(AuditBody.Kind.BULK);
        }
        if (s.equals(List.of("npm", "v1", "security", "audits", "quick"))) {
            return new Audit(AuditBody.Kind.QUICK);
        }
        if (s.equals(List.of("npm", "v1", "tokens"))) {
            return new Tokens();
        }
        if (s.size() == 5 && s.subList(0, 4).equals(List.of("npm", "v1", "tokens", "token")) && !s.get(4).isEmpty()) {
            return new Token(s.get(4));
        }
        if (s.size() == 3 && s.get(0).equals("user") && s.get(1).equals("token") && !s.get(2).isEmpty()) {
            return new UserToken(s.get(2));
        }
        if (s.size() == 2 && s.get(0).equals("user") && s.get(1).startsWith(COUCH_USER_PREFIX)
                && s.get(1).length() > COUCH_USER_PREFIX.length()) {
            return new CouchUser(s.get(1).substring(COUCH_USER_PREFIX.length()));
        }
        if (s.size() >= 3 && s.get(0).equals("package")) {
            int nameParts = s.get(1).startsWith("@") ? 2 : 1;
            List<String> rest = s.subList(Math.min(1 + nameParts, s.size()), s.size());
            if (!rest.isEmpty() && rest.get(0).equals("dist-tags") && rest.size() <= 2) {
                String name = validName(String.join("/", s.subList(1, 1 + nameParts)));
                if (rest.size() == 1) {
                    return new DistTags(name);
                }
                String tag = rest.get(1);
                if (!VERSION.matcher(tag).matches()) {
                    throw new InvalidRequestException("'" + PathText.printable(tag) + "' is not a valid dist-tag");
                }
                return new DistTag(name, tag);
            }
        }
        throw new NotFoundException("this registry does not serve /" + String.join("/", segments));
    }

    private static Tarball tarball(String name, String fileName) {
        String unscoped = name.substring(name.indexOf('/') + 1);
        String prefix = unscoped + "-";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tgz") || fileName.length() <= prefix.length() + 4) {
            throw new InvalidRequestException("'" + fileName + "' is not a tarball name of " + name
                    + " (expected " + prefix + "<version>.tgz)");
        }
        String version = fileName.substring(prefix.length(), fileName.length() - 4);
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidRequestException("'" + version + "' in '" + fileName + "' is not a valid npm version");
        }
        return new Tarball(name, version, fileName);
    }

    /** Checks npm's naming rules (lenient about legacy upper-case names, which still exist upstream). */
    static String validName(String name) {
        if (name.isEmpty()) {
            throw new InvalidRequestException("package name is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("package name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String[] parts;
        if (name.startsWith("@")) {
            parts = name.substring(1).split("/", -1);
            if (parts.length != 2) {
                throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid scoped name (@scope/name)");
            }
        } else {
            parts = new String[] {name};
        }
        for (String part : parts) {
            if (!NAME_PART.matcher(part).matches()) {
                throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid npm package name: "
                        + "only letters, digits and - . _ ~ ! ' ( ) * are allowed");
            }
            if (part.startsWith(".") || part.startsWith("_")) {
                throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid npm package name: "
                        + "it may not start with '.' or '_'");
            }
        }
        return name;
    }

    /**
     * Checks the stricter rules npm applies to names of new packages: no upper-case letters, none of
     * {@code ~ ' ! ( ) *}, and not a name npm reserves.
     */
    static String validNewName(String name) {
        validName(name);
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid name for a new npm package: "
                    + "new packages must not have upper-case letters in their name");
        }
        if (name.chars().anyMatch(c -> "~'!()*".indexOf(c) >= 0)) {
            throw new InvalidRequestException("'" + PathText.printable(name) + "' is not a valid name for a new npm package: "
                    + "the characters ~ ' ! ( ) * are not allowed");
        }
        String unscoped = name.substring(name.indexOf('/') + 1);
        if (unscoped.equals("node_modules") || unscoped.equals("favicon.ico")) {
            throw new InvalidRequestException("'" + PathText.printable(name) + "' is a reserved name");
        }
        return name;
    }

    /** The name as it appears in upstream registry URLs: {@code @scope%2fname}. */
    static String encodeForUpstream(String name) {
        return name.replace("/", "%2f");
    }
}
