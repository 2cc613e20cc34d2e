package io.stratadb.bench.recovery;

import java.nio.file.Path;

/**
 * An engine under the recovery suite. {@link #populate} runs in a child JVM that then halts without
 * closing anything (a process crash); {@link #reopen} runs in the harness and is timed.
 */
public interface RecoveryTarget {
    String name();

    String configuration();

    /**
     * Writes {@code keys} 1 KB values, makes them part of the engine's tables (flush), then writes
     * {@code tail} more single-key commits that stay only in the WAL. Called in the child JVM.
     */
    void populate(Path dir, int keys, int tail, int valueSize);

    /**
     * Opens the crashed folder, reads key {@code probe} and closes; returns whether the probe was found.
     *
     * @throws io.stratadb.bench.UnsupportedEngineException if this build cannot open it
     */
    boolean reopen(Path dir, String probe);

    /**
     * Opens {@code dir} (new or existing) in the engine's buffered mode, writes keys {@code from..to-1} in
     * 1000-key batches, flushes them into tables, then writes {@code tail} single-key commits (keys
     * {@code to..to+tail-1}) that stay in the WAL. Called in the child JVM, which then halts.
     */
    void grow(Path dir, int from, int to, int tail, int valueSize);

    /**
     * Like {@link #reopen} but timed in two parts: returns {open + read nanos, close nanos, 1 if the probe
     * was found else 0}.
     */
    long[] reopenTimed(Path dir, String probe);

    /** Bytes of write-ahead log under {@code dir} (what a reopen has to replay at most). */
    long walBytes(Path dir);
}
