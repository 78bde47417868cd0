package org.granary.web;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.granary.config.GranaryConfig;
import org.granary.config.Setting;
import org.granary.core.ArtifactResult;
import org.granary.core.Format;
import org.granary.core.Identity;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.RepositoryRegistry;

/**
 * The fast path of cache hits: a {@code GET} or {@code HEAD} of an immutable artifact that the in-memory index
 * knows, for every member up to the one that has it, is answered here with the Servlet API, before JAX-RS
 * dispatch; no database, no upstream, no resource object. Everything else (misses, metadata, writes, errors,
 * refusals, and hits the index does not know yet) goes down the chain unchanged, to the router and the format's
 * resource, which then fill the index. Same answer either way: {@link ArtifactResponses}.
 * <p>
 * Access is the same rule as on the ordinary path ({@link RepositoryReads#indexedArtifact} skips members the caller
 * may not read and declines a repository the caller may not read at all, whose refusal the router then sends and
 * audits). So are the supply-chain guards: a hit of a release the policies on the way judge is served here only when
 * they pass it from the release time this server holds in memory; anything else (a refusal, a time not known here yet)
 * goes to the resource, which decides in full. The caller is whoever the authentication mechanism, which runs first, made of the request: an anonymous
 * request carries no credential, so nothing checks a password for it.
 */
public class ArtifactHits extends HttpFilter {

    @Inject
    RepositoryRegistry registry;
    @Inject
    Instance<FormatEndpoints> formats;
    @Inject
    RepositoryReads reads;
    @Inject
    Identity who;
    @Inject
    GranaryConfig config;

    private final Map<Format, FormatEndpoints> byFormat = new EnumMap<>(Format.class);
    private boolean directSend;

    @Override
    public void init() {
        formats.forEach(f -> byFormat.putIfAbsent(f.format(), f));
        directSend = Boolean.parseBoolean(config.require(Setting.DIRECT_SEND).trim());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<ArtifactResult.Stored> hit = hit(request);
        if (hit.isEmpty() || !ArtifactResponses.send(hit.get(), request, response, directSend)) {
            chain.doFilter(request, response);
        }
    }

    private Optional<ArtifactResult.Stored> hit(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Optional.empty();
        }
        RepositoryPath target = RepositoryPath.of(request.getRequestURI(), request.getContextPath());
        if (target == null) {
            return Optional.empty();
        }
        Optional<RepositoryInfo> repo = registry.find(target.repository());
        if (repo.isEmpty()) {
            return Optional.empty();
        }
        FormatEndpoints endpoints = byFormat.get(repo.get().format());
        if (endpoints == null) {
            return Optional.empty();
        }
        return endpoints.artifactPath(target.path())
                .flatMap(a -> reads.indexedArtifact(repo.get(), who, a.path(), a.release()));
    }

    /** {@code /{repository}/{path}} of a request URI (still percent-encoded, as the format parsers take it). */
    record RepositoryPath(String repository, String path) {

        static RepositoryPath of(String requestUri, String contextPath) {
            if (requestUri == null || !requestUri.startsWith(contextPath + "/")) {
                return null;
            }
            int start = contextPath.length() + 1;
            int slash = requestUri.indexOf('/', start);
            if (slash <= start || slash == requestUri.length() - 1) {
                return null;
            }
            return new RepositoryPath(requestUri.substring(start, slash), requestUri.substring(slash + 1));
        }
    }
}
