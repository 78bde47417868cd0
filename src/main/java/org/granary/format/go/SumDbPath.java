package org.granary.format.go;

import java.util.Collection;
import java.util.Comparator;
import org.granary.core.InvalidRequestException;
import org.granary.core.NotFoundException;

/**
 * What a request under {@code sumdb/<name>/} of a Go repository asks of a proxied checksum database, by the
 * protocol of {@code golang.org/x/mod/sumdb}: {@code supported}, {@code latest} (the signed tree head),
 * {@code lookup/<module>@<version>} (a record with the signed tree head) and {@code tile/<H>/<L>/<N>[.p/<W>]}
 * (the hashes of the log, or at level {@code data} its records). Module paths and versions arrive case-encoded, as
 * go sends them. Pure.
 */
public sealed interface SumDbPath {

    /** The database's name, as {@code GOSUMDB} names it ({@code sum.golang.org}). */
    String name();

    /** {@code sumdb/<name>/supported}: whether this proxy serves the database (200, else 404). */
    record Supported(String name) implements SumDbPath {
    }

    /** {@code sumdb/<name>/latest}: the latest signed tree head (mutable). */
    record Latest(String name) implements SumDbPath {
        public String upstreamPath() {
            return "latest";
        }
    }

    /** {@code sumdb/<name>/lookup/<module>@<version>}: the record of a module version and the signed tree head. */
    record Lookup(String name, ModulePath module, ModuleVersion version) implements SumDbPath {
        public String upstreamPath() {
            return "lookup/" + module.escaped() + "@" + GoPath.urlSegment(version.escaped());
        }
    }

    /**
     * {@code sumdb/<name>/tile/<H>/<L>/<N>[.p/<W>]}: a tile of height {@code height} at tile level {@code level}
     * ({@code -1} for {@code data}), index {@code index}, {@code width} hashes (or records) wide; a full tile is
     * {@code 2^height} wide and written without {@code .p/}. Either kind never changes once published.
     */
    record Tile(String name, int height, int level, long index, int width) implements SumDbPath {

        /** The tile's path as the protocol writes it: {@code tile/8/0/x001/234.p/5}. */
        public String upstreamPath() {
            StringBuilder n = new StringBuilder(String.format("%03d", index % 1000));
            for (long rest = index / 1000; rest > 0; rest /= 1000) {
                n.insert(0, String.format("x%03d/", rest % 1000));
            }
            return "tile/" + height + "/" + (level < 0 ? "data" : Integer.toString(level)) + "/" + n
                    + (isFull() ? "" : ".p/" + width);
        }

        public boolean isFull() {
            return width == 1 << height;
        }

        public boolean isData() {
            return level < 0;
        }
    }

    /** The prefix of every checksum database path of a Go repository. */
    String PREFIX = "sumdb/";

    /** Where a database's copies are kept inside its repository: {@code sumdb/<name>/<upstream path>}. */
    static String pathInRepository(String name, String upstreamPath) {
        return PREFIX + name + "/" + upstreamPath;
    }

    /**
     * @param rest  the path after {@code sumdb/}, percent-decoded
     * @param names the databases this Granary proxies (a name may contain '/', as go allows {@code host/path})
     * @throws NotFoundException for a database that is not proxied, or a path the protocol does not define
     * @throws InvalidRequestException for a lookup or tile path go would never send
     */
    static SumDbPath parse(String rest, Collection<String> names) {
        String name = names.stream().filter(n -> rest.startsWith(n + "/"))
                .max(Comparator.comparingInt(String::length))
                .orElseThrow(() -> new NotFoundException("Granary does not proxy the checksum database '"
                        + ModulePath.printable(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest)
                        + "' (" + (names.isEmpty() ? "it proxies none" : "the proxied ones are " + String.join(", ", names))
                        + "; GRANARY_GO_SUMDB names them)"));
        String path = rest.substring(name.length() + 1);
        if (path.equals("supported")) {
            return new Supported(name);
        }
        if (path.equals("latest")) {
            return new Latest(name);
        }
        if (path.startsWith("lookup/")) {
            return lookup(name, path.substring("lookup/".length()));
        }
        if (path.startsWith("tile/")) {
            return tile(name, path);
        }
        throw new NotFoundException("a checksum database serves supported, latest, lookup/<module>@<version> and "
                + "tile/<H>/<L>/<N>, not '" + ModulePath.printable(path) + "'");
    }

    private static Lookup lookup(String name, String moduleAtVersion) {
        int at = moduleAtVersion.lastIndexOf('@');
        if (at <= 0 || at == moduleAtVersion.length() - 1) {
            throw new InvalidRequestException("a checksum database lookup is lookup/<module>@<version>, not lookup/"
                    + ModulePath.printable(moduleAtVersion));
        }
        ModulePath module = ModulePath.ofEscaped(moduleAtVersion.substring(0, at));
        ModuleVersion version = ModuleVersion.ofEscaped(moduleAtVersion.substring(at + 1));
        String problem = version.problemAsReleaseOf(module);
        if (problem != null) {
            throw new InvalidRequestException("invalid version for " + module.path() + " in a checksum database lookup: "
                    + problem);
        }
        return new Lookup(name, module, version);
    }

    /** {@code tile/H/L/[xNNN/]*NNN[.p/W]}, accepted only in the one spelling go writes (so one tile has one key). */
    private static Tile tile(String name, String path) {
        String[] f = path.split("/", -1);
        if (f.length < 4) {
            throw badTile(path, "too few elements");
        }
        int height = number(f[1], path, "height");
        if (height < 1 || height > 30) {
            throw badTile(path, "the height must be 1 to 30");
        }
        int level = f[2].equals("data") ? -1 : number(f[2], path, "level");
        if (level > 63) {
            throw badTile(path, "the level must be at most 63");
        }
        int last = f.length - 1;
        int width = 1 << height;
        if (f[last - 1].endsWith(".p")) {
            width = number(f[last], path, "width");
            if (width < 1 || width >= 1 << height) {
                throw badTile(path, "a partial tile's width must be 1 to " + ((1 << height) - 1));
            }
            f[last - 1] = f[last - 1].substring(0, f[last - 1].length() - 2);
            last--;
        }
        long index = 0;
        for (int i = 3; i <= last; i++) {
            String part = f[i];
            boolean inner = i < last;
            if (inner != part.startsWith("x") || (inner ? part.substring(1) : part).length() != 3) {
                throw badTile(path, "the index is written in groups of three digits, xNNN/…/NNN");
            }
            index = index * 1000 + number(inner ? part.substring(1) : part, path, "index");
            if (index > Long.MAX_VALUE / 2000) {
                throw badTile(path, "the index is too large");
            }
        }
        Tile tile = new Tile(name, height, level, index, width);
        if (!tile.upstreamPath().equals(path)) {
            throw badTile(path, "not in the canonical spelling " + tile.upstreamPath());
        }
        return tile;
    }

    private static int number(String s, String path, String what) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badTile(path, "the " + what + " is not a number");
        }
        return Integer.parseInt(s);
    }

    private static InvalidRequestException badTile(String path, String why) {
        return new InvalidRequestException("invalid checksum database tile path '" + ModulePath.printable(path) + "': "
                + why);
    }
}
