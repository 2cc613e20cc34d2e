package io.stratadb.storage.internal.commit;

import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.Memtable;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The single, serialized commit pipeline. Each commit gets one global version (previous + 1) and
 * one strictly increasing timestamp, is validated and applied under the commit lock, logged, made
 * durable outside the lock (so committers share fsyncs), and then published: the visible-version
 * watermark advances strictly in version order, so readers (which cap every read at the
 * watermark) only ever see whole commits.
 *
 * <p>Stages of one commit:
 * <ol>
 *   <li>under the commit lock: {@link Stage#prepare} (branch lookup, OCC validation), {@link CommitLog#append},
 *   the timeline, {@link Stage#applied};</li>
 *   <li>without locks: the writes go into the memtable the commit was assigned under the lock (a concurrent
 *   skip list, so committers insert in parallel), then {@link CommitLog#awaitDurable};</li>
 *   <li>in version order: watermark := version, then {@link Stage#visible} (listeners); one committer
 *   publishes every consecutive durable commit, so hooks may run on another committer's thread
 *   (see {@link #publish}).</li>
 * </ol>
 * Entries applied but not yet visible are invisible to readers but seen by later validations,
 * which is what first-committer-wins needs: a commit becomes visible only once its writes are in the
 * memtable, and anything that reads the memtable under the commit lock (validation through
 * {@link #awaitApplied}, {@link #underCommitLock}, {@link #swapMemtable}) first waits until every
 * commit registered before it has finished inserting. Inserts take microseconds and need no lock, so
 * the wait is short and cannot deadlock.
 *
 * <p>A log failure fails the pipeline: that commit and all later ones never become visible, and
 * every later commit throws {@link StorageStateException} carrying the cause. Thread-safe.
 */
public final class CommitPipeline {
    /** One commit's hooks. */
    public interface Stage {
        /**
         * Under the commit lock: validate and build the record with the given version and timestamp.
         * Throwing aborts the commit; nothing (not even the version) is consumed.
         */
        CommitRecord prepare(long version, long timestampMicros);

        /** Under the commit lock, after the record was applied and logged (e.g. catalog bookkeeping). */
        default void applied(CommitRecord record) {
        }

        /** After the record became visible, in version order; must not commit. */
        default void visible(CommitRecord record) {
        }
    }

    /** The active memtable commits apply to; replaced only under the commit lock ({@link #swapMemtable}). */
    private volatile Memtable memtable;
    private final Timeline timeline;
    private final CommitLog log;
    private final LongSupplier clock;

    private final ReentrantLock commitLock = new ReentrantLock();
    /** Commits registered under the commit lock whose writes are not yet all in their memtable. */
    private final AtomicInteger applying = new AtomicInteger();
    private long lastVersion;
    private long lastTimestamp;

    private final ReentrantLock publishLock = new ReentrantLock();
    private final Condition turn = publishLock.newCondition();
    private volatile long visibleVersion;
    private volatile Throwable failure;
    /** The thread running visibility hooks (set under publishLock): a hook must not commit. */
    private volatile Thread publisher;
    /** Applied commits not yet visible, in version order: added under the commit lock, removed under the publish lock. */
    private final ConcurrentLinkedQueue<Publication> awaiting = new ConcurrentLinkedQueue<>();
    private long knownDurableTicket; // guarded by publishLock

    public CommitPipeline(Memtable memtable, Timeline timeline, CommitLog log, LongSupplier clock) {
        this.memtable = memtable;
        this.timeline = timeline;
        this.log = log;
        log.watchArrivals(() -> commitLock.isLocked() || commitLock.hasQueuedThreads());
        this.clock = clock;
        this.lastVersion = timeline.last();
        this.lastTimestamp = timeline.timestampOf(lastVersion);
        this.visibleVersion = lastVersion;
    }

    /** The newest visible version: readers cap their reads at it. */
    public long visibleVersion() {
        return visibleVersion;
    }

    /** The active memtable (commits apply to it). */
    public Memtable memtable() {
        return memtable;
    }

    /**
     * Under the commit lock: makes {@code next} the memtable later commits apply to and returns the
     * previous one, which no commit touches again (a flush writes it out whole): commits still inserting
     * into it finish first.
     */
    public Memtable swapMemtable(Memtable next) {
        awaitApplied();
        Memtable old = memtable;
        memtable = next;
        return old;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The cause of a failed pipeline, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Runs one commit through all stages and returns its record once it is visible.
     *
     * @throws StorageStateException if the pipeline failed earlier or this is called from a listener
     * @throws StorageIOException    if the log fails for this commit
     */
    public CommitRecord commit(Stage stage) {
        if (publisher == Thread.currentThread()) {
            throw new StorageStateException("a CommitListener must not commit (called from a listener)");
        }
        CommitRecord record;
        long ticket;
        Publication mine;
        Memtable target;
        commitLock.lock();
        try {
            checkHealthy();
            long version = lastVersion + 1;
            long ts = Math.max(clock.getAsLong(), lastTimestamp + 1);
            record = stage.prepare(version, ts);
            if (record.version() != version || record.timestampMicros() != ts) {
                throw new IllegalStateException("stage built a record with the wrong version or timestamp");
            }
            try {
                ticket = log.append(record);
            } catch (IOException | RuntimeException e) {
                throw fail(e);
            }
            target = memtable;
            advance(record);
            stage.applied(record);
            mine = new Publication(record, stage, ticket);
            applying.incrementAndGet();
            awaiting.add(mine); // in version order (versions are dense), so the head is the next to publish
        } finally {
            commitLock.unlock();
        }
        try {
            insert(target, record);
        } catch (RuntimeException | Error e) {
            // logged but only partly applied: it must never become visible, nor anything after it
            throw fail(e);
        } finally {
            applying.decrementAndGet();
        }
        mine.applied = true;
        long durableBound;
        try {
            durableBound = log.awaitDurable(ticket);
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
        publish(mine, durableBound);
        return record;
    }

    /**
     * Recovery: applies a record that was already logged (versions must be dense and increasing)
     * and makes it visible at once. Only before the storage is handed out (single-threaded).
     */
    public void replay(CommitRecord record) {
        commitLock.lock();
        try {
            if (record.version() != lastVersion + 1) {
                throw new IllegalStateException("replay expects version " + (lastVersion + 1) + ", got "
                        + record.version());
            }
            insert(memtable, record);
            advance(record);
            visibleVersion = record.version();
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * Runs {@code action} with the commit lock held (no commit can start meanwhile) once every commit
     * registered before has its writes in the memtable.
     */
    public void underCommitLock(Runnable action) {
        commitLock.lock();
        try {
            awaitApplied();
            action.run();
        } finally {
            commitLock.unlock();
        }
    }

    /**
     * Under the commit lock: waits until every registered commit's writes are in the memtable, so what
     * the memtable holds is exactly the commits up to the last version (OCC validation reads it).
     */
    public void awaitApplied() {
        if (!commitLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("awaitApplied is called only under the commit lock");
        }
        while (applying.get() != 0) {
            Thread.yield(); // an insert takes microseconds and needs no lock
        }
    }

    private static void insert(Memtable target, CommitRecord r) {
        for (WriteBatch.Write w : r.writes()) {
            target.put(InternalKeyCodec.encode(r.branchId(), w.key(), r.version()), w.value(), r.timestampMicros());
        }
    }

    /** Under the commit lock: the timeline and the last version move to {@code r}. */
    private void advance(CommitRecord r) {
        timeline.append(r.version(), r.timestampMicros());
        lastVersion = r.version();
        lastTimestamp = r.timestampMicros();
    }

    /**
     * Makes {@code mine} visible in version order. Every applied commit is registered (under the commit
     * lock, so in version order) before it waits for durability; the log's answer says up to which ticket
     * records are durable. A committer publishes every consecutive registered commit known durable (its
     * own, and those the same fsync covered), running their {@link Stage#visible} hooks in version order.
     * So a group of commits that shared one fsync becomes visible at once, without one hand-off per
     * commit; a committer waits only if a predecessor is not yet known durable.
     */
    private void publish(Publication mine, long durableBound) {
        long v = mine.record.version();
        if (mine.done) { // a publisher already ran this commit's hooks: no lock needed
            if (mine.hookFailure != null) {
                throw mine.hookFailure;
            }
            return;
        }
        publishLock.lock();
        try {
            mine.durable = true;
            knownDurableTicket = Math.max(knownDurableTicket, durableBound);
            while (visibleVersion < v) {
                if (publishable(next())) {
                    publishQueued();
                } else if (failure != null) {
                    awaiting.remove(mine);
                    throw new StorageStateException("commit " + v
                            + " cannot become visible: an earlier commit failed", failure);
                } else {
                    turn.awaitUninterruptibly();
                }
            }
        } finally {
            publishLock.unlock();
        }
        if (mine.hookFailure != null) {
            throw mine.hookFailure;
        }
    }

    /** Publish lock held: the registered commit right after the visible version, or null. */
    private Publication next() {
        Publication head = awaiting.peek();
        return head != null && head.record.version() == visibleVersion + 1 ? head : null;
    }

    /** Publish lock held: its writes are in the memtable and its record is durable. */
    private boolean publishable(Publication p) {
        return p != null && p.applied && (p.durable || p.ticket <= knownDurableTicket);
    }

    /** Publish lock held: publishes consecutive durable commits in version order, then wakes the waiters. */
    private void publishQueued() {
        publisher = Thread.currentThread();
        try {
            Publication p;
            while (publishable(p = next())) {
                awaiting.poll();
                visibleVersion = p.record.version();
                try {
                    p.stage.visible(p.record);
                } catch (RuntimeException e) {
                    p.hookFailure = e; // an Error propagates; the next waiter carries on publishing
                }
                p.done = true;
            }
        } finally {
            publisher = null;
            turn.signalAll();
        }
    }

    /** An applied commit waiting to become visible; {@code hookFailure} goes back to its committer. */
    private static final class Publication {
        final CommitRecord record;
        final Stage stage;
        final long ticket;
        volatile boolean applied; // its writes are in the memtable
        boolean durable; // guarded by publishLock: its own awaitDurable returned
        RuntimeException hookFailure; // written before done
        volatile boolean done; // visible and hooks run

        Publication(CommitRecord record, Stage stage, long ticket) {
            this.record = record;
            this.stage = stage;
            this.ticket = ticket;
        }
    }

    private StorageException fail(Throwable e) {
        failure = e;
        publishLock.lock();
        try {
            turn.signalAll();
        } finally {
            publishLock.unlock();
        }
        if (e instanceof IOException io) {
            return new StorageIOException("commit log failed; the storage accepts no more writes", io);
        }
        return new StorageStateException("commit pipeline failed (" + e + "); the storage accepts no more writes", e);
    }

    private void checkHealthy() {
        Throwable f = failure;
        if (f != null) {
            throw new StorageStateException("storage is failed after a commit-log error and accepts no writes", f);
        }
    }
}
