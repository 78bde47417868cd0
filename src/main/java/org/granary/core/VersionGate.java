package org.granary.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.granary.storage.Digests;

/**
 * What the supply-chain guards let a client see of one package at one moment: the verdict on each version the
 * members' documents list, with the stored release times. A {@link DocumentFilter} asks it which versions to leave
 * out; its {@link #fingerprint()} names the set of hidden versions (so renderings are cached per set, and a version
 * maturing shows at once).
 */
public final class VersionGate {

    /** Lets everything through: no policy applies. */
    public static final VersionGate OPEN = new VersionGate(Map.of(), Map.of(),
            version -> Verdict.pass(null, null, null, null));

    private final Map<String, Verdict> verdicts;
    private final Map<String, Instant> releaseTimes;
    private final Function<String, Verdict> unlisted;
    private final String fingerprint;

    /**
     * @param verdicts     the verdict on every listed version
     * @param releaseTimes the stored release time of every listed version ({@code null}: none known)
     * @param unlisted     the verdict on a version no document listed
     */
    public VersionGate(Map<String, Verdict> verdicts, Map<String, Instant> releaseTimes, Function<String, Verdict> unlisted) {
        this.verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
        this.releaseTimes = Collections.unmodifiableMap(new LinkedHashMap<>(releaseTimes));
        this.unlisted = unlisted;
        StringBuilder hidden = new StringBuilder();
        new TreeMap<>(verdicts).forEach((v, verdict) -> {
            if (!verdict.passes()) {
                hidden.append(v).append('=').append(verdict.outcome()).append('\n');
            }
        });
        this.fingerprint = hidden.length() == 0 ? "" : Digests.sha256Hex(hidden.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a client may see {@code version}. */
    public boolean allows(String version) {
        return verdict(version).passes();
    }

    public Verdict verdict(String version) {
        Verdict v = verdicts.get(version);
        return v != null ? v : unlisted.apply(version);
    }

    /** Every version the members' documents list. */
    public Set<String> listed() {
        return verdicts.keySet();
    }

    /** The stored release time of a listed version. */
    public Optional<Instant> releasedAt(String version) {
        return Optional.ofNullable(releaseTimes.get(version));
    }

    /** Whether every listed version may be seen (the document is then served as it is). */
    public boolean hidesNothing() {
        return fingerprint.isEmpty();
    }

    /** Names the hidden versions and why; empty when none is. */
    public String fingerprint() {
        return fingerprint;
    }

    /** When the next verdict changes by itself (a version matures, a rule expires), if any does. */
    public Optional<Instant> nextChange() {
        return verdicts.values().stream().map(Verdict::until).filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }
}
