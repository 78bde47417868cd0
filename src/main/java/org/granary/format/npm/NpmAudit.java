package org.granary.format.npm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.granary.core.Format;
import org.granary.core.HostedStore;
import org.granary.core.Identity;
import org.granary.core.NotFoundException;
import org.granary.core.RepositoryInfo;
import org.granary.core.RepositoryReads;
import org.granary.core.RepositoryRegistry;
import org.granary.core.UpstreamQueries;

/**
 * npm audit through Granary: {@code POST /-/npm/v1/security/advisories/bulk} (and the older
 * {@code /-/npm/v1/security/audits/quick}) is asked of the upstream of the first proxy repository the caller may read
 * through the repository asked (itself, or a group's proxy member), as a new request Granary builds: no header, token
 * or cookie of the client goes with it, and no name of a package published in any hosted npm repository of this
 * server (nor a quick audit's project name) is in it. When the upstream cannot answer, the client gets a 502, never an
 * empty answer that would read as "no vulnerabilities". Nothing is cached: advisories change.
 */
@ApplicationScoped
public class NpmAudit {

    private static final Logger LOG = Logger.getLogger(NpmAudit.class.getName());
    /** The most bytes of an upstream's answer. */
    static final long MAX_ANSWER = 64L << 20;

    @Inject
    RepositoryReads reads;
    @Inject
    RepositoryRegistry registry;
    @Inject
    HostedStore store;
    @Inject
    UpstreamQueries upstream;
    @Inject
    Identity who;

    /** The upstream's answer to the audit in {@code body}, as JSON bytes. */
    public byte[] forward(RepositoryInfo repo, AuditBody.Kind kind, InputStream body) {
        RepositoryInfo proxy = reads.readableMembers(repo, who).stream().filter(RepositoryInfo::isProxy).findFirst()
                .orElseThrow(() -> new NotFoundException("repository '" + repo.name() + "' has no proxy repository "
                        + "whose upstream could audit packages; audit against a group with an npm proxy member"));
        JsonObject request = AuditBody.read(body);
        Set<String> names = AuditBody.names(kind, request);
        List<RepositoryInfo> hosted = registry.all().stream()
                .filter(r -> r.format() == Format.NPM && r.isHosted()).toList();
        Set<String> internal = store.documentsPresent(hosted, names);
        JsonObject forwarded = AuditBody.without(kind, request, internal);
        LOG.log(Level.FINE, "npm audit via {0}: {1} package(s) asked of the upstream of {2}, {3} hosted one(s) left out",
                new Object[] {repo.name(), names.size() - internal.size(), proxy.name(), internal.size()});
        if (kind == AuditBody.Kind.BULK && forwarded.isEmpty()) {
            return AuditBody.bytes(AuditBody.NOTHING); // only hosted packages: the upstream knows nothing of them
        }
        return upstream.post(proxy, kind.path(), AuditBody.bytes(forwarded),
                kind.what() + " of " + (names.size() - internal.size()) + " package(s)", MAX_ANSWER);
    }
}
