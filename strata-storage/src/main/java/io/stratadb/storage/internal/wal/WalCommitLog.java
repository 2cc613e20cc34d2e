package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.commit.CommitLog;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.IOException;

/**
 * The durable {@link CommitLog}: encodes each {@link CommitRecord} with {@link CommitCodec} and hands it
 * to a {@link WalWriter} (group commit; STRICT waits for the fsync, BUFFERED for the write). The writer
 * is bound after recovery ({@link #bind}), because the runtime must exist to replay into before new
 * records can be logged. Thread-safe.
 */
public final class WalCommitLog implements CommitLog {
    private volatile WalWriter writer;

    private volatile java.util.function.BooleanSupplier arrivals = () -> false;

    /** Attaches the writer new records go to; once. */
    public void bind(WalWriter w) {
        if (writer != null) {
            throw new IllegalStateException("WAL writer already bound");
        }
        w.watchArrivals(arrivals);
        writer = w;
    }

    @Override
    public void watchArrivals(java.util.function.BooleanSupplier committersArriving) {
        arrivals = committersArriving;
        WalWriter w = writer;
        if (w != null) {
            w.watchArrivals(committersArriving);
        }
    }

    /** The bound writer, or {@code null} before recovery finished. */
    public WalWriter writer() {
        return writer;
    }

    private WalWriter w() throws IOException {
        WalWriter w = writer;
        if (w == null) {
            throw new IOException("the WAL is not open (recovery has not finished)");
        }
        return w;
    }

    @Override
    public long append(CommitRecord record) throws IOException {
        return w().appendFramed(record.version(), CommitCodec.encodeFramed(record.version(),
                record.timestampMicros(), record.branchId(), record.writes()));
    }

    @Override
    public long awaitDurable(long ticket) throws IOException {
        return w().awaitDurable(ticket);
    }

    @Override
    public void sync() throws IOException {
        w().sync();
    }

    @Override
    public void close() throws IOException {
        WalWriter w = writer;
        if (w != null) {
            w.close();
        }
    }

    /** Decodes a replayed entry into the runtime's record type. */
    public static CommitRecord decode(WalEntry entry, String object, long offset) throws CorruptionException {
        CommitCodec.Commit c = CommitCodec.decode(entry, object, offset);
        try {
            return new CommitRecord(c.version(), c.timestampMicros(), c.branchId(), c.writes());
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(object, offset, "invalid commit record: " + e.getMessage(), e);
        }
    }
}
