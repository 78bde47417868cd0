package org.granary.format.go;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.ArtifactCache;
import org.granary.core.ArtifactResult;
import org.granary.core.ArtifactSource;
import org.granary.core.CachedMetadata;
import org.granary.core.Identity;
import org.granary.core.MetadataCache;
import org.granary.core.MetadataRequest;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;

/**
 * The checksum databases a Go repository proxies ({@code GOSUMDB} through {@code GOPROXY}, the "proxying a checksum
 * database" part of the GOPROXY protocol), on the shared cache: a proxy repository keeps a database's copies
 * under {@code sumdb/<name>/}, fetched from the database's configured URL ({@link SumDbConfig}); a group answers
 * with its first proxy member the caller may read; a hosted repository proxies none (404, so go asks its next
 * GOPROXY entry).
 * <p>
 * Tiles never change once published, full and partial ones alike (a partial tile is a prefix of the full one):
 * they are artifacts, cached for ever. The signed tree head ({@code latest}) and lookups carry the newest tree head
 * and are revalidated as metadata after {@link Setting#GO_SUMDB_MAX_AGE}. Granary checks the shape of what it caches
 * (a tile's size, a tree note's header) but does not verify signatures or proofs: go does, with the key in
 * {@code GOSUMDB}, so a proxy that served anything else would only make go refuse it.
 */
@ApplicationScoped
public class GoSumDbProxy {

    static final int HASH_SIZE = 32;
    static final String TREE_HEADER = "go.sum database tree\n";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final long MAX_NOTE = 64 * 1024;

    @Inject
    RepositoryReads reads;
    @Inject
    MetadataCache metadata;
    @Inject
    ArtifactCache artifacts;
    @Inject
    GranaryConfig config;
    @Inject
    Identity who;

    private volatile SumDbConfig databases;

    SumDbConfig databases() {
        SumDbConfig d = databases;
        if (d == null) {
            d = SumDbConfig.parse(config.get(Setting.GO_SUMDB).orElse(""),
                    config.get(Setting.GO_SUMDB_UPSTREAMS).orElse(null));
            databases = d;
        }
        return d;
    }

    /** The request under {@code sumdb/} of a Go repository. */
    SumDbPath parse(String rest) {
        return SumDbPath.parse(rest, databases().upstreams().keySet());
    }

    /**
     * The repository that fetches checksum database {@code name} for a read of {@code repo}, as a view of it with the
     * database as its upstream.
     *
     * @throws NotFoundException when no member of {@code repo} the caller may read is a proxy
     */
    RepositoryInfo answering(RepositoryInfo repo, String name) {
        URI upstream = databases().upstreams().get(name);
        RepositoryInfo proxy = reads.readableMembers(repo, who).stream().filter(RepositoryInfo::isProxy).findFirst()
                .orElseThrow(() -> new NotFoundException("repository '" + repo.name() + "' proxies no checksum "
                        + "database: it is not a proxy repository nor a group with one"));
        return proxy.withUpstream(upstream, config.duration(Setting.GO_SUMDB_MAX_AGE));
    }

    public CachedMetadata latest(RepositoryInfo repo, SumDbPath.Latest latest) {
        return document(repo, latest.name(), latest.upstreamPath(), GoSumDbProxy::checkLatest);
    }

    public CachedMetadata lookup(RepositoryInfo repo, SumDbPath.Lookup lookup) {
        return document(repo, lookup.name(), lookup.upstreamPath(), GoSumDbProxy::checkLookup);
    }

    private CachedMetadata document(RepositoryInfo repo, String name, String upstreamPath,
                                    MetadataRequest.ContentCheck check) {
        return metadata.read(answering(repo, name), new MetadataRequest(
                SumDbPath.pathInRepository(name, upstreamPath), upstreamPath, Map.of(), check));
    }

    public ArtifactResult tile(RepositoryInfo repo, SumDbPath.Tile tile) {
        RepositoryInfo proxy = answering(repo, tile.name());
        String upstreamPath = tile.upstreamPath();
        return artifacts.read(proxy, SumDbPath.pathInRepository(tile.name(), upstreamPath), member ->
                new ArtifactSource(member.upstreamUrl(upstreamPath), Optional.empty(),
                        new ArtifactSource.Coordinates(tile.name() + "/" + upstreamPath, "generic",
                                "sumdb/" + tile.name(), null, null),
                        tile.isData() ? TEXT : "application/octet-stream",
                        spool -> checkTile(tile, spool)));
    }

    // ------------------------------------------------------------------ content checks (pure)

    /** A hash tile holds exactly {@code width} hashes; a data tile {@code width} records, so it is not empty. */
    static void checkTile(SumDbPath.Tile tile, Path file) throws IOException {
        long size = Files.size(file);
        if (tile.isData()) {
            if (size == 0) {
                throw new IOException("the checksum database served an empty data tile " + tile.upstreamPath());
            }
            return;
        }
        long expected = (long) tile.width() * HASH_SIZE;
        if (size != expected) {
            throw new IOException("the checksum database tile " + tile.upstreamPath() + " is " + size
                    + " bytes, not the " + expected + " of " + tile.width() + " hashes");
        }
    }

    /** {@code latest}: a signed tree note, {@code go.sum database tree\n<size>\n<hash>\n\n— <name> <signature>\n}. */
    static void checkLatest(InputStream in) throws IOException {
        checkTreeNote(readNote(in), "latest");
    }

    /** A lookup answer: {@code <record id>\n<record lines>\n\n} followed by the signed tree note. */
    static void checkLookup(InputStream in) throws IOException {
        String text = readNote(in);
        int newline = text.indexOf('\n');
        if (newline <= 0 || !text.substring(0, newline).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException("the lookup answer does not start with a record number");
        }
        int end = text.indexOf("\n\n", newline);
        if (end < 0) {
            throw new IOException("the lookup answer has no record followed by a blank line");
        }
        checkTreeNote(text.substring(end + 2), "lookup");
    }

    private static void checkTreeNote(String note, String what) throws IOException {
        String[] lines = note.split("\n", -1);
        if (!note.startsWith(TREE_HEADER) || lines.length < 6 || !lines[1].matches("[0-9]{1,19}")
                || !lines[3].isEmpty() || !lines[4].startsWith("\u2014 ")) {
            throw new IOException("the " + what + " answer of the checksum database is not a signed tree note");
        }
    }

    private static String readNote(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_NOTE + 1);
        if (bytes.length > MAX_NOTE) {
            throw new IOException("the checksum database answer is larger than " + MAX_NOTE + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
