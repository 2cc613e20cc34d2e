package io.stratadb.internal.vector;

import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns the derived collection indexes of one storage: builds them from a scan (or a persisted
 * file checked against the scan), keeps them current from the commit listener, settles fresh
 * rows into the graphs on a background thread, persists them on request and at close, and says
 * whether an index describes a given view exactly ({@link #usableFor}).
 *
 * <p>Thread-safe. The commit listener does only cheap work (decode and record the row); graph
 * inserts run on the background thread or the first searching thread.
 */
final class IndexRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IndexRegistry.class.getName());

    /** Identity of an index: branch name, space, collection (the branch id is checked on use). */
    record Id(String branch, String space, String collection) {
    }

    private final Storage storage;
    private final VectorStoreOptions options;
    private final IndexFiles files;
    private final ConcurrentHashMap<Id, CollectionIndex> indexes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Id, ReentrantLock> buildLocks = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final AtomicLong seenVersion = new AtomicLong();
    private final AtomicLong builds = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();
    private volatile boolean closed;

    IndexRegistry(Storage storage, VectorStoreOptions options) {
        this.storage = storage;
        this.options = options;
        this.files = options.indexDir() == null ? null : new IndexFiles(options.indexDir());
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "strata-vector-settle");
            t.setDaemon(true);
            return t;
        });
        storage.addCommitListener(this::committed);
        seenVersion.accumulateAndGet(storage.latestVersion(), Math::max);
    }

    /** Graphs built from scratch so far (test and stats hook). */
    long builds() {
        return builds.get();
    }

    /** Graphs reused from a persisted file or a parent branch's index so far (test and stats hook). */
    long loads() {
        return loads.get();
    }

    // ---- commit listener --------------------------------------------------------------------

    private void committed(String branch, CommitResult commit, List<WriteBatch.Write> writes) {
        if (closed) {
            return;
        }
        Set<CollectionIndex> touched = new HashSet<>();
        for (WriteBatch.Write w : writes) {
            if (w.key().keyspace() != Keyspaces.VECTOR) {
                continue;
            }
            VectorKeys.Parsed p = VectorKeys.parse(w.key().userKeyNoCopy());
            if (p == null) {
                continue;
            }
            Id id = new Id(branch, w.key().space(), p.collection());
            if (p.isConfig()) {
                CollectionIndex old = indexes.remove(id);
                if (old != null) {
                    old.drop();
                }
                continue;
            }
            CollectionIndex idx = indexes.get(id);
            if (idx == null) {
                continue;
            }
            try {
                idx.apply(p.key(), w.value(), commit.version());
                touched.add(idx);
            } catch (RuntimeException e) { // never a reason to fail a commit: forget the index instead
                LOG.log(System.Logger.Level.WARNING, "dropping vector index " + id + ": " + e.getMessage());
                indexes.remove(id, idx);
                idx.drop();
            }
        }
        seenVersion.accumulateAndGet(commit.version(), Math::max);
        for (CollectionIndex idx : touched) {
            if (idx.freshSize() >= options.freshLimit()) {
                scheduleSettle(idx);
            }
        }
    }

    private void scheduleSettle(CollectionIndex idx) {
        if (!closed && idx.settleScheduled.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    idx.settleScheduled.set(false);
                    settleAndMaybeRetire(idx);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                idx.settleScheduled.set(false);
            }
        }
    }

    private void settleAndMaybeRetire(CollectionIndex idx) {
        try {
            idx.settle(options.buildThreads());
            var g = idx.graph();
            if (g.deletedCount() > Math.max(1000, g.size() / 2)
                    || g.mipsOverflowCount() > Math.max(8, g.size() / 50)) {
                // too many dead nodes, or too many vectors beyond the inner-product norm bound:
                // let the next search rebuild a clean graph
                indexes.remove(new Id(idx.branch, idx.space, idx.config.name()), idx);
                idx.drop();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "vector index settle failed for " + idx.config.name() + ": " + e);
            indexes.remove(new Id(idx.branch, idx.space, idx.config.name()), idx);
            idx.drop();
        }
    }

    // ---- lookup and build ---------------------------------------------------------------------

    /**
     * The index of the collection on the view's branch if it describes {@code view} exactly, else
     * empty (the caller scans). Builds a missing index first when no other thread is building it.
     */
    Optional<CollectionIndex> usableFor(ReadView view, String space, CollectionConfig config) {
        if (view instanceof Transaction t && t.hasWrites()) {
            return Optional.empty(); // its own writes are not in any index
        }
        Optional<BranchInfo> branch = storage.branch(view.branch());
        if (branch.isEmpty()) {
            return Optional.empty();
        }
        long branchId = branch.get().id();
        Id id = new Id(view.branch(), space, config.name());
        CollectionIndex idx = indexes.get(id);
        if (idx != null && idx.branchId == branchId && idx.state() != CollectionIndex.State.DROPPED
                && config.version() < idx.config.version()) {
            return Optional.empty(); // an older incarnation of the collection (as-of): scan, keep the index
        }
        if (idx == null || idx.branchId != branchId || idx.config.version() != config.version()
                || idx.state() == CollectionIndex.State.DROPPED) {
            idx = build(id, branchId, config);
            if (idx == null) {
                return Optional.empty();
            }
        }
        return usable(idx, view) ? Optional.of(idx) : Optional.empty();
    }

    /**
     * Whether {@code idx} holds exactly the collection's rows of {@code view}: it is not newer than the
     * view ({@code validFrom <= version}) and every commit of the branch up to the view's version has
     * reached it (the listener has seen the view's version, or the branch has had no commit since the
     * last one seen; catalog commits such as forks advance versions without telling listeners).
     * A view of a deleted branch whose name was re-created is older than the new branch, hence older
     * than any index of it. Called before and after a search.
     */
    boolean usable(CollectionIndex idx, ReadView view) {
        long v = view.version();
        if (idx.state() != CollectionIndex.State.READY || idx.validFrom() > v) {
            return false;
        }
        long seen = seenVersion.get();
        if (v <= seen) {
            return true;
        }
        Optional<BranchInfo> b = storage.branch(view.branch());
        return b.isPresent() && b.get().id() == idx.branchId && b.get().lastCommitVersion() <= seen;
    }

    /** The index if one is loaded (no build), for stats. */
    CollectionIndex peek(String branch, String space, String collection) {
        return indexes.get(new Id(branch, space, collection));
    }

    private CollectionIndex build(Id id, long branchId, CollectionConfig config) {
        ReentrantLock lock = buildLocks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return null; // someone else is building: scan meanwhile
        }
        try {
            CollectionIndex existing = indexes.get(id);
            if (existing != null && existing.branchId == branchId && existing.config.version() == config.version()
                    && existing.state() != CollectionIndex.State.DROPPED) {
                return existing;
            }
            var current = storage.snapshot(id.branch()).get(VectorKeys.config(id.space(), id.collection()));
            if (current.isEmpty() || current.get().version() != config.version()) {
                return null; // the view reads a config that is no longer the branch's: never index the past
            }
            sweepDeadBranches();
            Similarity sim = new Similarity(config.metric(), options.kernel());
            CollectionIndex idx = new CollectionIndex(id.branch(), branchId, id.space(), config, sim,
                    options.efSearch());
            CollectionIndex replaced = indexes.put(id, idx); // from now on the listener feeds idx.pending
            if (replaced != null) {
                replaced.drop();
            }
            ReadView snap = storage.snapshot(id.branch());
            var cfgNow = snap.get(VectorKeys.config(id.space(), id.collection()));
            if (cfgNow.isEmpty() || cfgNow.get().version() != config.version()) {
                indexes.remove(id, idx);
                idx.drop();
                return null;
            }
            List<CollectionIndex.Row> rows = new ArrayList<>();
            try (CloseableIterator<KeyValue> it = snap.scan(VectorKeys.rows(id.space(), id.collection()))) {
                while (it.hasNext()) {
                    KeyValue kv = it.next();
                    VectorKeys.Parsed p = VectorKeys.parse(kv.key().userKeyNoCopy());
                    rows.add(new CollectionIndex.Row(p.key(), kv.value(), kv.version()));
                }
            }
            PersistedIndex persisted = loadPersisted(branchId, id, sim, config);
            if (persisted == null) {
                persisted = fromParent(id, config);
            }
            idx.build(rows, snap.version(), persisted, options.buildThreads());
            if (persisted != null) {
                loads.incrementAndGet();
            } else {
                builds.incrementAndGet();
            }
            return idx;
        } catch (RuntimeException e) {
            CollectionIndex failed = indexes.get(id);
            if (failed != null && failed.state() == CollectionIndex.State.BUILDING) {
                indexes.remove(id, failed);
                failed.drop();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A fork starts from a copy of its parent's index (when the parent has one for the same
     * collection incarnation): the reconcile in {@code CollectionIndex.build} keeps the nodes whose
     * key and row version the child still has, so a fork does not pay for a full graph build.
     */
    private PersistedIndex fromParent(Id id, CollectionConfig config) {
        Optional<BranchInfo> b = storage.branch(id.branch());
        if (b.isEmpty() || b.get().parent().isEmpty()) {
            return null;
        }
        CollectionIndex parent = indexes.get(new Id(b.get().parent().get(), id.space(), id.collection()));
        if (parent == null || parent.config.version() != config.version()) {
            return null;
        }
        return parent.copyForFork();
    }

    /** Forgets indexes of branches that were deleted (or deleted and re-created) since they were built. */
    private void sweepDeadBranches() {
        for (var e : indexes.entrySet()) {
            Optional<BranchInfo> b = storage.branch(e.getKey().branch());
            if (b.isEmpty() || b.get().id() != e.getValue().branchId) {
                if (indexes.remove(e.getKey(), e.getValue())) {
                    e.getValue().drop();
                }
            }
        }
    }

    private PersistedIndex loadPersisted(long branchId, Id id, Similarity sim, CollectionConfig config) {
        if (files == null) {
            return null;
        }
        try {
            PersistedIndex p = files.read(branchId, id.space(), id.collection(), sim);
            if (p != null && p.configVersion() == config.version() && p.graph().dimension() == config.dimension()) {
                return p;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring vector index file, rebuilding: " + e.getMessage());
        }
        return null;
    }

    // ---- maintenance ---------------------------------------------------------------------------

    /** Moves every index's fresh rows into its graph now (tests, and before persisting). */
    void settleAll() {
        for (CollectionIndex idx : indexes.values()) {
            settleAndMaybeRetire(idx);
        }
    }

    /** Writes every ready index to the index directory (no-op without one). */
    void persistAll() {
        if (files == null) {
            return;
        }
        for (CollectionIndex idx : indexes.values()) {
            idx.settleLock.lock();
            try {
                if (idx.state() != CollectionIndex.State.READY) {
                    continue;
                }
                idx.settle(options.buildThreads());
                files.write(idx.branchId, idx.space, idx.config.name(), idx.snapshotForPersist());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not persist vector index " + idx.config.name() + ": "
                        + e.getMessage());
            } finally {
                idx.settleLock.unlock();
            }
        }
    }

    /** Forgets every in-memory index (tests: forces the next search to load or rebuild). */
    void dropAll() {
        for (CollectionIndex idx : indexes.values()) {
            idx.drop();
        }
        indexes.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        persistAll();
        closed = true;
        dropAll();
    }
}
