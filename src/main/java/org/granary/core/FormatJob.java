package org.granary.core;

import java.util.function.BooleanSupplier;

/**
 * A scheduled job whose work a format does (the WinGet mirror): found by CDI and run by {@link Jobs} like the core
 * jobs, on the one server that takes the job's lease, recorded in the run history.
 */
public interface FormatJob {

    /** Which of {@link Jobs.Job} this does. */
    Jobs.Job job();

    /**
     * Does the whole job (every repository it concerns), recording what it did per item.
     *
     * @param keepGoing renews the lease; {@code false} once it was lost: stop
     */
    void runAll(JobItems items, BooleanSupplier keepGoing);

    /** What a run records per item: {@code outcome} {@code failed} counts as failed, {@code unchanged} as skipped. */
    interface JobItems {
        void add(String item, String outcome, long bytes, String reason);

        /** A line of the run's summary. */
        void note(String note);
    }
}
