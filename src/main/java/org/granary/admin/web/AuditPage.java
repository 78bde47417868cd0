package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.granary.persistence.AuditDao;

/**
 * {@code audit.xhtml?actor=&action=&target=&outcome=&from=&to=&page=}: who did what, newest first, filtered and paged
 * by the database. A GET form: a filtered view can be bookmarked or sent to a colleague.
 */
@Named
@RequestScoped
public class AuditPage {

    public static final int PAGE_SIZE = 50;

    @Inject
    AuditDao audit;

    private String actor;
    private String action;
    private String target;
    private String outcome;
    private String from;
    private String to;
    private int page;

    private Map<String, String> problems;
    private List<AuditView> events;
    private long total = -1;

    /** The filter's problems by field ({@code from}, {@code to}, {@code outcome}); the page shows each by its field. */
    public Map<String, String> getProblems() {
        if (problems == null) {
            problems = problems(outcome, from, to);
        }
        return problems;
    }

    static Map<String, String> problems(String outcome, String from, String to) {
        Map<String, String> p = new LinkedHashMap<>();
        if (blank(outcome) != null && !outcome.strip().equals("success") && !outcome.strip().equals("failure")) {
            p.put("outcome", "The outcome is success or failure.");
        }
        if (blank(from) != null && date(from) == null) {
            p.put("from", "Enter a date as 2026-01-31.");
        }
        if (blank(to) != null && date(to) == null) {
            p.put("to", "Enter a date as 2026-01-31.");
        }
        if (p.isEmpty() && date(from) != null && date(to) != null && date(to).isBefore(date(from))) {
            p.put("to", "The last day is before the first.");
        }
        return p;
    }

    /** The filter as the database applies it: days in UTC, {@code to} included. */
    AuditDao.Filter filter() {
        LocalDate f = date(from);
        LocalDate t = date(to);
        return new AuditDao.Filter(blank(actor), blank(action), blank(target), blank(outcome),
                f == null ? null : f.atStartOfDay(ZoneOffset.UTC).toInstant(),
                t == null ? null : t.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public List<AuditView> getEvents() {
        if (events == null) {
            events = getProblems().isEmpty()
                    ? audit.search(filter(), Math.max(0, page) * PAGE_SIZE, PAGE_SIZE).stream().map(AuditView::of).toList()
                    : List.of();
        }
        return events;
    }

    public long getTotal() {
        if (total < 0) {
            total = getProblems().isEmpty() ? audit.count(filter()) : 0;
        }
        return total;
    }

    public long getPages() {
        return Math.max(1, (getTotal() + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    public boolean isHasNext() {
        return (long) (page + 1) * PAGE_SIZE < getTotal();
    }

    public boolean isFiltered() {
        return blank(actor) != null || blank(action) != null || blank(target) != null || blank(outcome) != null
                || blank(from) != null || blank(to) != null;
    }

    public List<String> getActions() {
        return audit.actions();
    }

    public String pageUrl(int to) {
        StringBuilder u = new StringBuilder("audit.xhtml?page=").append(Math.max(0, to));
        param(u, "actor", actor);
        param(u, "action", action);
        param(u, "target", target);
        param(u, "outcome", outcome);
        param(u, "from", from);
        param(u, "to", this.to);
        return u.toString();
    }

    private static void param(StringBuilder u, String name, String value) {
        if (blank(value) != null) {
            u.append('&').append(name).append('=').append(URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LocalDate date(String s) {
        try {
            return blank(s) == null ? null : LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }
}
