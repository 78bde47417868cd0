package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.core.AuditLog;
import org.granary.core.Jobs;
import org.granary.core.Overview;
import org.granary.persistence.AuditDao;
import org.granary.persistence.StatsDao;
import org.granary.metrics.GranaryMetrics;

/**
 * {@code index.xhtml}: is the cache healthy and paying off? Totals, bytes saved, each repository's storage, each
 * upstream's health (last answer, last failure, stale serves), recent failures, blocked downloads and the jobs. The
 * lasting figures come from the database; the upstream health, bytes saved and blocked downloads are this server's
 * since it started (from its metrics).
 */
@Named
@RequestScoped
public class DashboardPage {

    static final int RECENT_ERRORS = 10;

    @Inject
    Overview overview;
    @Inject
    AuditDao audit;
    @Inject
    StatsDao stats;
    @Inject
    Clock clock;
    @Inject
    GranaryMetrics metrics;
    @Inject
    Jobs jobs;

    private List<Overview.Figures> rows;

    public List<Overview.Figures> getRows() {
        if (rows == null) {
            rows = overview.repositories();
        }
        return rows;
    }

    public Overview.Totals getTotals() {
        return Overview.totals(getRows());
    }

    public List<Overview.Figures> getProxies() {
        return getRows().stream().filter(f -> f.repository().isProxy()).toList();
    }

    /** Requests and hit ratio per hour over the last day, as SVG markup made on the server. */
    public String getChart() {
        Instant now = clock.instant();
        return RequestChart.svg(stats.hoursSince(now.minus(Duration.ofHours(RequestChart.HOURS))), now);
    }

    /** A proxy's upstream health as the table shows it. */
    public record Upstream(Overview.Figures figures, Instant lastSuccess, Instant lastError, String lastCause,
                           long errors, long staleServes) {

        public String state() {
            if (lastError != null && (lastSuccess == null || lastError.isAfter(lastSuccess))) {
                return "failing";
            }
            return lastSuccess != null || figures.lastUpstreamFetch() != null ? "ok" : "not asked yet";
        }
    }

    public List<Upstream> getUpstreams() {
        return getProxies().stream().map(f -> {
            String name = f.repository().name();
            GranaryMetrics.UpstreamHealth h = metrics.upstreamHealth(name).orElse(null);
            return new Upstream(f, h == null ? null : h.lastSuccess(), h == null ? null : h.lastError(),
                    h == null ? null : h.lastCause(), (long) metrics.total("granary.upstream.errors", name),
                    (long) metrics.total("granary.stale.serves", name));
        }).toList();
    }

    /** Bytes of cached artifacts served again without asking the upstream, since this server started. */
    public long getBytesSaved() {
        return (long) metrics.total("granary.saved", null);
    }

    public List<GranaryMetrics.Blocked> getBlocked() {
        return metrics.recentBlocked();
    }

    public long getBlockedCount() {
        return (long) metrics.total("granary.downloads.blocked", null);
    }

    public List<JobsPage.JobRow> getJobs() {
        return jobs.list().stream().map(s -> new JobsPage.JobRow(s.job().id(), s.job().description(),
                JobsPage.schedule(s.interval()), s.lastRun().map(JobsPage.RunView::of).orElse(null), s.nextRun().orElse(null),
                s.runningOn().orElse(null))).toList();
    }

    /** The latest refused or failed actions of the audit log. */
    public List<AuditView> getRecentErrors() {
        return audit.find(null, null, AuditLog.FAILURE, null, null, 0, RECENT_ERRORS).stream().map(AuditView::of).toList();
    }
}
