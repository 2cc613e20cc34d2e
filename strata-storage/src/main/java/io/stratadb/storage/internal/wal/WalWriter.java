package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.record.RecordFraming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The WAL writer with leader-based group commit. Committers {@link #append} records (cheap: enqueue,
 * under the caller's commit lock, in version order) and then {@link #awaitDurable} outside that lock.
 * A waiter whose record is not yet written, finding nobody writing, becomes the <em>leader</em>: it takes
 * every queued record (its own and those queued behind it), writes them with one backend append and,
 * in STRICT mode, fsyncs; then it wakes the others. Records queued while a leader is busy are written by
 * the next leader in one go, so concurrent committers share writes and fsyncs, and a lone committer pays
 * no thread hand-off. Durability per mode:
 * <ul>
 *   <li>STRICT: {@code awaitDurable} returns once the record is fsynced;</li>
 *   <li>BUFFERED: it returns once the record is written (it then survives a process crash, not a power
 *   loss); a background thread fsyncs when the oldest unsynced record is {@code syncIntervalMillis}
 *   old (concurrently with further writes), and {@link #sync()}, segment rolls and close sync too.</li>
 * </ul>
 * Segments roll at {@code segmentBytes} (the old one is synced first, so the log never has a hole)
 * and on {@link #roll()}. With {@link WalOptions.Reserve reservation} a segment starts as zeros that
 * records overwrite and rolls when they are used up ({@link SegmentOpener}); a segment is trimmed to
 * its records when it is rolled or closed, so only the newest one can end in zeros.
 *
 * <p><b>Errors.</b> The first I/O failure is sticky: every waiter whose record is not yet as durable
 * as promised, and every later call, gets an {@link IOException} with it as the cause, and the
 * {@code onFailure} callback runs once (the lifecycle moves to degraded). Leaders do their I/O through
 * {@link Appender}s that interrupts cannot break (see {@code LocalFsBackend}).
 *
 * <p>Thread-safe. {@link #close()} writes what is queued, syncs and stops the sync thread; idempotent.
 */
public final class WalWriter implements AutoCloseable {
    private record Pending(long ticket, byte[] framed) {
    }

    private final Backend backend;
    private final WalOptions options;
    private final Consumer<IOException> onFailure;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when written, durable, the owner flags or the failure change (for sync, roll, close). */
    private final Condition progress = lock.newCondition();
    /** Wakes the BUFFERED sync thread (first unsynced write, close). */
    private final Condition syncDue = lock.newCondition();
    private final Thread syncThread;
    /** Longest a STRICT leader waits for arriving committers before its fsync (a fraction of one fsync). */
    static final long GROUP_WAIT_NANOS = 150_000;
    /** Longest a follower yields before it parks (about two fsyncs; see {@link #awaitWake}). */
    static final long FOLLOWER_YIELD_NANOS = 200_000;
    private volatile BooleanSupplier arrivals = () -> false;

    // guarded by lock
    /** Records the last STRICT leader's fsync covered: how many committers are likely on their way again. */
    private int lastGroup = 1;
    private final ArrayList<Pending> queue = new ArrayList<>();
    /** {@code queue.size()}, readable by a leader waiting without the lock. */
    private volatile int queued;
    private final ArrayList<Waiter> waiters = new ArrayList<>();
    private long nextTicket = 1;
    private volatile long written; // written under the lock; read without it by finished waiters
    private volatile long durable;
    private long lastVersion;
    private long segmentSeq;
    private Appender segment;
    /** A thread owns appending to (and rolling) the segment. */
    private boolean writing;
    /** A thread is syncing (or rolling) the segment; the segment is not replaced meanwhile. */
    private boolean syncing;
    /** When {@code written} last rose above {@code durable} (BUFFERED timer), or 0. */
    private long unsyncedSinceNanos;
    private volatile IOException failure;
    private boolean failureReported;
    private boolean closing;
    private boolean closed;
    private long syncs;
    private long bytesSinceOpen;
    /** Opens segments, reserved or not. Used by the thread owning {@code writing}. */
    private final SegmentOpener segments;
    /** Size at which the current segment rolls (its reservation, or {@code segmentBytes}). */
    private long segmentLimit;

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
        this.segments = new SegmentOpener(backend, options);
        SegmentOpener.Opened first = segments.open(firstSegmentSeq);
        this.segment = first.appender();
        this.segmentLimit = first.limit();
        this.segmentSeq = firstSegmentSeq;
        if (options.strict()) {
            syncThread = null; // every record is synced by its leader
        } else {
            syncThread = new Thread(this::runSyncTimer, "strata-wal-sync");
            syncThread.setDaemon(true);
            syncThread.start();
        }
    }

    /**
     * Queues the record for commit {@code version} (greater than every earlier one); returns the ticket
     * to pass to {@link #awaitDurable}. Does no I/O.
     *
     * @throws IOException the log failed earlier or is closed
     */
    public long append(long version, byte[] body) throws IOException {
        return appendFramed(version, RecordFraming.frame(new WalEntry(version, body).toPayload()));
    }

    /**
     * As {@link #append} for a record already framed by the caller (its payload must be the
     * {@link WalEntry} of {@code version}, e.g. from {@link CommitCodec#encodeFramed}).
     */
    public long appendFramed(long version, byte[] framed) throws IOException {
        lock.lock();
        try {
            checkUsable();
            if (version <= lastVersion) {
                throw new IllegalArgumentException("WAL versions must increase: got " + version + " after " + lastVersion);
            }
            lastVersion = version;
            long t = nextTicket++;
            queue.add(new Pending(t, framed));
            queued = queue.size();
            return t;
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() throws IOException {
        checkFailure();
        if (closing || closed) {
            throw new IOException("WAL writer is closed");
        }
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw new IOException("WAL write failed: " + failure, failure);
        }
    }

    /**
     * Blocks until record {@code ticket} is as durable as the mode promises (see class doc), writing
     * (and in STRICT mode syncing) it and everything queued with it if no other thread is doing so.
     *
     * @return the highest ticket such that it and every earlier one are as durable as promised ({@code >= ticket})
     */
    public long awaitDurable(long ticket) throws IOException {
        boolean strict = options.strict();
        long reached = strict ? durable : written;
        if (reached >= ticket) {
            return reached;
        }
        boolean interrupted = false;
        lock.lock();
        boolean locked = true;
        try {
            while (true) {
                reached = strict ? durable : written;
                if (reached >= ticket) {
                    return reached;
                }
                checkFailure();
                if (closed) {
                    throw new IOException("WAL writer closed before ticket " + ticket + " was written");
                }
                if (!writing && (written < ticket || !syncing)) {
                    lead(strict);
                    continue;
                }
                // sleep without the lock: a finished follower then leaves without re-taking it
                Waiter me = new Waiter(ticket, Thread.currentThread());
                waiters.add(me);
                locked = false;
                lock.unlock();
                awaitWake(me);
                while (!me.woken) {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted(); // park returns at once while interrupted
                }
                reached = strict ? durable : written;
                if (reached >= ticket) {
                    return reached;
                }
                lock.lock(); // chosen as the next leader, or failure / close
                locked = true;
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            reportFailure();
        }
    }

    /**
     * A follower first waits by yielding, up to {@link #FOLLOWER_YIELD_NANOS}, and parks only after that.
     * Its leader's write and fsync usually end within that time. A parked follower costs a futex wake and
     * a scheduler wake-up (tens of µs on a virtual CPU) each time, and on few cores those wake-ups, not
     * the fsync, bound how fast groups form. A yielding thread gives the CPU to any thread that wants it.
     */
    private static void awaitWake(Waiter me) {
        long end = System.nanoTime() + FOLLOWER_YIELD_NANOS;
        while (!me.woken && System.nanoTime() - end < 0) {
            Thread.yield();
        }
    }

    /**
     * Tells the writer how to see committers on their way to {@link #append}. A STRICT leader that sees
     * some, or holds fewer records than the previous fsync covered (those committers are likely coming
     * back), waits up to {@link #GROUP_WAIT_NANOS} (yielding) for them to queue, then writes them into
     * the same fsync. A lone committer waits only right after a burst (once: the next group is its own).
     */
    public void watchArrivals(BooleanSupplier committersArriving) {
        arrivals = committersArriving;
    }

    /** As leader (lock held, nobody writing): writes what is queued, syncs if asked, rolls if full. */
    private void lead(boolean sync) {
        writing = true;
        try {
            int group = writeQueued();
            if (sync && failure == null && (arrivals.getAsBoolean() || (group > 0 && group < lastGroup))) {
                // Committers are at the commit lock, or fewer records are here than the last fsync covered
                // (its committers are likely still on their way back): give them a moment to join this fsync.
                int expected = lastGroup;
                lock.unlock();
                try {
                    long end = System.nanoTime() + GROUP_WAIT_NANOS;
                    while ((arrivals.getAsBoolean() || group + queued < expected) && System.nanoTime() < end) {
                        Thread.yield();
                    }
                } finally {
                    lock.lock();
                }
                if (failure == null) {
                    group += writeQueued();
                }
            }
            if (sync && failure == null) {
                lastGroup = Math.max(1, group);
                syncTo(written);
            }
            if (failure == null && segment.size() >= segmentLimit) {
                rollSegment();
            }
        } finally {
            writing = false;
            wakeWaiters();
        }
    }

    /**
     * Lock held: wakes, first, one committer whose record is still not as durable as promised (the next
     * leader: it gets the lock before the others and starts the next write at once), then every
     * committer whose record now is, then the threads waiting on ownership flags. Committers neither
     * finished nor chosen sleep on: the next leader's batch covers them. On failure or close, all wake.
     */
    private void wakeWaiters() {
        if (!waiters.isEmpty()) {
            long reached = options.strict() ? durable : written;
            boolean all = failure != null || closed;
            Waiter next = null;
            if (!writing && !all) {
                for (Waiter w : waiters) {
                    if (w.ticket > reached && (next == null || w.ticket < next.ticket)) {
                        next = w;
                    }
                }
            }
            if (next != null) {
                wake(next);
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w == next) {
                    it.remove();
                } else if (all || w.ticket <= reached) {
                    it.remove();
                    wake(w);
                }
            }
        }
        progress.signalAll();
    }

    private static void wake(Waiter w) {
        w.woken = true;
        LockSupport.unpark(w.thread);
    }

    /** A committer parked in {@link #awaitDurable}; woken (and removed from the list) by {@link #wakeWaiters}. */
    private static final class Waiter {
        final long ticket;
        final Thread thread;
        volatile boolean woken;

        Waiter(long ticket, Thread thread) {
            this.ticket = ticket;
            this.thread = thread;
        }
    }

    /**
     * Lock held, {@code writing} owned: writes every queued record with one append, lock released
     * meanwhile; returns how many records it wrote.
     */
    private int writeQueued() {
        if (queue.isEmpty()) {
            return 0;
        }
        List<Pending> batch = List.copyOf(queue);
        queue.clear();
        queued = 0;
        Appender target = segment;
        byte[] bytes = concat(batch);
        IOException error = withoutLock("append", () -> target.append(bytes));
        if (error != null) {
            fail(error);
            return 0;
        }
        if (written == durable) {
            unsyncedSinceNanos = System.nanoTime();
            if (syncThread != null) {
                syncDue.signal();
            }
        }
        written = batch.get(batch.size() - 1).ticket();
        bytesSinceOpen += bytes.length;
        return batch.size();
    }

    /** One I/O step run without the lock. */
    private interface IoStep {
        void run() throws IOException;
    }

    /**
     * Lock held: runs {@code step} with the lock released (other committers queue meanwhile) and takes
     * it again; returns the step's failure, a runtime one wrapped, or null.
     */
    private IOException withoutLock(String what, IoStep step) {
        lock.unlock();
        try {
            step.run();
            return null;
        } catch (IOException e) {
            return e;
        } catch (RuntimeException e) {
            return new IOException("WAL " + what + " crashed: " + e, e);
        } finally {
            lock.lock();
        }
    }

    private static byte[] concat(List<Pending> batch) {
        if (batch.size() == 1) {
            return batch.get(0).framed();
        }
        int n = 0;
        for (Pending p : batch) {
            n += p.framed().length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (Pending p : batch) {
            System.arraycopy(p.framed(), 0, out, at, p.framed().length);
            at += p.framed().length;
        }
        return out;
    }

    /** Lock held: fsyncs the segment so that ticket {@code target} (already written) is durable. */
    private void syncTo(long target) {
        syncTo(target, false);
    }

    /**
     * As {@link #syncTo(long)}; with {@code trimFirst} ({@code writing} owned: close) a reserved segment is
     * first trimmed to its records, and synced even if nothing new was written.
     */
    private void syncTo(long target, boolean trimFirst) {
        while (syncing) {
            progress.awaitUninterruptibly();
        }
        if ((durable >= target && !trimFirst) || failure != null) {
            return;
        }
        syncing = true;
        Appender s = segment;
        long started = System.nanoTime();
        IOException error = withoutLock("sync", () -> {
            if (trimFirst) {
                segments.trim(s);
            }
            s.sync();
        });
        syncing = false;
        if (error != null) {
            fail(error);
            return;
        }
        syncs++;
        markDurable(target, started);
    }

    private void markDurable(long target, long startedNanos) {
        durable = Math.max(durable, target);
        // records written after the sync started are younger than its start: a conservative age
        unsyncedSinceNanos = written > durable ? startedNanos : 0;
        if (syncThread != null && written > durable) {
            syncDue.signal(); // still unsynced records: the timer re-arms from the sync's start
        }
    }

    /**
     * Lock held, {@code writing} owned: syncs and closes the current segment and opens the next one.
     * The old segment is complete and durable before the next one exists.
     */
    private void rollSegment() {
        while (syncing) {
            progress.awaitUninterruptibly();
        }
        if (failure != null) {
            return;
        }
        syncing = true;
        Appender old = segment;
        long target = written;
        long next = segmentSeq + 1;
        long started = System.nanoTime();
        SegmentOpener.Opened[] opened = new SegmentOpener.Opened[1];
        IOException error = withoutLock("roll", () -> {
            segments.trim(old);
            old.sync();
            old.close();
            opened[0] = segments.open(next);
        });
        syncing = false;
        if (error != null) {
            fail(error);
            return;
        }
        syncs++;
        segment = opened[0].appender();
        segmentLimit = opened[0].limit();
        segmentSeq = next;
        markDurable(target, started);
    }

    /** Lock held: waits until this thread owns writing (or the log failed). */
    private void acquireWriting() throws IOException {
        while (writing) {
            checkFailure();
            progress.awaitUninterruptibly();
        }
        checkFailure();
        writing = true;
    }

    private void releaseWriting() {
        writing = false;
        wakeWaiters();
    }

    /** Makes every record appended so far durable (fsync) before returning. */
    public void sync() throws IOException {
        lock.lock();
        try {
            checkUsable();
            long target = nextTicket - 1;
            if (durable < target) {
                acquireWriting();
                try {
                    writeQueued();
                    syncTo(target);
                } finally {
                    releaseWriting();
                }
                checkFailure();
            }
        } finally {
            lock.unlock();
            reportFailure();
        }
    }

    /**
     * Syncs and closes the current segment and starts the next one; returns the new segment's sequence.
     * Every record appended before the call is in an older segment (so those can be deleted once a
     * flush covers them).
     */
    public long roll() throws IOException {
        lock.lock();
        try {
            checkUsable();
            acquireWriting();
            try {
                writeQueued();
                rollSegment();
            } finally {
                releaseWriting();
            }
            checkFailure();
            return segmentSeq;
        } finally {
            lock.unlock();
            reportFailure();
        }
    }

    /**
     * Rolls to a new segment ({@link #roll()}) if the current one holds at least a quarter of a
     * segment or 4 MiB, whichever is less; returns whether it rolled. A flush calls it before freezing
     * the memtable, so that recovery after the flush reads little beyond the tail, while frequent
     * small flushes do not turn every segment (and, with reservation, a zero-filled file) into a few
     * kilobytes.
     */
    public boolean rollIfWorthIt() throws IOException {
        long threshold = Math.min(4L << 20, options.segmentBytes() / 4);
        if (currentSegmentBytes() < threshold) {
            return false;
        }
        roll();
        return true;
    }

    /** The sequence of the segment being appended to. */
    public long currentSegment() {
        return underLock(() -> segmentSeq);
    }

    /** Bytes written to the segment being appended to (its header and records; a reserved file is longer). */
    public long currentSegmentBytes() {
        return underLock(() -> segment.size());
    }

    /** Number of fsyncs issued by this writer. */
    public long syncCount() {
        return underLock(() -> syncs);
    }

    /** Bytes appended since this writer started (all segments). */
    public long bytesWritten() {
        return underLock(() -> bytesSinceOpen);
    }

    private long underLock(LongSupplier read) {
        lock.lock();
        try {
            return read.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** The sticky failure, or {@code null}. */
    public IOException failure() {
        return failure; // volatile
    }

    // ---- BUFFERED sync timer ------------------------------------------------------------------

    private void runSyncTimer() {
        long interval = TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis());
        lock.lock();
        try {
            while (!closing && failure == null) {
                if (written <= durable || syncing) {
                    syncDue.awaitUninterruptibly();
                    continue;
                }
                long wait = unsyncedSinceNanos + interval - System.nanoTime();
                if (wait > 0) {
                    try {
                        syncDue.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread; keep going until closed
                    }
                    continue;
                }
                syncTo(written); // without owning writing: leaders keep appending meanwhile
                wakeWaiters();
            }
        } finally {
            lock.unlock();
        }
        reportFailure();
    }

    // ---- failure and close --------------------------------------------------------------------

    /**
     * Lock held: records the first failure and wakes everybody. (Other state changes are signalled
     * once, by whoever made them, before it finally releases the lock: one wake-up per group.)
     */
    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        wakeWaiters();
        syncDue.signalAll();
    }

    /** Runs the failure callback once, outside the lock (it may take other locks). */
    private void reportFailure() {
        if (failure == null) {
            return;
        }
        IOException f;
        lock.lock();
        try {
            if (failure == null || failureReported) {
                return;
            }
            failureReported = true;
            f = failure;
        } finally {
            lock.unlock();
        }
        onFailure.accept(f);
    }

    /** Waits for {@code t} to end; an interrupt meanwhile is kept for the caller, not acted on. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, syncs everything written, closes the segment and stops the sync thread. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                syncDue.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (syncThread != null) {
            joinUninterruptibly(syncThread);
        }
        lock.lock();
        try {
            if (!closed) {
                while (writing) {
                    progress.awaitUninterruptibly();
                }
                writing = true;
                try {
                    if (failure == null) {
                        writeQueued();
                    }
                    if (failure == null) {
                        syncTo(written, options.reserve() != WalOptions.Reserve.NONE);
                    }
                    while (syncing) {
                        progress.awaitUninterruptibly();
                    }
                    try {
                        segment.close();
                    } catch (IOException e) {
                        if (failure == null) {
                            fail(e);
                        }
                    }
                    withoutLock("discard reservation", segments::discardAhead);
                } finally {
                    closed = true;
                    releaseWriting();
                }
            }
        } finally {
            lock.unlock();
            reportFailure();
        }
        lock.lock();
        try {
            checkFailure();
        } finally {
            lock.unlock();
        }
    }
}
