package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.granary.core.AuditLog;
import org.granary.core.Overview;
import org.granary.persistence.AuditDao;
import org.granary.persistence.StatsDao;

/** {@code index.xhtml}: is the cache healthy and paying off? Totals, each repository, upstreams, recent failures. */
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

    /** The latest refused or failed actions of the audit log. */
    public List<AuditView> getRecentErrors() {
        return audit.find(null, null, AuditLog.FAILURE, null, null, 0, RECENT_ERRORS).stream().map(AuditView::of).toList();
    }
}
