package org.granary.jobs;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.granary.core.AccessRecorder;

/** Every 15 seconds (and at shutdown), writes artifact hit counts and last-access times to the database. */
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccessStatisticsJob {

    @Inject
    AccessRecorder recorder;

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false)
    public void flush() {
        recorder.flush();
    }

    @PreDestroy
    void flushAtShutdown() {
        recorder.flush();
    }
}
