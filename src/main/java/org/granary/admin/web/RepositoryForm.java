package org.granary.admin.web;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.granary.core.Format;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryRegistry;
import org.granary.core.RepositoryService;
import org.granary.core.RepositoryType;

/**
 * What the repository form holds, as typed, and the rules it is checked against before anything is saved: each
 * problem is named by its field, so the page shows it next to that field. The service checks again.
 */
public class RepositoryForm implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A directory or provider group in a publisher list (see {@code core.AccessRules}). */
    private static final Pattern GROUP = Pattern.compile("group:[^,\\s]{1,120}");
    static final long MIB = 1024 * 1024;

    private String name = "";
    private String format = "npm";
    private String type = "proxy";
    private String upstreamUrl = "";
    private String metadataMaxAge = "300";
    private boolean anonymousRead = true;
    private String maxUploadMiB = String.valueOf(RepositoryInfo.DEFAULT_MAX_UPLOAD_BYTES / MIB);
    private String publishers = "";
    private List<String> members = new ArrayList<>();

    /** The form filled with a repository's settings, for editing it. */
    public static RepositoryForm of(RepositoryInfo r) {
        RepositoryForm f = new RepositoryForm();
        f.name = r.name();
        f.format = r.format().id();
        f.type = r.type().name().toLowerCase(java.util.Locale.ROOT);
        f.upstreamUrl = r.upstream().map(URI::toString).orElse("");
        f.metadataMaxAge = String.valueOf(r.metadataMaxAge().toSeconds());
        f.anonymousRead = r.anonymousRead();
        f.maxUploadMiB = r.maxUploadBytes() % MIB == 0 ? String.valueOf(r.maxUploadBytes() / MIB)
                : String.valueOf(r.maxUploadBytes() / (double) MIB);
        f.publishers = String.join(", ", r.publishers());
        f.members = new ArrayList<>(r.members());
        return f;
    }

    /**
     * The problems of the form, by field name ({@code name}, {@code upstreamUrl}, ...); empty when it may be saved.
     *
     * @param creating whether this is a new repository (name, format and type are fixed afterwards)
     * @param existing every repository there is, to check names and members against
     */
    public Map<String, String> problems(boolean creating, List<RepositoryInfo> existing) {
        Map<String, String> p = new LinkedHashMap<>();
        if (creating) {
            if (name == null || name.isBlank()) {
                p.put("name", "Enter a name: it becomes part of the repository's URL.");
            } else if (!NAME.matcher(name).matches()) {
                p.put("name", "Use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
            } else if (RepositoryRegistry.RESERVED_NAMES.contains(name)) {
                p.put("name", "'" + name + "' is one of Granary's own URLs; choose another name.");
            } else if (existing.stream().anyMatch(r -> r.name().equals(name))) {
                p.put("name", "A repository named '" + name + "' exists already.");
            }
            if (format().isEmpty()) {
                p.put("format", "Choose a format.");
            }
            if (type().isEmpty()) {
                p.put("type", "Choose a type.");
            }
        }
        if (type().orElse(null) == RepositoryType.PROXY) {
            String url = upstreamUrl == null ? "" : upstreamUrl.trim();
            if (url.isEmpty()) {
                p.put("upstreamUrl", "A proxy needs the URL of the registry it caches.");
            } else if (!isHttpUrl(url)) {
                p.put("upstreamUrl", "Enter an absolute http:// or https:// URL, such as https://registry.example.com/.");
            }
        }
        Long maxAge = whole(metadataMaxAge);
        if (maxAge == null || maxAge < 0) {
            p.put("metadataMaxAge", "Enter a whole number of seconds, 0 or more (300 is five minutes).");
        }
        Double upload = decimal(maxUploadMiB);
        if (upload == null || upload <= 0 || upload * MIB < 1 || upload * MIB > Long.MAX_VALUE / 2) {
            p.put("maxUploadMiB", "Enter a positive size in MiB (1024 is 1 GiB).");
        }
        List<String> bad = publisherList().stream().filter(u -> !USER.matcher(u).matches() && !GROUP.matcher(u).matches())
                .toList();
        if (!bad.isEmpty()) {
            p.put("publishers", "Not a user name or group:<name>: " + String.join(", ", bad)
                    + ". Separate names with commas.");
        }
        if (type().orElse(null) == RepositoryType.GROUP) {
            for (String m : members) {
                Optional<RepositoryInfo> member = existing.stream().filter(r -> r.name().equals(m)).findFirst();
                if (member.isEmpty()) {
                    p.put("members", "There is no repository named '" + m + "'.");
                } else if (format().isPresent() && member.get().format() != format().get()) {
                    p.put("members", "'" + m + "' is a " + member.get().format().id() + " repository; a " + format
                            + " group can only contain " + format + " repositories.");
                } else if (m.equals(name)) {
                    p.put("members", "A group cannot contain itself.");
                }
            }
            if (members.stream().distinct().count() < members.size()) {
                p.put("members", "Each member may appear once.");
            }
        }
        return p;
    }

    /** The settings to save; call after {@link #problems} found none. */
    public RepositoryService.Spec toSpec() {
        RepositoryType t = type().orElseThrow();
        String url = t == RepositoryType.PROXY ? upstreamUrl.trim() : null;
        return new RepositoryService.Spec(name, format().orElseThrow(), t, url,
                t == RepositoryType.GROUP ? List.copyOf(members) : null, anonymousRead, publisherList(),
                Duration.ofSeconds(whole(metadataMaxAge)), Math.round(decimal(maxUploadMiB) * MIB));
    }

    public Optional<Format> format() {
        return parse(Format.class, format);
    }

    public Optional<RepositoryType> type() {
        return parse(RepositoryType.class, type);
    }

    List<String> publisherList() {
        return publishers == null ? List.of() : Arrays.stream(publishers.split("[,\\s]+")).map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        try {
            return value == null || value.isBlank() ? Optional.empty()
                    : Optional.of(Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Long whole(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double decimal(String s) {
        try {
            double d = s == null ? Double.NaN : Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- members, in order ----------------------------------------------------------------------------------

    public void addMember(String member) {
        if (member != null && !member.isBlank() && !members.contains(member)) {
            members.add(member);
        }
    }

    public void removeMember(String member) {
        members.remove(member);
    }

    /** Moves a member one place up ({@code -1}) or down ({@code +1}); at either end it stays. */
    public void moveMember(String member, int by) {
        int i = members.indexOf(member);
        int j = i + by;
        if (i >= 0 && j >= 0 && j < members.size()) {
            members.set(i, members.get(j));
            members.set(j, member);
        }
    }

    // ---- bean properties for the page ----------------------------------------------------------------------

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getUpstreamUrl() {
        return upstreamUrl;
    }

    public void setUpstreamUrl(String upstreamUrl) {
        this.upstreamUrl = upstreamUrl;
    }

    public String getMetadataMaxAge() {
        return metadataMaxAge;
    }

    public void setMetadataMaxAge(String metadataMaxAge) {
        this.metadataMaxAge = metadataMaxAge;
    }

    public boolean isAnonymousRead() {
        return anonymousRead;
    }

    public void setAnonymousRead(boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }

    public String getMaxUploadMiB() {
        return maxUploadMiB;
    }

    public void setMaxUploadMiB(String maxUploadMiB) {
        this.maxUploadMiB = maxUploadMiB;
    }

    public String getPublishers() {
        return publishers;
    }

    public void setPublishers(String publishers) {
        this.publishers = publishers;
    }

    public List<String> getMembers() {
        return members;
    }
}
