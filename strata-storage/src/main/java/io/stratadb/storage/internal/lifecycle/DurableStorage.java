package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CommitListener;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.Durability;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStats;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.StorageRuntime;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.commit.CommitLog;
import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.manifest.ManifestRecord;
import io.stratadb.storage.internal.manifest.ManifestStore;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.wal.WalCommitLog;
import io.stratadb.storage.internal.wal.WalOptions;
import io.stratadb.storage.internal.wal.WalReplay;
import io.stratadb.storage.internal.wal.WalWriter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The durable {@link Storage} ({@link Durability#BUFFERED} and {@link Durability#STRICT}): the in-memory
 * {@link StorageRuntime} with the WAL as its commit log, plus recovery and the L8 lifecycle.
 *
 * <p><b>Open</b> (recovery): take the writer lock (not read-only) → load {@code manifest/current} (a new
 * database publishes an empty one) → replay the WAL after the manifest's flushed version into the
 * runtime → truncate a torn or corrupt tail and quarantine segments after a hole (reported in
 * {@link #recoveryHealth()}) → delete objects the manifest does not reach → start the WAL writer on a
 * new segment. The recovered state is a prefix of the acknowledged commits; in STRICT, all of them.
 *
 * <p><b>Commits</b> go WAL-first through the runtime's pipeline: STRICT returns after the fsync (shared
 * by concurrent committers), BUFFERED after the write, with an fsync at least every
 * {@code syncIntervalMillis}. <b>Failures</b> of the WAL writer move the storage to DEGRADED: writes fail
 * with the cause, reads keep working; reopen to recover.
 *
 * <p>Thread-safe; see {@link Storage}. {@link #close()} syncs the WAL and releases the lock; idempotent.
 */
public final class DurableStorage implements Storage {
    private final StorageOptions options;
    private final Backend backend;
    private final WriterLock lock;
    private final Lifecycle lifecycle;
    private final StorageRuntime runtime;
    private final WalCommitLog log;
    private final RecoveryHealth health;
    private final ManifestRecord manifest;

    private DurableStorage(StorageOptions options, Backend backend, WriterLock lock, Lifecycle lifecycle,
                           StorageRuntime runtime, WalCommitLog log, RecoveryHealth health, ManifestRecord manifest) {
        this.options = options;
        this.backend = backend;
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.runtime = runtime;
        this.log = log;
        this.health = health;
        this.manifest = manifest;
    }

    /** Opens the database under {@code options.root()} on the local file system. */
    public static DurableStorage open(StorageOptions options) {
        Backend backend;
        try {
            backend = options.readOnly() ? LocalFsBackend.existing(options.root()) : new LocalFsBackend(options.root());
        } catch (IOException e) {
            throw new StorageIOException("cannot open database directory " + options.root() + ": " + e.getMessage(), e);
        }
        return open(options, backend, WalOptions.DEFAULT_SEGMENT_BYTES);
    }

    /** Opens over any backend (tests: in-memory and fault-injecting). */
    public static DurableStorage open(StorageOptions options, Backend backend, long walSegmentBytes) {
        if (options.durability() == Durability.IN_MEMORY) {
            throw new IllegalArgumentException("DurableStorage needs BUFFERED or STRICT durability");
        }
        Lifecycle lifecycle = new Lifecycle(backend.describe(), options.readOnly());
        WriterLock lock = options.readOnly() ? null : WriterLock.acquire(backend);
        WalWriter writer = null;
        try {
            ManifestStore store = new ManifestStore(backend);
            ManifestRecord manifest;
            Optional<ManifestRecord> loaded = store.load();
            if (loaded.isPresent()) {
                manifest = loaded.get();
            } else if (options.readOnly()) {
                if (!backend.list(Layout.WAL_DIR).isEmpty()) {
                    manifest = ManifestRecord.empty();
                } else {
                    throw new StorageIOException("no database at " + backend.describe() + " (no " + Layout.CURRENT
                            + "); a read-only open cannot create one", new java.nio.file.NoSuchFileException(
                            Layout.CURRENT));
                }
            } else {
                manifest = ManifestRecord.empty();
                store.publish(manifest);
            }
            RecoveryReport report = new RecoveryReport();
            if (manifest.flushedVersion() > 0) {
                throw new StorageIOException("database at " + backend.describe() + " has flushed tables, which this "
                        + "build cannot read yet", new IOException("manifest flushedVersion " + manifest.flushedVersion()));
            }
            Memtable memtable = new Memtable();
            WalCommitLog walLog = new WalCommitLog();
            CommitLog commitLog = options.readOnly() ? CommitLog.none() : walLog;
            StorageRuntime runtime = new StorageRuntime(options, memtable, SourceSet.fixed(memtable), commitLog,
                    new Timeline(), RecoveryHealth.healthy());
            WalReplay.Result replay = WalReplay.replay(backend, manifest.walStartSegment(), manifest.flushedVersion(),
                    true, !options.readOnly(),
                    (entry, object, offset) -> runtime.replay(WalCommitLog.decode(entry, object, offset)));
            report.problems(replay.problems());
            if (!options.readOnly()) {
                store.collectGarbage(manifest, true);
                WalOptions wo = new WalOptions(options.durability() == Durability.STRICT, options.syncIntervalMillis(),
                        walSegmentBytes);
                writer = new WalWriter(backend, wo, replay.nextSegment(),
                        replay.lastVersion(), lifecycle::degrade);
                walLog.bind(writer);
            }
            lifecycle.opened();
            return new DurableStorage(options, backend, lock, lifecycle, runtime, walLog, report.health(), manifest);
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer, e);
            closeQuietly(lock, e);
            if (e instanceof StorageException se) {
                throw se;
            }
            if (e instanceof IOException io) {
                throw new StorageIOException("cannot open database at " + backend.describe() + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void closeQuietly(AutoCloseable c, Throwable into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }

    /** The lifecycle state (tests, {@code info()}). */
    public LifecycleState state() {
        return lifecycle.state();
    }

    /** The backend this storage runs on (tests). */
    public Backend backend() {
        return backend;
    }

    // ---- branches -------------------------------------------------------------------------------

    @Override
    public BranchInfo createBranch(String name) {
        lifecycle.checkWritable();
        return runtime.createBranch(name);
    }

    @Override
    public BranchInfo fork(String source, String target) {
        lifecycle.checkWritable();
        return runtime.fork(source, target);
    }

    @Override
    public BranchInfo fork(String source, String target, long version) {
        lifecycle.checkWritable();
        return runtime.fork(source, target, version);
    }

    @Override
    public void deleteBranch(String name) {
        lifecycle.checkWritable();
        runtime.deleteBranch(name);
    }

    @Override
    public List<BranchInfo> listBranches() {
        lifecycle.checkReadable();
        return runtime.listBranches();
    }

    @Override
    public Optional<BranchInfo> branch(String name) {
        lifecycle.checkReadable();
        return runtime.branch(name);
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public long latestVersion() {
        lifecycle.checkReadable();
        return runtime.latestVersion();
    }

    @Override
    public ReadView snapshot(String branch) {
        lifecycle.checkReadable();
        return runtime.snapshot(branch);
    }

    @Override
    public ReadView asOf(String branch, long version) {
        lifecycle.checkReadable();
        return runtime.asOf(branch, version);
    }

    @Override
    public ReadView asOfTimestamp(String branch, long timestampMicros) {
        lifecycle.checkReadable();
        return runtime.asOfTimestamp(branch, timestampMicros);
    }

    @Override
    public long timestampOf(long version) {
        lifecycle.checkReadable();
        return runtime.timestampOf(version);
    }

    @Override
    public long versionAt(long timestampMicros) {
        lifecycle.checkReadable();
        return runtime.versionAt(timestampMicros);
    }

    // ---- writes ---------------------------------------------------------------------------------

    @Override
    public CommitResult commit(String branch, WriteBatch batch) {
        lifecycle.checkWritable();
        return runtime.commit(branch, batch);
    }

    @Override
    public Transaction begin(String branch) {
        lifecycle.checkReadable();
        return runtime.begin(branch);
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        lifecycle.checkReadable();
        runtime.addCommitListener(listener);
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    @Override
    public void flush() {
        lifecycle.checkReadable();
        if (options.readOnly()) {
            return;
        }
        lifecycle.checkWritable();
        runtime.flush();
    }

    @Override
    public void compact() {
        lifecycle.checkWritable();
        runtime.compact();
    }

    @Override
    public StorageStats stats() {
        lifecycle.checkReadable();
        StorageStats s = runtime.stats();
        return new StorageStats(s.keys(), s.versions(), s.branches(), s.latestVersion(), s.memtableBytes(),
                s.bytesPerLevel(), walBytes(), s.cacheHitRate(), health, lifecycle.state().name());
    }

    private long walBytes() {
        long total = 0;
        try {
            for (long seq : WalReplay.segments(backend)) {
                if (seq >= manifest.walStartSegment()) {
                    total += backend.size(Layout.walSegment(seq));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    @Override
    public RecoveryHealth recoveryHealth() {
        lifecycle.checkReadable();
        return health;
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    /** Syncs the WAL, stops its writer and releases the writer lock. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.beginClose()) {
            return;
        }
        StorageException failure = null;
        try {
            runtime.close();
        } catch (StorageException e) {
            failure = e;
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                StorageIOException se = new StorageIOException("releasing the writer lock failed", e);
                if (failure == null) {
                    failure = se;
                } else {
                    failure.addSuppressed(se);
                }
            }
        }
        lifecycle.closed();
        if (failure != null && !lifecycle.wasDegraded()) {
            throw failure;
        }
    }
}
