package org.granary.format.winget;

import java.util.List;
import java.util.Objects;

/**
 * What {@code GET information} tells a client about a source.
 *
 * @param sourceIdentifier              a stable name of the source (3 to 128 characters)
 * @param agreements                    terms the user must accept before using the source, or {@code null}
 * @param requiredQueryParameters       e.g. {@code Market}: the client then always sends it
 * @param requiredPackageMatchFields    e.g. {@code Market}: the client adds it to every search's Filters
 * @param unsupportedPackageMatchFields fields the client must not filter by (it drops such Inclusions)
 * @param unsupportedQueryParameters    query parameters the client must not send
 */
public record SourceInformation(String sourceIdentifier, Agreements agreements, List<String> requiredQueryParameters,
                                List<String> requiredPackageMatchFields, List<String> unsupportedPackageMatchFields,
                                List<String> unsupportedQueryParameters) {

    public SourceInformation {
        Objects.requireNonNull(sourceIdentifier, "sourceIdentifier");
        requiredQueryParameters = List.copyOf(requiredQueryParameters);
        requiredPackageMatchFields = List.copyOf(requiredPackageMatchFields);
        unsupportedPackageMatchFields = List.copyOf(unsupportedPackageMatchFields);
        unsupportedQueryParameters = List.copyOf(unsupportedQueryParameters);
    }

    /** A source with no agreements and no required or unsupported fields. */
    public static SourceInformation of(String sourceIdentifier) {
        return new SourceInformation(sourceIdentifier, null, List.of(), List.of(), List.of(), List.of());
    }

    public record Agreements(String agreementsIdentifier, List<Agreement> agreements) {
        public Agreements {
            Objects.requireNonNull(agreementsIdentifier, "agreementsIdentifier");
            agreements = List.copyOf(agreements);
        }
    }

    /** One agreement: a label and its text or URL (any may be {@code null}). */
    public record Agreement(String label, String text, String url) {
    }
}
