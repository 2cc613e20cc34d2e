package io.stratadb.storage.internal.lsm;

import java.util.concurrent.Future;

/**
 * Runs the tree's background work. Flushes have priority over compactions: a flush never waits
 * behind a compaction, and no compaction starts while a flush is queued or running (a long
 * compaction already running is not interrupted; its jobs are bounded by the plan size).
 * Only one compaction runs at a time, which the {@link CompactionPicker} relies on.
 *
 * <p>A job that throws is reported to the failure handler given at construction (the runtime
 * moves the database to a degraded state with that cause) and through its {@link Future}.
 * Thread-safe.
 */
public interface BackgroundScheduler extends AutoCloseable {
    /** Queue a flush job (memtable → L0 table → manifest → apply). */
    Future<?> submitFlush(Runnable job);

    /** Queue a compaction job (pick → compact → manifest → apply → retire). */
    Future<?> submitCompaction(Runnable job);

    /** True while a flush is queued or running: a compaction may use it to yield between steps. */
    boolean flushPending();

    /**
     * Stop accepting work, let queued flushes finish, drop queued compactions, and wait for the
     * running jobs. Idempotent.
     */
    @Override
    void close() throws InterruptedException;
}
