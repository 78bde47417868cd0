package org.granary.format.go;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.granary.config.Setting;
import org.granary.config.UpstreamUrl;

/**
 * The checksum databases Granary proxies for go, each with the URL it is fetched from: read from
 * {@link Setting#GO_SUMDB} (names) and {@link Setting#GO_SUMDB_UPSTREAMS} ({@code name=URL} pairs). Pure.
 *
 * @param upstreams database name → its upstream URL (ending in '/'), in the order the names were given
 */
public record SumDbConfig(Map<String, URI> upstreams) {

    public SumDbConfig {
        upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(upstreams));
    }

    /**
     * @param names     comma-separated database names, or null/blank for none
     * @param upstreams comma-separated {@code name=URL} pairs, or null
     * @throws IllegalStateException naming the setting and what is wrong with it
     */
    public static SumDbConfig parse(String names, String upstreams) {
        Map<String, URI> urls = new LinkedHashMap<>();
        if (upstreams != null) {
            for (String pair : upstreams.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(Setting.GO_SUMDB_UPSTREAMS.environmentVariable()
                            + " is a list of name=URL pairs, not '" + pair.trim() + "'");
                }
                String name = checkedName(pair.substring(0, eq).trim(), Setting.GO_SUMDB_UPSTREAMS);
                urls.put(name, UpstreamUrl.normalise(Setting.GO_SUMDB_UPSTREAMS, pair.substring(eq + 1).trim()));
            }
        }
        Map<String, URI> out = new LinkedHashMap<>();
        if (names != null) {
            for (String raw : names.split(",")) {
                if (raw.isBlank()) {
                    continue;
                }
                String name = checkedName(raw.trim(), Setting.GO_SUMDB);
                out.put(name, urls.getOrDefault(name, UpstreamUrl.normalise(Setting.GO_SUMDB, "https://" + name + "/")));
            }
        }
        for (String name : urls.keySet()) {
            if (!out.containsKey(name)) {
                throw new IllegalStateException(Setting.GO_SUMDB_UPSTREAMS.environmentVariable() + " gives a URL for '"
                        + name + "', which " + Setting.GO_SUMDB.environmentVariable() + " does not name");
            }
        }
        return new SumDbConfig(out);
    }

    /** A name as go accepts it ({@code host[/path]}): no spaces, no '+', no empty, '.' or '..' element. */
    private static String checkedName(String name, Setting setting) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("+")
                || name.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '\\' || c == '%' || c == '?' || c == '#');
        for (String element : name.split("/")) {
            bad |= element.isEmpty() || element.equals(".") || element.equals("..");
        }
        if (bad) {
            throw new IllegalStateException(setting.environmentVariable() + ": '" + name
                    + "' is not a checksum database name (host[/path], no spaces or '+')");
        }
        return name;
    }
}
