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
import io.stratadb.storage.StorageStateException;
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
import io.stratadb.storage.internal.lsm.BackendTableStore;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.manifest.RuntimeState;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable {@link Storage} ({@link Durability#BUFFERED} and {@link Durability#STRICT}): the in-memory
 * {@link StorageRuntime} with the WAL as its commit log, plus recovery and the L8 lifecycle.
 *
 * <p><b>Open</b> (recovery): take the writer lock (not read-only) → load {@code manifest/current} (a new
 * database publishes an empty one) → open its tables and timeline → replay the WAL after the manifest's
 * flushed version into the runtime → truncate a torn or corrupt tail and quarantine segments after a hole (reported in
 * {@link #recoveryHealth()}) → delete objects the manifest does not reach → start the WAL writer on a
 * new segment. The recovered state is a prefix of the acknowledged commits; in STRICT, all of them.
 *
 * <p><b>Commits</b> go WAL-first through the runtime's pipeline: STRICT returns after the fsync (shared
 * by concurrent committers), BUFFERED after the write, with an fsync at least every
 * {@code syncIntervalMillis}. A memtable over {@code memtableBytes} is flushed to an L0 table in the
 * background ({@link Flusher}), then the manifest moves past it and older WAL segments are deleted;
 * a writer that finds the memtable at twice its budget flushes itself (slowed, not failed).
 * {@link #flush()} syncs the WAL and flushes the memtable. <b>Failures</b> of the WAL writer move the storage to DEGRADED: writes fail
 * with the cause, reads keep working; reopen to recover.
 *
 * <p>Thread-safe; see {@link Storage}. {@link #close()} flushes, syncs the WAL and releases the lock;
 * idempotent.
 */
public final class DurableStorage implements Storage {
    /**
     * Internal knobs (tests).
     *
     * @param walSegmentBytes WAL segment roll size
     * @param backgroundFlush flush full memtables on a background thread ({@code false}: inline in the
     *                        committing thread, which makes the I/O sequence deterministic for crash tests)
     * @param levels          shape of the LSM tree (small level targets let tests reach deep levels)
     */
    public record Tuning(long walSegmentBytes, boolean backgroundFlush, LevelOptions levels) {
        public Tuning {
            java.util.Objects.requireNonNull(levels, "levels");
        }

        public Tuning(long walSegmentBytes, boolean backgroundFlush) {
            this(walSegmentBytes, backgroundFlush, LevelOptions.defaults());
        }

        public static Tuning defaults() {
            return new Tuning(WalOptions.DEFAULT_SEGMENT_BYTES, true);
        }
    }

    private final StorageOptions options;
    private final Tuning tuning;
    private final Backend backend;
    private final WriterLock lock;
    private final Lifecycle lifecycle;
    private final StorageRuntime runtime;
    private final LsmTree lsm;
    private final Flusher flusher;
    private final RecoveryHealth health;
    private final ExecutorService background;
    /** Compactions run on their own thread, so a long merge never delays a flush (null: inline). */
    private final ExecutorService compactions;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean compactionScheduled = new AtomicBoolean();

    private DurableStorage(StorageOptions options, Tuning tuning, Backend backend, WriterLock lock,
                           Lifecycle lifecycle, StorageRuntime runtime, LsmTree lsm,
                           Flusher flusher, RecoveryHealth health) {
        this.options = options;
        this.tuning = tuning;
        this.backend = backend;
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.runtime = runtime;
        this.lsm = lsm;
        this.flusher = flusher;
        this.health = health;
        this.background = options.readOnly() || !tuning.backgroundFlush() ? null : daemonExecutor("strata-flush");
        this.compactions = background == null ? null : daemonExecutor("strata-compact");
    }

    private static ExecutorService daemonExecutor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the database under {@code options.root()} on the local file system. */
    public static DurableStorage open(StorageOptions options) {
        Backend backend;
        try {
            backend = options.readOnly() ? LocalFsBackend.existing(options.root()) : new LocalFsBackend(options.root());
        } catch (IOException e) {
            throw new StorageIOException("cannot open database directory " + options.root() + ": " + e.getMessage(), e);
        }
        return open(options, backend, Tuning.defaults());
    }

    /** Read-only opens tried before one that raced the writer's manifest changes is reported. */
    static final int READ_ONLY_ATTEMPTS = 5;

    /**
     * Opens over any backend (tests: in-memory and fault-injecting).
     *
     * <p>A read-only open may run beside a writer in another process, which deletes the tables, WAL
     * segments and manifests a newer manifest no longer reaches, only ever after publishing that
     * manifest. So a read-only open is kept when {@code manifest/current} did not move while it ran (then
     * nothing it read was deleted); otherwise it is closed and tried again on the newer manifest, up to
     * {@link #READ_ONLY_ATTEMPTS} times. It opens every table before it returns: an open file or map
     * keeps its data once the writer deletes the object, so the reader's snapshot stays readable.
     */
    public static DurableStorage open(StorageOptions options, Backend backend, Tuning tuning) {
        if (options.durability() == Durability.IN_MEMORY) {
            throw new IllegalArgumentException("DurableStorage needs BUFFERED or STRICT durability");
        }
        if (!options.readOnly()) {
            return openOnce(options, backend, tuning);
        }
        ManifestStore pointer = new ManifestStore(backend);
        for (int attempt = 1; ; attempt++) {
            OptionalLong before = currentId(pointer, backend);
            DurableStorage s;
            try {
                s = openOnce(options, backend, tuning);
            } catch (StorageException e) {
                if (!currentId(pointer, backend).equals(before) && attempt < READ_ONLY_ATTEMPTS) {
                    continue; // it read a manifest the writer has since replaced: objects it named may be gone
                }
                throw e;
            }
            if (currentId(pointer, backend).equals(before)) {
                return s;
            }
            s.close();
            if (attempt == READ_ONLY_ATTEMPTS) {
                throw new StorageStateException("the writer replaced the manifest of " + backend.describe()
                        + " during each of " + READ_ONLY_ATTEMPTS + " read-only opens; try again");
            }
        }
    }

    private static OptionalLong currentId(ManifestStore store, Backend backend) {
        try {
            return store.currentId();
        } catch (IOException e) {
            throw new StorageIOException("cannot read " + Layout.CURRENT + " of " + backend.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    private static DurableStorage openOnce(StorageOptions options, Backend backend, Tuning tuning) {
        Lifecycle lifecycle = new Lifecycle(backend.describe(), options.readOnly());
        WriterLock lock = options.readOnly() ? null : WriterLock.acquire(backend);
        WalWriter writer = null;
        LsmTree lsm = null;
        try {
            ManifestStore store = new ManifestStore(backend);
            ManifestRecord manifest = loadManifest(store, backend, options.readOnly(), options.clockMicros());
            RecoveryReport report = new RecoveryReport();
            String manifestName = Layout.manifest(manifest.id());
            AtomicLong tableIds = new AtomicLong(manifest.nextTableId());
            lsm = new LsmTree(new BackendTableStore(backend), new BlockCache(options.blockCacheBytes()),
                    tableSet(manifest, backend, tuning.levels()), TableOptions.storageDefaults(), tuning.levels(),
                    tableIds::getAndIncrement);
            if (options.readOnly()) {
                openEveryTable(lsm);
            }
            RuntimeState state = RuntimeState.decode(manifest.extra(), manifestName);
            Timeline timeline = state.timeline(backend);
            if (timeline.last() != manifest.flushedVersion()) {
                throw new CorruptionException(manifestName, 0, "timeline ends at version " + timeline.last()
                        + " but the flushed version is " + manifest.flushedVersion());
            }
            Memtable memtable = new Memtable();
            WalCommitLog walLog = new WalCommitLog();
            CommitLog commitLog = options.readOnly() ? CommitLog.none() : walLog;
            DurableSources sources = new DurableSources(memtable, lsm);
            long created = state.createdMicros() > 0 ? state.createdMicros()
                    : timeline.last() > 0 ? timeline.timestampOf(1) : options.clockMicros().getAsLong();
            StorageRuntime runtime = new StorageRuntime(options, memtable, sources, commitLog, timeline,
                    RecoveryHealth.healthy(), created);
            state.marks().forEach((id, vt) -> runtime.restoreLastCommit(id, vt[0], vt[1]));
            WalReplay.Result replay = WalReplay.replay(backend, manifest.walStartSegment(), manifest.flushedVersion(),
                    true, !options.readOnly(),
                    (entry, object, offset) -> runtime.replay(WalCommitLog.decode(entry, object, offset)));
            report.problems(replay.problems());
            Flusher flusher = new Flusher(runtime, lsm, sources, store, tableIds, lifecycle, manifest,
                    state.marks(), state.chunks(), created);
            if (!options.readOnly()) {
                store.collectGarbage(manifest, true, lsm.current().referencedBlobs()::contains);
                boolean strict = options.durability() == Durability.STRICT;
                // STRICT waits for an fsync per commit group: reserved segments make that fsync cheaper
                // (BUFFERED syncs in the background every interval and would only pay the double write)
                WalOptions.Reserve reserve = !strict ? WalOptions.Reserve.NONE
                        : tuning.backgroundFlush() ? WalOptions.Reserve.AHEAD : WalOptions.Reserve.AHEAD_INLINE;
                WalOptions wo = new WalOptions(strict, options.syncIntervalMillis(), tuning.walSegmentBytes(), reserve);
                writer = new WalWriter(backend, wo, replay.nextSegment(), replay.lastVersion(), lifecycle::degrade);
                walLog.bind(writer);
                flusher.bind(writer);
            }
            lifecycle.opened();
            return new DurableStorage(options, tuning, backend, lock, lifecycle, runtime, lsm, flusher,
                    report.health());
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer, e);
            closeQuietly(lsm, e);
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

    private static ManifestRecord loadManifest(ManifestStore store, Backend backend, boolean readOnly,
                                               java.util.function.LongSupplier clock) throws IOException {
        Optional<ManifestRecord> loaded = store.load();
        if (loaded.isPresent()) {
            return loaded.get();
        }
        if (readOnly) {
            if (!backend.list(Layout.WAL_DIR).isEmpty()) {
                return ManifestRecord.empty();
            }
            throw new StorageIOException("no database at " + backend.describe() + " (no " + Layout.CURRENT
                    + "); a read-only open cannot create one", new java.nio.file.NoSuchFileException(Layout.CURRENT));
        }
        ManifestRecord e = ManifestRecord.empty();
        // a new database records when it (its default branch) was created
        byte[] state = RuntimeState.of(clock.getAsLong(), java.util.List.of(), java.util.Map.of()).encode();
        ManifestRecord m = new ManifestRecord(e.id(), 0, 0, e.walStartSegment(), e.nextTableId(), List.of(), state);
        store.publish(m);
        return m;
    }

    /**
     * Opens the reader of every table of the tree's current set (read-only opens, see {@link #open}).
     * The branch catalog's rebuild also touches every table today; this makes the guarantee explicit.
     */
    private static void openEveryTable(LsmTree lsm) throws IOException {
        TableSet set = lsm.current();
        for (int level = 0; level < set.levelCount(); level++) {
            for (TableMeta t : set.level(level)) {
                lsm.readers().get(t);
            }
        }
        // and every blob file they refer to: the open file outlives the writer deleting it after a compaction
        lsm.openBlobFiles(set);
    }

    /** The live table set the manifest describes; every table object must exist. */
    private static TableSet tableSet(ManifestRecord m, Backend backend, LevelOptions levels) throws IOException {
        String name = Layout.manifest(m.id());
        List<TableEdit.Added> added = new ArrayList<>();
        java.util.Set<Long> blobsFound = new java.util.HashSet<>();
        for (ManifestRecord.TableEntry t : m.tables()) {
            TableMeta meta = TableMeta.decode(t.meta(), name);
            if (meta.id() != t.tableId()) {
                throw new CorruptionException(name, 0, "table entry " + t.tableId() + " holds metadata of table " + meta.id());
            }
            if (!backend.exists(Layout.table(t.tableId()))) {
                throw new CorruptionException(name, 0, "the manifest needs table " + Layout.table(t.tableId())
                        + ", which is missing");
            }
            for (long b : meta.props().blobIds()) {
                if (blobsFound.add(b) && !backend.exists(Layout.blob(b))) { // one check per file: tables share them
                    throw new CorruptionException(name, 0, "table " + Layout.table(t.tableId()) + " refers to blob file "
                            + Layout.blob(b) + ", which is missing");
                }
            }
            added.add(new TableEdit.Added(t.level(), meta));
        }
        // the manifest lists L0 newest first; TableSet.apply puts each added L0 table in front, so add oldest first
        List<TableEdit.Added> l0 = new ArrayList<>(added.stream().filter(a -> a.level() == 0).toList());
        java.util.Collections.reverse(l0);
        List<TableEdit.Added> ordered = new ArrayList<>(l0);
        added.stream().filter(a -> a.level() != 0).forEach(ordered::add);
        added = ordered;
        TableSet empty = TableSet.empty(levels.levelCount());
        return added.isEmpty() ? empty : empty.apply(new TableEdit(added, List.of()));
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

    /**
     * After a commit: flush a full memtable in the background; inline when the memtable is over twice
     * its budget (a flush fell behind), and with a compaction when L0 holds {@code l0StallTables} tables.
     */
    private void afterCommit() {
        long bytes = runtime.memtable().approximateBytes();
        if (bytes < options.memtableBytes() || options.readOnly()) {
            return;
        }
        // inline when there is no background thread, or when compaction fell far behind (backpressure)
        if (background == null || lsm.current().level(0).size() >= lsm.levelOptions().l0StallTables()) {
            flusher.flush();
            flusher.compact(false);
            return;
        }
        if (bytes >= 2 * options.memtableBytes()) {
            flusher.flush(); // the writer helps (backpressure); compaction stays in the background
            scheduleCompaction();
            return;
        }
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                background.execute(() -> {
                    flushScheduled.set(false);
                    try {
                        flusher.flush();
                    } catch (StorageException e) {
                        return; // already DEGRADED by the flusher; writers see the cause
                    }
                    scheduleCompaction();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushScheduled.set(false); // closing
            }
        }
    }

    /** Queues one background compaction pass unless one is already queued. */
    private void scheduleCompaction() {
        if (compactionScheduled.compareAndSet(false, true)) {
            try {
                compactions.execute(() -> {
                    compactionScheduled.set(false);
                    try {
                        flusher.compact(false);
                    } catch (StorageException e) {
                        // already DEGRADED by the flusher; writers see the cause
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                compactionScheduled.set(false); // closing
            }
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
        CommitResult r = runtime.commit(branch, batch);
        afterCommit();
        return r;
    }

    @Override
    public Transaction begin(String branch) {
        lifecycle.checkReadable();
        return new GuardedTransaction(runtime.begin(branch));
    }

    /** Refuses to commit once the storage is degraded, and flushes a full memtable after a commit. */
    private final class GuardedTransaction implements Transaction {
        private final Transaction t;

        GuardedTransaction(Transaction t) {
            this.t = t;
        }

        @Override
        public String branch() {
            return t.branch();
        }

        @Override
        public long version() {
            return t.version();
        }

        @Override
        public Optional<io.stratadb.storage.VersionedValue> get(io.stratadb.storage.Key key) {
            return t.get(key);
        }

        @Override
        public io.stratadb.storage.CloseableIterator<io.stratadb.storage.KeyValue> scan(io.stratadb.storage.KeyRange r) {
            return t.scan(r);
        }

        @Override
        public List<io.stratadb.storage.VersionedValue> history(io.stratadb.storage.Key key) {
            return t.history(key);
        }

        @Override
        public void put(io.stratadb.storage.Key key, byte[] value) {
            t.put(key, value);
        }

        @Override
        public void delete(io.stratadb.storage.Key key) {
            t.delete(key);
        }

        @Override
        public boolean hasWrites() {
            return t.hasWrites();
        }

        @Override
        public CommitResult commit() {
            if (t.hasWrites() && !t.isFinished()) {
                lifecycle.checkWritable();
            }
            CommitResult r = t.commit();
            afterCommit();
            return r;
        }

        @Override
        public void rollback() {
            t.rollback();
        }

        @Override
        public boolean isFinished() {
            return t.isFinished();
        }

        @Override
        public void close() {
            t.close();
        }
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
        flusher.flush();
        flusher.compact(false);
    }

    @Override
    public void compact() {
        lifecycle.checkWritable();
        runtime.compact();
        flusher.compact(true);
    }

    @Override
    public StorageStats stats() {
        lifecycle.checkReadable();
        StorageStats s = runtime.stats();
        TableSet tables = lsm.current();
        return new StorageStats(s.keys(), s.versions(), s.branches(), s.latestVersion(), s.memtableBytes(),
                tables.bytesPerLevel(), lsm.blobFileBytes(tables), walBytes(), walSyncs(), lsm.cache().hitRate(), health,
                lifecycle.state().name());
    }

    private long walSyncs() {
        WalWriter w = flusher.wal();
        return w == null ? 0 : w.syncCount();
    }

    private long walBytes() {
        long total = 0;
        WalWriter w = flusher.wal();
        try {
            List<Long> segments = WalReplay.segments(backend);
            long current = w == null ? Long.MAX_VALUE : w.currentSegment(); // after listing: a roll between counts trimmed files
            for (long seq : segments) {
                if (seq == current) {
                    total += w.currentSegmentBytes(); // a reserved segment's file is longer than its records
                } else if (seq >= flusher.manifest().walStartSegment() && seq < current) {
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

    /** Flushes the memtable, syncs the WAL, stops the background threads and releases the lock. Idempotent. */
    @Override
    public void close() {
        boolean writable = !options.readOnly() && lifecycle.state() == LifecycleState.OPEN;
        if (!lifecycle.beginClose()) {
            return;
        }
        List<Exception> failures = new ArrayList<>();
        for (ExecutorService ex : new ExecutorService[] {background, compactions}) {
            if (ex == null) {
                continue;
            }
            ex.shutdown();
            try {
                while (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                    Thread.onSpinWait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writable) {
            try {
                flusher.flush();
            } catch (StorageException e) {
                failures.add(e);
            }
        }
        try {
            runtime.close();
        } catch (StorageException e) {
            failures.add(e);
        }
        try {
            lsm.close();
        } catch (IOException e) {
            failures.add(new StorageIOException("closing tables failed", e));
        }
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                failures.add(new StorageIOException("releasing the writer lock failed", e));
            }
        }
        lifecycle.closed();
        if (!failures.isEmpty()) { // even when already degraded: the caller must learn that close did not persist
            StorageException first = failures.get(0) instanceof StorageException se ? se
                    : new StorageException("close failed", failures.get(0));
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }
}
