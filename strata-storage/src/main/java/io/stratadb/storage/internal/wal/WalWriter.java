package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.record.RecordFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The WAL writer with group commit. Committers {@link #append} records (cheap: enqueue, under the
 * caller's commit lock, in version order) and then {@link #awaitDurable} outside that lock. One
 * background thread drains everything queued into a single backend append, and fsyncs:
 * <ul>
 *   <li>STRICT: after every batch that contains a record someone waits on; committers that queue while
 *       an fsync is running are covered together by the next one (they share it);</li>
 *   <li>BUFFERED: when the oldest unsynced record is {@code syncIntervalMillis} old, on {@link #sync()},
 *       before a segment roll and on close. {@code awaitDurable} returns once the record is written
 *       (it then survives a process crash, not a power loss).</li>
 * </ul>
 * Segments roll at {@code segmentBytes} (the old one is synced first, so the log never has a hole)
 * and on {@link #roll()}.
 *
 * <p><b>Errors.</b> The first I/O failure is sticky: every waiter whose record is not yet as durable
 * as promised, and every later call, gets an {@link IOException} with it as the cause, and the
 * {@code onFailure} callback runs once (the lifecycle moves to degraded).
 *
 * <p>Thread-safe. {@link #close()} drains, syncs and stops the thread; idempotent.
 */
public final class WalWriter implements AutoCloseable {
    private record Request(long ticket, byte[] framed, boolean roll) {
    }

    private final Backend backend;
    private final WalOptions options;
    private final Consumer<IOException> onFailure;
    private final Object lock = new Object();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final Thread thread;

    // guarded by lock
    private long nextTicket = 1;
    private long written;
    private long durable;
    private long syncRequested;
    private long lastVersion;
    private long rolledTo;
    private IOException failure;
    private boolean closing;
    private boolean closed;
    private long syncs;
    private long segmentSeq;
    private long bytesSinceOpen;

    // writer thread only
    private Appender segment;
    private long lastSyncNanos = System.nanoTime();

    /**
     * Starts a writer appending to new segment {@code firstSegmentSeq} (which must not exist yet).
     *
     * @param lastVersion versions appended must be greater than this (the recovered latest version)
     */
    public WalWriter(Backend backend, WalOptions options, long firstSegmentSeq, long lastVersion,
                     Consumer<IOException> onFailure) throws IOException {
        this.backend = backend;
        this.options = options;
        this.onFailure = onFailure == null ? e -> { } : onFailure;
        this.lastVersion = lastVersion;
        if (backend.exists(Layout.walSegment(firstSegmentSeq))) {
            throw new IOException("WAL segment " + Layout.walSegment(firstSegmentSeq) + " already exists in "
                    + backend.describe());
        }
        this.segment = openSegment(firstSegmentSeq);
        this.segmentSeq = firstSegmentSeq;
        this.thread = new Thread(this::run, "strata-wal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private Appender openSegment(long seq) throws IOException {
        Appender a = backend.openAppender(Layout.walSegment(seq));
        try {
            a.append(WalFormat.HEADER.encode());
        } catch (IOException e) {
            a.close();
            throw e;
        }
        return a;
    }

    /**
     * Queues the record for commit {@code version} (greater than every earlier one); returns the ticket
     * to pass to {@link #awaitDurable}. Does no I/O.
     *
     * @throws IOException the log failed earlier or is closed
     */
    public long append(long version, byte[] body) throws IOException {
        byte[] framed = RecordFraming.frame(new WalEntry(version, body).toPayload());
        synchronized (lock) {
            checkUsable();
            if (version <= lastVersion) {
                throw new IllegalArgumentException("WAL versions must increase: got " + version + " after " + lastVersion);
            }
            lastVersion = version;
            long t = nextTicket++;
            queue.add(new Request(t, framed, false));
            if (options.strict()) {
                syncRequested = Math.max(syncRequested, t);
            }
            lock.notifyAll();
            return t;
        }
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("WAL failed earlier: " + failure.getMessage(), failure);
        }
        if (closing || closed) {
            throw new IOException("WAL writer is closed");
        }
    }

    /** Blocks until record {@code ticket} is as durable as the mode promises (see class doc). */
    public void awaitDurable(long ticket) throws IOException {
        synchronized (lock) {
            if (options.strict()) {
                waitFor(ticket, true);
            } else {
                waitFor(ticket, false);
            }
        }
    }

    private void waitFor(long ticket, boolean synced) throws IOException {
        boolean interrupted = false;
        try {
            while ((synced ? durable : written) < ticket) {
                if (failure != null) {
                    throw new IOException("WAL write failed: " + failure.getMessage(), failure);
                }
                if (closed) {
                    throw new IOException("WAL writer closed before ticket " + ticket + " was written");
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes every record appended so far durable (fsync) before returning. */
    public void sync() throws IOException {
        synchronized (lock) {
            checkUsable();
            long t = nextTicket - 1;
            if (durable >= t) {
                return;
            }
            syncRequested = Math.max(syncRequested, t);
            lock.notifyAll();
            waitFor(t, true);
        }
    }

    /**
     * Syncs and closes the current segment and starts the next one; returns the new segment's sequence.
     * Every record appended before the call is in an older segment (so those can be deleted once a
     * flush covers them).
     */
    public long roll() throws IOException {
        synchronized (lock) {
            checkUsable();
            long t = nextTicket++;
            queue.add(new Request(t, null, true));
            lock.notifyAll();
            waitFor(t, true);
            return rolledTo;
        }
    }

    /** The sequence of the segment being appended to. */
    public long currentSegment() {
        synchronized (lock) {
            return segmentSeq;
        }
    }

    /** Number of fsyncs issued by this writer. */
    public long syncCount() {
        synchronized (lock) {
            return syncs;
        }
    }

    /** Bytes appended since this writer started (all segments). */
    public long bytesWritten() {
        synchronized (lock) {
            return bytesSinceOpen;
        }
    }

    /** The sticky failure, or {@code null}. */
    public IOException failure() {
        synchronized (lock) {
            return failure;
        }
    }

    // ---- writer thread -----------------------------------------------------------------------

    private void run() {
        try {
            while (true) {
                List<Request> batch = new ArrayList<>();
                boolean stop;
                synchronized (lock) {
                    awaitWork();
                    batch.addAll(queue);
                    queue.clear();
                    stop = closing && batch.isEmpty();
                }
                if (stop) {
                    finalSync();
                    return;
                }
                process(batch);
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? io : new IOException("WAL writer crashed: " + e, e));
        } finally {
            try {
                if (segment != null) {
                    segment.close();
                }
            } catch (IOException ignored) {
                // already failed or closing; nothing more to report
            }
            synchronized (lock) {
                closed = true;
                lock.notifyAll();
            }
        }
    }

    /** Waits (holding the lock) until there is something to do. */
    private void awaitWork() {
        while (queue.isEmpty() && !closing && !(syncRequested > durable && written >= syncRequested)) {
            long waitNanos = Long.MAX_VALUE;
            if (written > durable) {
                long due = lastSyncNanos + TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis());
                waitNanos = due - System.nanoTime();
                if (waitNanos <= 0) {
                    return;
                }
            }
            try {
                if (waitNanos == Long.MAX_VALUE) {
                    lock.wait();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
                }
            } catch (InterruptedException e) {
                // the writer thread is only interrupted by nobody; keep going until closed
            }
        }
    }

    private void process(List<Request> batch) throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        long lastTicket = 0;
        for (Request r : batch) {
            if (r.roll()) {
                writeOut(pending, lastTicket);
                pending.reset();
                rollNow();
                synchronized (lock) {
                    written = Math.max(written, r.ticket());
                    durable = Math.max(durable, r.ticket());
                    rolledTo = segmentSeq;
                    lock.notifyAll();
                }
            } else {
                pending.writeBytes(r.framed());
            }
            lastTicket = r.ticket();
        }
        writeOut(pending, lastTicket);
        boolean needSync;
        long target;
        synchronized (lock) {
            target = written;
            long due = lastSyncNanos + TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis());
            needSync = written > durable && (syncRequested > durable || closing || System.nanoTime() >= due);
        }
        if (needSync) {
            syncNow(target);
        }
        if (segment.size() >= options.segmentBytes()) {
            rollNow();
        }
    }

    private void writeOut(ByteArrayOutputStream pending, long lastTicket) throws IOException {
        if (pending.size() > 0) {
            segment.append(pending.toByteArray());
        }
        if (lastTicket > 0) {
            synchronized (lock) {
                written = Math.max(written, lastTicket);
                bytesSinceOpen += pending.size();
                lock.notifyAll();
            }
        }
    }

    private void syncNow(long target) throws IOException {
        segment.sync();
        lastSyncNanos = System.nanoTime();
        synchronized (lock) {
            syncs++;
            durable = Math.max(durable, target);
            lock.notifyAll();
        }
    }

    private void rollNow() throws IOException {
        long target;
        synchronized (lock) {
            target = written;
        }
        syncNow(target); // the old segment is complete and durable before the next one exists
        segment.close();
        long next;
        synchronized (lock) {
            next = segmentSeq + 1;
        }
        segment = openSegment(next);
        synchronized (lock) {
            segmentSeq = next;
        }
    }

    private void finalSync() throws IOException {
        long target;
        synchronized (lock) {
            target = written;
        }
        if (target > durable()) {
            syncNow(target);
        }
    }

    private long durable() {
        synchronized (lock) {
            return durable;
        }
    }

    private void fail(IOException e) {
        synchronized (lock) {
            if (failure != null) {
                return;
            }
            failure = e;
            lock.notifyAll();
        }
        onFailure.accept(e);
    }

    /** Drains the queue, syncs everything written and stops the writer thread. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (!closing) {
                closing = true;
                lock.notifyAll();
            }
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (failure != null) {
                throw new IOException("WAL failed: " + failure.getMessage(), failure);
            }
        }
    }
}
