package org.granary.core;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.granary.persistence.Format;
import org.granary.persistence.RepositoryType;

/** An immutable snapshot of a repository's settings, as the request path needs them. */
public record RepositoryInfo(long id, String name, Format format, RepositoryType type, Optional<URI> upstream,
                             Duration metadataMaxAge, List<String> members) {

    public boolean isGroup() {
        return type == RepositoryType.GROUP;
    }

    /** The upstream URL joined with a relative path, e.g. {@code lodash} or {@code @scope%2fname}. */
    public URI upstreamUrl(String relativePath) {
        URI base = upstream.orElseThrow(() -> new UpstreamFailureException("repository '" + name
                + "' has no upstream URL configured"));
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + relativePath : b + "/" + relativePath);
    }
}
