package org.granary.web;

import org.granary.json.Json;
import java.util.Optional;
import java.util.function.Supplier;
import org.granary.core.Format;
import org.granary.core.ReleaseKey;
import org.granary.core.RepositoryInfo;

/**
 * Implemented once per ecosystem (an {@code @ApplicationScoped} bean in its format package): hands the
 * router the JAX-RS sub-resource that serves one repository of that format, and says how that format's
 * clients want errors (the one exception mapper asks).
 */
public interface FormatEndpoints {

    Format format();

    /** A sub-resource object (plain JAX-RS annotations, no CDI) serving {@code repo}. */
    Object endpointFor(RepositoryInfo repo);

    /**
     * Whether a request may reach the endpoint without read access, e.g. npm's login, which is how a
     * client gets credentials for a repository with anonymous read off. Default: none.
     *
     * @param method      the HTTP method
     * @param pathInRepo  the still-encoded path after {@code /{repository}/}
     */
    default boolean isLoginRequest(String method, String pathInRepo) {
        return false;
    }

    /**
     * Whether a request writes to a hosted repository (publish, deploy, yank, dist-tag...): the router then checks
     * that the caller may write there before anything reads the request body. Default: none.
     */
    default boolean isPublishRequest(String method, String pathInRepo) {
        return false;
    }

    /**
     * The path under which the artifact cache stores the immutable artifact that a {@code GET} of {@code pathInRepo}
     * serves as stored (the resource would answer it with {@link ArtifactResponses}), and the release it is of when the
     * supply-chain guards judge its downloads, so that the edge may answer a hit without dispatching to the resource
     * ({@link ArtifactHits}); empty for every other path, and for a path the format's parser refuses (the resource then
     * answers it). Pure and cheap. Default: none.
     */
    default Optional<ArtifactPath> artifactPath(String pathInRepo) {
        return Optional.empty();
    }

    /**
     * An artifact's storage path and the release the guards judge its download as ({@code null}: not judged, e.g. a
     * Go {@code .info}), exactly as the resource's read passes them to {@link org.granary.core.RepositoryReads}.
     */
    record ArtifactPath(String path, ReleaseKey release) {
    }

    /** For {@link #artifactPath}: what {@code parse} returns (null: not an artifact); empty when it throws. */
    static Optional<ArtifactPath> parsedArtifactPath(Supplier<ArtifactPath> parse) {
        try {
            return Optional.ofNullable(parse.get());
        } catch (RuntimeException refused) {
            return Optional.empty();
        }
    }

    /** The media type of {@link #errorBody}. Default JSON. */
    default String errorMediaType() {
        return "application/json; charset=UTF-8";
    }

    /** An error body in the style this format's clients print. Default {@code {"error": "..."}} (npm and most). */
    default String errorBody(String message) {
        return Json.createObjectBuilder().add("error", message).build().toString();
    }

    /**
     * The same for a format whose error bodies carry the status too (WinGet's {@code [{ErrorCode, ErrorMessage}]});
     * the one exception mapper calls this. Default: {@link #errorBody(String)}.
     */
    default String errorBody(int status, String message) {
        return errorBody(message);
    }
}
