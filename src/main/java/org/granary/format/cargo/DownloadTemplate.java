package org.granary.format.cargo;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Expands a registry's {@code dl} setting into the URL of one crate, exactly as Cargo does: when it holds
 * none of the markers, {@code /{crate}/{version}/download} is appended; otherwise {@code {crate}},
 * {@code {version}}, {@code {prefix}}, {@code {lowerprefix}} and {@code {sha256-checksum}} are replaced.
 */
public final class DownloadTemplate {

    static final String CRATE = "{crate}";
    static final String VERSION = "{version}";
    static final String PREFIX = "{prefix}";
    static final String LOWER_PREFIX = "{lowerprefix}";
    static final String CHECKSUM = "{sha256-checksum}";
    private static final List<String> MARKERS = List.of(CRATE, VERSION, PREFIX, LOWER_PREFIX, CHECKSUM);

    private DownloadTemplate() {
    }

    /**
     * @param dl      the registry's {@code dl} value
     * @param name    the crate name as its index line spells it
     * @param version the version as its index line spells it
     * @param cksum   the index line's SHA-256 (hex)
     * @return the expanded URL text
     */
    public static String expand(String dl, String name, String version, String cksum) {
        if (MARKERS.stream().noneMatch(dl::contains)) {
            return dl + "/" + name + "/" + version + "/download";
        }
        String prefix = CargoPath.prefix(name);
        return dl.replace(CRATE, name)
                .replace(VERSION, version)
                .replace(PREFIX, prefix)
                .replace(LOWER_PREFIX, prefix.toLowerCase(Locale.ROOT))
                .replace(CHECKSUM, cksum == null ? "" : cksum);
    }

    /**
     * The expanded URL as an absolute HTTP(S) URI, resolved against {@code configUrl} (where the
     * {@code config.json} came from) should a registry give a relative one.
     *
     * @throws IllegalArgumentException when the result is not an HTTP(S) URL
     */
    public static URI resolve(URI configUrl, String dl, String name, String version, String cksum) {
        URI url = configUrl.resolve(URI.create(expand(dl, name, version, cksum)));
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("download URL " + url + " is not an HTTP(S) URL");
        }
        return url;
    }
}
