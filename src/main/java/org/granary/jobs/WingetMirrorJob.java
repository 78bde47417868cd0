package org.granary.jobs;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.granary.format.winget.WingetMirror;

/**
 * Every 5 minutes, runs the WinGet mirror of each hosted repository whose allow-list is due
 * ({@code GRANARY_WINGET_MIRROR_INTERVAL} since its last run). Runs outside a transaction: each package the mirror
 * stores is a write of its own.
 */
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WingetMirrorJob {

    @Inject
    WingetMirror mirror;

    @Schedule(minute = "*/5", hour = "*", persistent = false)
    public void runDue() {
        mirror.runDue();
    }
}
