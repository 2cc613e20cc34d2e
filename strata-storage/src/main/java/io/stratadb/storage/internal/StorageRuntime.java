package io.stratadb.storage.internal;

import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CommitListener;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.Durability;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.StorageStats;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.commit.CommitLog;
import io.stratadb.storage.internal.commit.CommitPipeline;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.mvcc.BranchCatalog;
import io.stratadb.storage.internal.mvcc.BranchState;
import io.stratadb.storage.internal.mvcc.OccTransaction;
import io.stratadb.storage.internal.mvcc.ReadPath;
import io.stratadb.storage.internal.mvcc.RetentionCompactor;
import io.stratadb.storage.internal.mvcc.SnapshotView;
import io.stratadb.storage.internal.mvcc.StatsCollector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link Storage} implementation: wires the branch catalog, the read path over a
 * {@link SourceSet}, and the {@link CommitPipeline} with its {@link CommitLog}. The in-memory mode
 * uses a lone {@link Memtable} and {@link CommitLog#none()}; the durable layer builds the same
 * runtime through {@link #StorageRuntime(StorageOptions, Memtable, SourceSet, CommitLog, Timeline,
 * RecoveryHealth)} with its WAL, its tables and the timeline it recovered (after replaying records
 * with {@link #replay}).
 *
 * <p>Thread-safe; see {@link Storage} for the contract.
 */
public final class StorageRuntime implements Storage, OccTransaction.Host {
    private static final System.Logger LOG = System.getLogger(StorageRuntime.class.getName());

    private final StorageOptions options;
    private final CommitLog log;
    private final CommitPipeline pipeline;
    private final BranchCatalog catalog;
    private final ReadPath readPath;
    private final RecoveryHealth health;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Runnable openCheck = this::checkOpen;
    private volatile boolean closed;

    /** Opens a storage; only {@link Durability#IN_MEMORY} is implemented here. */
    public static Storage open(StorageOptions options) {
        if (options == null) {
            throw new InvalidKeyException("storage options must not be null");
        }
        if (options.durability() != Durability.IN_MEMORY) {
            return io.stratadb.storage.internal.lifecycle.DurableStorage.open(options);
        }
        Memtable memtable = new Memtable();
        return new StorageRuntime(options, memtable, SourceSet.fixed(memtable), CommitLog.none(), new Timeline(),
                RecoveryHealth.healthy());
    }

    /**
     * Builds a runtime over existing parts. {@code timeline} holds every version already present in
     * {@code sources}; the catalog is rebuilt from the catalog branch found there.
     */
    public StorageRuntime(StorageOptions options, Memtable memtable, SourceSet sources, CommitLog log,
                          Timeline timeline, RecoveryHealth health) {
        this(options, memtable, sources, log, timeline, health,
                timeline.last() > 0 ? timeline.timestampOf(1) : options.clockMicros().getAsLong());
    }

    /** As above, with the creation time of {@code default} as the durable layer recorded it. */
    public StorageRuntime(StorageOptions options, Memtable memtable, SourceSet sources, CommitLog log,
                          Timeline timeline, RecoveryHealth health, long defaultCreatedMicros) {
        this.options = options;
        this.log = log;
        this.health = health;
        this.readPath = new ReadPath(sources);
        this.pipeline = new CommitPipeline(memtable, timeline, log, options.clockMicros());
        this.catalog = new BranchCatalog(defaultCreatedMicros);
        rebuildCatalog();
    }

    /** Recovery: re-applies one logged record (dense versions), catalog records included. */
    public void replay(CommitRecord record) {
        pipeline.replay(record);
        if (record.isCatalog()) {
            rebuildCatalog();
        } else {
            BranchState b = catalog.byId(record.branchId());
            if (b != null) {
                b.committed(record.version(), record.timestampMicros());
            }
        }
    }

    private void rebuildCatalog() {
        try (var pin = readPath.sources().acquire()) {
            var srcs = pin.sources();
            // oldest source first (sources are newest first), so a newer catalog record (a delete) wins
            for (int i = srcs.length - 1; i >= 0; i--) {
                catalog.rebuild(srcs[i].iterator(new byte[8]));
            }
        }
    }

    // ---- branches ---------------------------------------------------------------------------------

    @Override
    public BranchInfo createBranch(String name) {
        checkWritable();
        BranchCatalog.checkName(name, "branch");
        return info(catalogCommit(name, null, -1));
    }

    @Override
    public BranchInfo fork(String source, String target) {
        checkWritable();
        BranchCatalog.checkName(source, "source branch");
        BranchCatalog.checkName(target, "target branch");
        return info(catalogCommit(target, source, -1));
    }

    @Override
    public BranchInfo fork(String source, String target, long version) {
        checkWritable();
        BranchCatalog.checkName(source, "source branch");
        BranchCatalog.checkName(target, "target branch");
        checkVersion(version);
        return info(catalogCommit(target, source, version));
    }

    /** Creates (source == null) or forks a branch through the pipeline; forkAt < 0 means "latest". */
    private BranchState catalogCommit(String target, String source, long forkAt) {
        BranchState[] created = new BranchState[1];
        pipeline.commit(new CommitPipeline.Stage() {
            @Override
            public CommitRecord prepare(long version, long ts) {
                BranchState parent = source == null ? null : catalog.requireLive(source);
                if (catalog.live(target) != null) {
                    throw new BranchExistsException(target);
                }
                long parentId = parent == null ? BranchState.NO_PARENT : parent.id();
                long forkVersion = parent == null ? 0 : forkAt < 0 ? version - 1 : forkAt;
                created[0] = new BranchState(target, catalog.reserveId(), parentId, forkVersion, ts, version, false);
                return new CommitRecord(version, ts, CommitRecord.CATALOG_BRANCH_ID,
                        List.of(BranchCatalog.catalogWrite(created[0], false)));
            }

            @Override
            public void applied(CommitRecord record) {
                catalog.register(created[0]);
            }
        });
        return created[0];
    }

    @Override
    public void deleteBranch(String name) {
        checkWritable();
        BranchCatalog.checkName(name, "branch");
        if (DEFAULT_BRANCH.equals(name)) {
            throw new InvalidKeyException("branch '" + DEFAULT_BRANCH + "' cannot be deleted");
        }
        pipeline.commit(new CommitPipeline.Stage() {
            private BranchState victim;

            @Override
            public CommitRecord prepare(long version, long ts) {
                victim = catalog.requireLive(name);
                return new CommitRecord(version, ts, CommitRecord.CATALOG_BRANCH_ID,
                        List.of(BranchCatalog.catalogWrite(victim, true)));
            }

            @Override
            public void applied(CommitRecord record) {
                catalog.markDeleted(victim);
            }
        });
    }

    @Override
    public List<BranchInfo> listBranches() {
        checkOpen();
        List<BranchInfo> out = new ArrayList<>();
        for (BranchState b : catalog.liveSorted()) {
            out.add(info(b));
        }
        return out;
    }

    @Override
    public Optional<BranchInfo> branch(String name) {
        checkOpen();
        BranchCatalog.checkName(name, "branch");
        BranchState b = catalog.live(name);
        return b == null ? Optional.empty() : Optional.of(info(b));
    }

    private BranchInfo info(BranchState b) {
        return new BranchInfo(b.name(), b.id(), Optional.ofNullable(catalog.liveParentName(b)), b.forkVersion(),
                b.createdMicros(), b.createdVersion(), b.lastCommitVersion(), b.updatedMicros());
    }

    // ---- reads ------------------------------------------------------------------------------------

    @Override
    public long latestVersion() {
        checkOpen();
        return pipeline.visibleVersion();
    }

    @Override
    public ReadView snapshot(String branch) {
        checkOpen();
        return view(catalog.requireLive(branch), pipeline.visibleVersion());
    }

    @Override
    public ReadView asOf(String branch, long version) {
        checkOpen();
        BranchState b = catalog.requireLive(branch);
        checkVersion(version);
        return view(b, version);
    }

    @Override
    public ReadView asOfTimestamp(String branch, long timestampMicros) {
        checkOpen();
        BranchState b = catalog.requireLive(branch);
        long latest = pipeline.visibleVersion();
        return view(b, pipeline.timeline().versionAt(timestampMicros, latest));
    }

    private SnapshotView view(BranchState b, long version) {
        return new SnapshotView(readPath, b.name(), catalog.chain(b, version), openCheck);
    }

    private void checkVersion(long version) {
        long latest = pipeline.visibleVersion();
        if (version < 0 || version > latest) {
            throw new InvalidKeyException("version " + version + " is not in 0.." + latest
                    + " (the latest visible commit version)");
        }
    }

    @Override
    public long timestampOf(long version) {
        checkOpen();
        checkVersion(version);
        return pipeline.timeline().timestampOf(version);
    }

    @Override
    public long versionAt(long timestampMicros) {
        checkOpen();
        return pipeline.timeline().versionAt(timestampMicros, pipeline.visibleVersion());
    }

    // ---- writes -----------------------------------------------------------------------------------

    @Override
    public CommitResult commit(String branch, WriteBatch batch) {
        if (batch == null) {
            throw new InvalidKeyException("write batch must not be null");
        }
        if (batch.isEmpty()) {
            throw new InvalidKeyException("write batch for branch '" + branch + "' is empty");
        }
        return commit(branch, -1, batch.writes(), null);
    }

    @Override
    public CommitResult commit(String branch, long branchId, List<WriteBatch.Write> writes, Runnable validation) {
        checkWritable();
        BranchCatalog.checkName(branch, "branch");
        CommitRecord r = pipeline.commit(new CommitPipeline.Stage() {
            private BranchState target;

            @Override
            public CommitRecord prepare(long version, long ts) {
                target = catalog.requireLive(branch);
                if (branchId >= 0 && target.id() != branchId) {
                    throw new StorageStateException("branch '" + branch
                            + "' was deleted and re-created after the transaction began");
                }
                if (validation != null) {
                    pipeline.awaitApplied(); // validation reads the memtable: every earlier commit must be in it
                    validation.run();
                }
                return new CommitRecord(version, ts, target.id(), writes);
            }

            @Override
            public void visible(CommitRecord record) {
                target.committed(record.version(), record.timestampMicros());
                notifyListeners(branch, record);
            }
        });
        return new CommitResult(r.version(), r.timestampMicros());
    }

    private void notifyListeners(String branch, CommitRecord r) {
        if (listeners.isEmpty()) {
            return;
        }
        CommitResult result = new CommitResult(r.version(), r.timestampMicros());
        for (CommitListener l : listeners) {
            try {
                l.committed(branch, result, r.writes());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "commit listener failed at version " + r.version(), e);
            }
        }
    }

    @Override
    public Transaction begin(String branch) {
        checkOpen();
        BranchState b = catalog.requireLive(branch);
        return new OccTransaction(this, readPath, view(b, pipeline.visibleVersion()), b.id());
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        checkOpen();
        if (listener == null) {
            throw new InvalidKeyException("commit listener must not be null");
        }
        listeners.add(listener);
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    @Override
    public void flush() {
        checkOpen();
        try {
            log.sync();
        } catch (IOException e) {
            throw new StorageIOException("commit log sync failed", e);
        }
    }

    /**
     * In memory: drops the shadowed versions the retention policy allows, except versions a child
     * branch still sees through its fork point, and whole branches deleted with no descendants.
     */
    @Override
    public void compact() {
        checkWritable();
        pipeline.underCommitLock(() -> new RetentionCompactor(pipeline.memtable(), catalog, options.retention(),
                options.clockMicros().getAsLong(), pipeline.visibleVersion()).run());
    }

    @Override
    public StorageStats stats() {
        checkOpen();
        long latest = pipeline.visibleVersion();
        long[] kv = StatsCollector.count(readPath, catalog, latest);
        return new StorageStats(kv[0], kv[1], catalog.liveSorted().size(), latest, pipeline.memtable().approximateBytes(),
                List.of(), 0, 0, 0, 0, health, pipeline.failure() == null ? "OPEN" : "DEGRADED");
    }

    @Override
    public RecoveryHealth recoveryHealth() {
        checkOpen();
        return health;
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            log.close();
        } catch (IOException e) {
            throw new StorageIOException("closing the commit log failed", e);
        }
    }

    @Override
    public void checkOpen() {
        if (closed) {
            throw new StorageStateException("storage is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (options.readOnly()) {
            throw new StorageStateException("storage is open read-only; writes are rejected");
        }
    }

    /** Durable layer hook: runs {@code action} holding the commit lock (no commit is applied meanwhile). */
    public void underCommitLock(Runnable action) {
        pipeline.underCommitLock(action);
    }

    /**
     * Durable layer hook (recovery): a branch's last commit as recorded at the last flush, for commits
     * that are in tables and therefore not replayed from the WAL. Never moves backwards.
     */
    public void restoreLastCommit(long branchId, long version, long micros) {
        BranchState b = catalog.byId(branchId);
        if (b != null) {
            b.committed(version, micros);
        }
    }

    /** Durable layer hook: the branch catalog (table compaction derives its retention pins from it). */
    public BranchCatalog catalog() {
        return catalog;
    }

    /** Durable layer hook: the timeline; under the commit lock its last version is the last applied commit. */
    public Timeline timeline() {
        return pipeline.timeline();
    }

    /** The active memtable (tests and the durable layer's flush). */
    public Memtable memtable() {
        return pipeline.memtable();
    }

    /** Under the commit lock: swaps in a fresh active memtable and returns the previous one. */
    public Memtable swapMemtable(Memtable next) {
        return pipeline.swapMemtable(next);
    }
}
