package org.granary.format.pypi;

import java.util.Locale;
import org.granary.format.PathText;

/**
 * The representations of a Simple API page Granary serves, and PEP 691 content negotiation between them:
 * an explicit {@code ?format=} wins; otherwise the {@code Accept} header's quality values decide, an exact
 * media type outranking a wildcard; with no {@code Accept} header, or only wildcards, the answer is
 * {@code text/html} (what every client understands). Pure.
 */
public enum SimpleFormat {
    JSON("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.v1+json"),
    HTML("application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.v1+html; charset=utf-8"),
    TEXT_HTML("text/html", "text/html; charset=utf-8");

    static final String LATEST_JSON = "application/vnd.pypi.simple.latest+json";
    static final String LATEST_HTML = "application/vnd.pypi.simple.latest+html";

    private final String mediaType;
    private final String contentType;

    SimpleFormat(String mediaType, String contentType) {
        this.mediaType = mediaType;
        this.contentType = contentType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The {@code Content-Type} to answer with. */
    public String contentType() {
        return contentType;
    }

    public boolean isJson() {
        return this == JSON;
    }

    /**
     * @param accept       the {@code Accept} header, or {@code null}
     * @param formatParam  the {@code format} query parameter, or {@code null}
     * @throws NotAcceptableException when nothing acceptable is on offer
     */
    public static SimpleFormat negotiate(String accept, String formatParam) {
        if (formatParam != null && !formatParam.isBlank()) {
            // an unencoded '+' in a query string arrives as a space; no media type contains one
            SimpleFormat f = exact(formatParam.strip().replace(' ', '+').toLowerCase(Locale.ROOT));
            if (f == null) {
                throw new NotAcceptableException("unsupported format '" + PathText.printable(formatParam)
                        + "'; this index serves " + offered());
            }
            return f;
        }
        if (accept == null || accept.isBlank()) {
            return TEXT_HTML;
        }
        SimpleFormat best = null;
        double bestQ = 0;
        int bestRank = -1;
        for (SimpleFormat f : values()) {
            double q = 0;
            int specificity = -1;
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                int s = specificity(type, f);
                if (s > specificity) {
                    specificity = s;
                    q = quality(parts);
                }
            }
            if (specificity < 0 || q <= 0) {
                continue;
            }
            // among equal qualities: exact beats wildcard; among exact, JSON first; among wildcards, text/html first
            int rank = specificity == 2 ? 10 + (values().length - f.ordinal()) : specificity * 5 + f.ordinal();
            if (q > bestQ || (q == bestQ && rank > bestRank)) {
                best = f;
                bestQ = q;
                bestRank = rank;
            }
        }
        if (best == null) {
            throw new NotAcceptableException("none of the accepted media types is served here; this index serves "
                    + offered());
        }
        return best;
    }

    /** 2: exact (or the {@code latest} alias), 1: {@code type/*}, 0: {@code * / *}, -1: no match. */
    private static int specificity(String range, SimpleFormat f) {
        if (f == exact(range)) {
            return 2;
        }
        if (range.equals("*/*") || range.equals("*")) {
            return 0;
        }
        if (range.endsWith("/*")) {
            return f.mediaType.startsWith(range.substring(0, range.length() - 1)) ? 1 : -1;
        }
        return -1;
    }

    private static SimpleFormat exact(String mediaType) {
        return switch (mediaType) {
            case "application/vnd.pypi.simple.v1+json", LATEST_JSON, "json" -> JSON;
            case "application/vnd.pypi.simple.v1+html", LATEST_HTML -> HTML;
            case "text/html", "html" -> TEXT_HTML;
            default -> null;
        };
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2).strip());
                    return q < 0 ? 0 : Math.min(q, 1);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static String offered() {
        return JSON.mediaType + ", " + HTML.mediaType + " and " + TEXT_HTML.mediaType;
    }
}
