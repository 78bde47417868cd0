package org.granary.format.winget;

import org.granary.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import org.granary.format.winget.PackageSummary.VersionSummary;

/**
 * The JSON bodies of the WinGet REST contract, shaped for the client's contract version: the
 * {@code {Data, ContinuationToken}} envelope, {@code information}, {@code manifestSearch} results,
 * {@code packageManifests/{id}}, and errors as {@code [{ErrorCode, ErrorMessage}]}.
 */
public final class WingetResponses {

    /** How long clients may cache {@code information} ({@code Cache-Control: max-age}, seconds). */
    public static final int INFORMATION_MAX_AGE_SECONDS = 300;

    private WingetResponses() {
    }

    /** {@code {"Data": data}}, plus {@code ContinuationToken} when there is one. */
    public static JsonObject envelope(JsonValue data, String continuationToken) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("Data", data);
        if (continuationToken != null) {
            b.add("ContinuationToken", continuationToken);
        }
        return b.build();
    }

    /**
     * {@code GET information}. Every client reads it before it has chosen a contract, so it lists every served
     * version; {@code Authentication} (1.7) is {@code none}: a token travels in the {@code Windows-Package-Manager}
     * header that {@code winget source add --header} sets.
     */
    public static JsonObject information(SourceInformation info, ContractVersion contract) {
        JsonObjectBuilder d = Json.createObjectBuilder()
                .add("SourceIdentifier", info.sourceIdentifier())
                .add("ServerSupportedVersions", Json.createArrayBuilder(ContractVersion.servedList()));
        if (info.agreements() != null) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (SourceInformation.Agreement a : info.agreements().agreements()) {
                JsonObjectBuilder ab = Json.createObjectBuilder();
                put(ab, "AgreementLabel", a.label());
                put(ab, "Agreement", a.text());
                put(ab, "AgreementUrl", a.url());
                list.add(ab);
            }
            d.add("SourceAgreements", Json.createObjectBuilder()
                    .add("AgreementsIdentifier", info.agreements().agreementsIdentifier()).add("Agreements", list));
        }
        d.add("RequiredQueryParameters", Json.createArrayBuilder(info.requiredQueryParameters()));
        d.add("RequiredPackageMatchFields", Json.createArrayBuilder(info.requiredPackageMatchFields()));
        d.add("UnsupportedPackageMatchFields", Json.createArrayBuilder(info.unsupportedPackageMatchFields()));
        d.add("UnsupportedQueryParameters", Json.createArrayBuilder(info.unsupportedQueryParameters()));
        if (contract.atLeast(ContractVersion.V1_7)) {
            d.add("Authentication", Json.createObjectBuilder().add("AuthenticationType", "none"));
        }
        return envelope(d.build(), null);
    }

    /** A {@code manifestSearch} page (answer 204 instead when it is empty). */
    public static JsonObject searchResult(SearchPage page, ContractVersion contract) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (PackageSummary p : page.packages()) {
            JsonArrayBuilder versions = Json.createArrayBuilder();
            for (VersionSummary v : p.versions()) {
                JsonObjectBuilder vb = Json.createObjectBuilder().add("PackageVersion", v.packageVersion());
                put(vb, "Channel", v.channel());
                vb.add("PackageFamilyNames", Json.createArrayBuilder(v.packageFamilyNames()));
                vb.add("ProductCodes", Json.createArrayBuilder(v.productCodes()));
                vb.add("UpgradeCodes", Json.createArrayBuilder(v.upgradeCodes()));
                vb.add("AppsAndFeaturesEntryVersions", Json.createArrayBuilder(v.appsAndFeaturesEntryVersions()));
                versions.add(ContractShape.searchVersion(vb.build(), contract));
            }
            JsonObjectBuilder pb = Json.createObjectBuilder().add("PackageIdentifier", p.packageIdentifier());
            put(pb, "PackageName", p.packageName());
            put(pb, "Publisher", p.publisher());
            data.add(pb.add("Versions", versions));
        }
        return envelope(data.build(), page.continuationToken());
    }

    /**
     * {@code packageManifests/{id}} from manifests; empty (answer 404) when none is left that the client can use.
     */
    public static Optional<JsonObject> packageManifests(String packageIdentifier, List<WingetManifest> versions,
                                                        ContractVersion contract) {
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        return packageManifests(ManifestJson.packageManifest(packageIdentifier, versions), contract);
    }

    /** {@code packageManifests/{id}} from a full {@code Data} object (e.g. an upstream's), shaped for the client. */
    public static Optional<JsonObject> packageManifests(JsonObject data, ContractVersion contract) {
        return ContractShape.packageManifest(data, contract).map(d -> envelope(d, null));
    }

    /** {@code [{"ErrorCode": code, "ErrorMessage": message}]}. */
    public static JsonValue error(int code, String message) {
        return errors(List.of(new Problem(code, message)));
    }

    /** Several errors, e.g. one per manifest problem of a rejected import (code 400 each). */
    public static JsonValue errors(List<Problem> problems) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        problems.forEach(p -> b.add(Json.createObjectBuilder().add("ErrorCode", p.code()).add("ErrorMessage", p.message())));
        return b.build();
    }

    /** The errors of a rejected import, one per problem. */
    public static JsonValue importErrors(List<ManifestProblem> problems) {
        return errors(problems.stream().map(p -> new Problem(400, p.toString())).toList());
    }

    public record Problem(int code, String message) {
    }

    private static void put(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
