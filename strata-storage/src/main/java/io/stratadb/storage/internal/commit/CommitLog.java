package io.stratadb.storage.internal.commit;

import java.io.IOException;

/**
 * SPI for the write-ahead log behind the {@link CommitPipeline}, designed for group commit.
 *
 * <p>Protocol, per commit: {@link #append} is called under the commit lock, in strictly increasing
 * version order, and should only enqueue/buffer (no fsync); it returns a ticket. The pipeline then
 * releases the lock and calls {@link #awaitDurable} with that ticket <em>outside</em> the lock, so
 * several committers can wait on (and share) one fsync. Only after it returns does the commit
 * become visible; visibility still advances in version order. In {@code BUFFERED} mode
 * {@code awaitDurable} may return at once (the log syncs on its own schedule); in {@code STRICT}
 * it returns once the record is synced.
 *
 * <p>An {@link IOException} from either method moves the storage to a failed state: the commit and
 * every later one are never made visible, further writes fail fast, reads keep working.
 * Implementations are thread-safe.
 */
public interface CommitLog extends AutoCloseable {
    /** Buffers {@code record} (called in version order under the commit lock); returns a durability ticket. */
    long append(CommitRecord record) throws IOException;

    /**
     * Blocks until the record with {@code ticket} is as durable as the mode promises. Called without the lock.
     *
     * @return a bound: every record with a ticket up to it is as durable as promised (so the caller may
     *         publish those too), or {@code 0} if the log cannot tell (only {@code ticket} itself is known)
     */
    long awaitDurable(long ticket) throws IOException;

    /**
     * Tells the log how to see whether other committers are on their way to {@link #append} (they hold
     * or wait for the commit lock), so a group-commit leader may give them a moment to join its fsync.
     * Called once by the pipeline; the default ignores it.
     */
    default void watchArrivals(java.util.function.BooleanSupplier committersArriving) {
    }

    /** Makes everything appended so far durable now. */
    void sync() throws IOException;

    @Override
    void close() throws IOException;

    /** The {@code IN_MEMORY} log: keeps nothing, durable at once. */
    static CommitLog none() {
        return new CommitLog() {
            @Override
            public long append(CommitRecord record) {
                return record.version();
            }

            @Override
            public long awaitDurable(long ticket) {
                return Long.MAX_VALUE; // every appended record is as durable as it will ever be
            }

            @Override
            public void sync() {
            }

            @Override
            public void close() {
            }
        };
    }
}
