package org.granary.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk whose free space a test sets, and the {@link DiskReserve} kept on it, for tests outside {@code core} that
 * need writes refused for want of space (a format's own spool use).
 */
public final class FakeDisk {

    private final AtomicLong free;
    private final DiskReserve reserve;

    public FakeDisk(long freeBytes, long reserveBytes) {
        this.free = new AtomicLong(freeBytes);
        this.reserve = new DiskReserve(reserveBytes, List.of(new DiskReserve.Place("the data directory /data", free::get)));
    }

    public DiskReserve reserve() {
        return reserve;
    }

    public void setFree(long bytes) {
        free.set(bytes);
    }
}
