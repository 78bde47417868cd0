package org.granary.jobs;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.granary.core.Jobs;

/**
 * Every minute, on every server: starts the jobs that are due (cleanup, prefetch, the WinGet mirror) on the server
 * that takes their lease; the jobs themselves run on the managed executor, so this returns at once.
 */
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScheduledJobs {

    @Inject
    Jobs jobs;

    @Schedule(second = "7", minute = "*", hour = "*", persistent = false)
    public void tick() {
        jobs.tick();
    }
}
