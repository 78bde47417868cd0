package org.granary.format.winget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/**
 * A WinGet REST source contract version ({@code 1.10.0}). The client and the server agree on one by major and
 * minor only: the client takes the highest of its own contracts whose major.minor appears in the server's
 * {@code ServerSupportedVersions}, then sends it in the {@code Version} header of every call.
 * <p>
 * Granary serves the contracts winget itself implements from 1.1.0 on ({@link #SERVED}); each one decides which
 * fields and enum values a response may carry.
 */
public record ContractVersion(int major, int minor) implements Comparable<ContractVersion> {

    public static final ContractVersion V1_0 = new ContractVersion(1, 0);
    public static final ContractVersion V1_1 = new ContractVersion(1, 1);
    public static final ContractVersion V1_4 = new ContractVersion(1, 4);
    public static final ContractVersion V1_5 = new ContractVersion(1, 5);
    public static final ContractVersion V1_6 = new ContractVersion(1, 6);
    public static final ContractVersion V1_7 = new ContractVersion(1, 7);
    public static final ContractVersion V1_9 = new ContractVersion(1, 9);
    public static final ContractVersion V1_10 = new ContractVersion(1, 10);
    public static final ContractVersion V1_12 = new ContractVersion(1, 12);
    public static final ContractVersion V1_28 = new ContractVersion(1, 28);

    /** The contracts Granary serves, oldest first: the ones winget implements, from 1.1.0 to 1.28.0. */
    public static final List<ContractVersion> SERVED = List.of(V1_1, V1_4, V1_5, V1_6, V1_7, V1_9, V1_10, V1_12, V1_28);

    /** The contract assumed when a request carries no {@code Version} header: the oldest, which every client parses. */
    public static final ContractVersion DEFAULT = V1_1;

    /**
     * Two to four dot-separated numbers (the OpenAPI allows up to four, 128 characters; winget compares a server's
     * version by major and minor only when it has both, so a bare {@code 1} matches nothing).
     */
    private static final Pattern HEADER = Pattern.compile("([0-9]{1,9})\\.([0-9]{1,9})(?:\\.[0-9]{1,9}){0,2}");
    private static final int MAX_HEADER_LENGTH = 128;

    public ContractVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative contract version " + major + "." + minor);
        }
    }

    /** {@code 1.10.0}: the form of {@code ServerSupportedVersions} and the {@code Version} header. */
    @Override
    public String toString() {
        return major + "." + minor + ".0";
    }

    public boolean atLeast(ContractVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ContractVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    /**
     * A version as written by a server or client ({@code 1.10.0}, {@code 1.10}, {@code 1.10.0.0}), by its major and
     * minor; empty if it is not such a version ({@code 1}, {@code 1.10-preview}: winget matches neither).
     */
    public static Optional<ContractVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        Matcher m = HEADER.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ContractVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    /**
     * The contract a request asks for in its {@code Version} header, as one Granary serves: absent means
     * {@link #DEFAULT}; a served major.minor with any patch is that contract.
     *
     * @throws InvalidRequestException (400) for text that is no version, or a version Granary does not serve
     */
    public static ContractVersion fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        ContractVersion asked = parse(header).orElseThrow(() -> new InvalidRequestException(
                "Version header '" + PathText.printable(header) + "' is not a contract version such as 1.10.0"));
        if (!SERVED.contains(asked)) {
            throw new InvalidRequestException("contract version " + PathText.printable(header.trim())
                    + " is not served here; supported versions: " + servedList());
        }
        return asked;
    }

    /**
     * The contract winget settles on with a server: the highest of {@code own} whose major.minor is among
     * {@code serverSupported} (entries that are no version are skipped); empty when they share none.
     */
    public static Optional<ContractVersion> negotiate(Collection<String> serverSupported, Collection<ContractVersion> own) {
        List<ContractVersion> common = new ArrayList<>();
        for (String s : serverSupported) {
            parse(s).filter(own::contains).ifPresent(common::add);
        }
        return common.stream().max(ContractVersion::compareTo);
    }

    /** The served versions as {@code ServerSupportedVersions} lists them. */
    public static List<String> servedList() {
        return SERVED.stream().map(ContractVersion::toString).toList();
    }
}
