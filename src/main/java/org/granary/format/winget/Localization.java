package org.granary.format.winget;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The metadata of a package version in one locale.
 *
 * @param packageLocale    e.g. {@code en-US}
 * @param publisher        required in the default locale
 * @param packageName      required in the default locale
 * @param shortDescription required in the default locale
 * @param moniker          the most common short name ({@code vscode}); only in the default locale
 * @param tags             search terms
 * @param other            every further field (License, Description, Agreements, Icons, …) as the manifest has it
 */
public record Localization(String packageLocale, String publisher, String packageName, String shortDescription,
                           String moniker, List<String> tags, JsonObject other) {

    public Localization {
        Objects.requireNonNull(packageLocale, "packageLocale");
        tags = List.copyOf(tags);
        other = other == null ? JsonObject.EMPTY_JSON_OBJECT : other;
    }
}
