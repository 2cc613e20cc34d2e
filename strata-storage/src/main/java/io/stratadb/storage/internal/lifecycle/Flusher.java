package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.internal.StorageRuntime;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.lsm.CompactionPlan;
import io.stratadb.storage.internal.lsm.CompactionResult;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;
import io.stratadb.storage.internal.lsm.RetentionFilter;
import io.stratadb.storage.internal.mvcc.BranchCatalog;
import io.stratadb.storage.internal.mvcc.BranchState;
import io.stratadb.storage.internal.mvcc.ForkPins;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.manifest.ManifestRecord;
import io.stratadb.storage.internal.manifest.ManifestStore;
import io.stratadb.storage.internal.manifest.RuntimeState;
import io.stratadb.storage.internal.manifest.TimelineCodec;
import java.util.HashMap;
import java.util.Map;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;
import io.stratadb.storage.internal.wal.WalWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memtable flush and table compaction, each ending in a manifest publish. One at a time (this
 * object's monitor); commits keep running except for a brief commit-lock section that fixes the
 * cut point.
 *
 * <p><b>Flush</b>: roll the WAL to a new segment (unless the current one holds little); then under
 * the commit lock take {@code V} = the last applied version and the WAL's current segment, and freeze
 * the active memtable (commits continue into a fresh one, so nobody waits for the flush and the
 * frozen one is never written again); outside the lock write the frozen memtable
 * as a new L0 table (durable on return), publish a manifest with {@code flushedVersion = V}, the new
 * table set, the timeline up to V and {@code walStartSegment} = that segment; then make the table
 * visible and drop the frozen memtable from the read sources in one step
 * ({@link DurableSources#applyFlush}), and delete WAL segments and manifests the new manifest no
 * longer reaches. A frozen memtable left by a failed flush is flushed first by the next one. A crash anywhere leaves either the old manifest (the table is an orphan
 * that recovery deletes) or the new one (the WAL tail after V replays on top).
 *
 * <p><b>Compaction</b> merges tables (levels chosen by the LSM), publishes the edit, then retires the
 * inputs (deleted once no reader pins them). It drops what the {@link RetentionFilter} allows: the
 * storage's retention policy, except versions a child branch reads through its fork point.
 *
 * <p>Every failure is thrown as {@link StorageIOException} and also moves the lifecycle to DEGRADED.
 * Thread-safe.
 */
final class Flusher {
    private final StorageRuntime runtime;
    private final LsmTree lsm;
    private final DurableSources sources;
    private final ManifestStore store;
    private final AtomicLong tableIds;
    private final Lifecycle lifecycle;
    private volatile ManifestRecord manifest; // replaced under publishLock
    private volatile WalWriter wal;
    /** Serializes flushes (freeze, write, publish); compactions do not take it. */
    private final Object flushLock = new Object();
    /** Serializes compactions; flushes do not take it, so a long merge never holds up a flush. */
    private final Object compactLock = new Object();
    /**
     * Serializes the short publish steps of flushes and compactions: derive the next manifest from the
     * current one and the live table set, publish it, apply the edit, collect garbage.
     */
    private final Object publishLock = new Object();
    /** Per branch id, {version, micros} of its newest flushed commit (guarded by flushLock). */
    private Map<Long, long[]> marks;
    /** The timeline chunks the live manifest lists (see {@link #chunksThrough}). */
    private List<RuntimeState.Chunk> chunks;
    private final long createdMicros;

    Flusher(StorageRuntime runtime, LsmTree lsm, DurableSources sources, ManifestStore store,
            AtomicLong tableIds, Lifecycle lifecycle, ManifestRecord manifest, Map<Long, long[]> marks,
            List<RuntimeState.Chunk> chunks, long createdMicros) {
        this.createdMicros = createdMicros;
        this.marks = new HashMap<>(marks);
        this.chunks = List.copyOf(chunks);
        this.runtime = runtime;
        this.lsm = lsm;
        this.sources = sources;
        this.store = store;
        this.tableIds = tableIds;
        this.lifecycle = lifecycle;
        this.manifest = manifest;
    }

    /** The WAL writer (null when read-only). */
    WalWriter wal() {
        return wal;
    }

    void bind(WalWriter w) {
        this.wal = w;
    }

    ManifestRecord manifest() {
        return manifest;
    }

    /**
     * Flushes every applied commit into a table; returns false if there was nothing to flush. Runs
     * beside a compaction (separate locks); only the two publish steps take turns.
     */
    boolean flush() {
        synchronized (flushLock) {
            try {
                return flushNow();
            } catch (IOException | RuntimeException e) {
                throw failed("flush", e);
            }
        }
    }

    private boolean flushNow() throws IOException {
        if (runtime.timeline().last() > coveredVersion()) {
            // A fresh WAL segment first: the frozen memtable's records then lie in older segments (but for
            // those committed between this roll and the freeze), which the published flush lets go, so a
            // crash recovery reads the tail after the flush, not the rest of a segment of flushed records.
            wal.rollIfWorthIt();
        }
        // Freeze the active memtable under the commit lock: commits go on into a fresh one meanwhile.
        runtime.underCommitLock(() -> {
            long v = runtime.timeline().last();
            if (v > coveredVersion()) {
                Memtable next = new Memtable();
                sources.freeze(runtime.swapMemtable(next), next, v, wal.currentSegment());
            }
        });
        List<DurableSources.Frozen> pending = sources.frozenOldestFirst();
        for (DurableSources.Frozen f : pending) {
            flushFrozen(f);
        }
        return !pending.isEmpty();
    }

    /** The last version the manifest or a frozen memtable already covers. */
    private long coveredVersion() {
        List<DurableSources.Frozen> pending = sources.frozenOldestFirst();
        return pending.isEmpty() ? manifest.flushedVersion() : pending.get(pending.size() - 1).version();
    }

    /**
     * The timeline chunks for a manifest flushed through version {@code v}: the live list plus one new chunk
     * object (written durably here) with the versions after it, which first takes in the newest chunks while
     * they hold no more versions than it (a binary counter). So the list stays logarithmic in the number of
     * flushes and each version is rewritten a logarithmic number of times; the replaced chunks go once the
     * manifest is published ({@link ManifestStore#collectGarbage}).
     */
    private List<RuntimeState.Chunk> chunksThrough(long v) throws IOException {
        List<RuntimeState.Chunk> out = new ArrayList<>(chunks);
        long first = out.isEmpty() ? 1 : out.get(out.size() - 1).last() + 1;
        if (v < first) {
            return out;
        }
        while (!out.isEmpty() && out.get(out.size() - 1).count() <= v - first + 1) {
            first = out.remove(out.size() - 1).first();
        }
        long id = tableIds.getAndIncrement();
        store.writeTimelineChunk(id, TimelineCodec.encodeChunk(runtime.timeline(), first, v));
        out.add(new RuntimeState.Chunk(id, first, v));
        return out;
    }

    /** Writes one frozen memtable (every version up to {@code f.version()}) as an L0 table and publishes it. */
    private void flushFrozen(DurableSources.Frozen f) throws IOException {
        long v = f.version();
        Map<Long, long[]> marks = new HashMap<>(this.marks);
        TableMeta meta = lsm.flush(marking(f.memtable(), marks));
        TableEdit edit = meta == null ? null : TableEdit.flush(meta);
        List<RuntimeState.Chunk> chunks = chunksThrough(v);
        byte[] state = RuntimeState.of(createdMicros, chunks, marks).encode();
        // The memtable may have lost versions to a retention pass that relied on later commits (a branch
        // delete after V): make every logged commit durable before the table without them becomes the truth.
        wal.sync();
        synchronized (publishLock) {
            ManifestRecord old = manifest;
            TableSet next = edit == null ? lsm.current() : lsm.current().apply(edit);
            ManifestRecord m = old.next(v, runtime.timeline().timestampOf(v), f.walSegment(), tableIds.get(),
                    entries(next), state);
            store.publish(m);
            manifest = m;
            this.marks = marks;
            this.chunks = chunks;
            // the table becomes visible and the frozen memtable leaves the read sources in one step; readers
            // holding the old sources keep the frozen memtable until they release them
            sources.applyFlush(edit, f);
            store.collectGarbage(m, false);
        }
        lsm.warm(edit);
    }

    /**
     * Merges tables while the LSM wants it ({@code full}: everything into the last level once). Runs
     * beside flushes: the merge itself holds no lock a flush needs, and its edit is applied to the
     * table set current at publish time (a flush only adds L0 tables, never a compaction's inputs).
     */
    void compact(boolean full) {
        synchronized (compactLock) {
            try {
                Optional<CompactionPlan> plan = full ? lsm.fullCompaction() : lsm.pickCompaction();
                int rounds = 0;
                while (plan.isPresent() && rounds++ < 64) {
                    CompactionResult r;
                    if (!full && lsm.canMove(plan.get())) {
                        // nothing overlaps it one level down: relink it (drops nothing, so needs no filter;
                        // the filter runs when the table is next merged)
                        r = lsm.move(plan.get());
                    } else {
                        r = merge(plan.get());
                    }
                    TableEdit edit = r.edit();
                    synchronized (publishLock) {
                        TableSet next = lsm.current().apply(edit);
                        ManifestRecord old = manifest;
                        ManifestRecord m = old.next(old.flushedVersion(), old.flushedTimestampMicros(),
                                old.walStartSegment(), tableIds.get(), entries(next), old.extra());
                        store.publish(m);
                        manifest = m;
                        lsm.apply(edit);
                    }
                    sources.refresh(); // unpin the replaced set now, so its tables can go at once
                    lsm.retire(r.obsolete());
                    lsm.warm(edit);
                    plan = full ? Optional.empty() : lsm.pickCompaction();
                }
            } catch (IOException | RuntimeException e) {
                throw failed("compaction", e);
            }
        }
    }

    /** Rewrites the plan's tables under the retention filter. */
    private CompactionResult merge(CompactionPlan plan) throws IOException {
        // The filter decides from the catalog (deleted branches, fork pins). Snapshot it under the
        // commit lock, then sync the WAL: every commit that shaped that catalog is durable before
        // data is dropped because of it (else a crash could restore a branch whose data is gone).
        VersionFilter[] filter = new VersionFilter[1];
        runtime.underCommitLock(() -> filter[0] = retentionFilter());
        wal.sync();
        return lsm.compact(plan, filter[0]);
    }

    /**
     * What table compaction may drop: the storage's retention policy, minus versions a child branch
     * still reads through its fork point; everything of a deleted branch nobody descends from.
     */
    private VersionFilter retentionFilter() {
        BranchCatalog catalog = runtime.catalog();
        ForkPins pins = ForkPins.of(catalog);
        RetentionPolicy policy = runtime.options().retention();
        // "now" is the newest commit's timestamp, not the clock: slightly conservative for keepFor, and
        // background compactions then never consume clock readings (test clocks stay deterministic)
        long now = runtime.timeline().timestampOf(runtime.timeline().last());
        VersionFilter base = new RetentionFilter(policy, now,
                pins::childForkVersions,
                id -> {
                    BranchState b = catalog.byId(id);
                    return b != null && b.parentId() != BranchState.NO_PARENT;
                },
                id -> !pins.isReadable(id), CommitRecord.CATALOG_BRANCH_ID);
        return new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long n, int c, long ts, boolean t) {
                return base.mayDrop(p, v, n, c, ts, t);
            }

            @Override
            public boolean mayDropKey(byte[] prefix) {
                return base.mayDropKey(prefix);
            }

            /**
             * A lone tombstone is still a version that history() shows: it goes only when the policy
             * would drop it as the newest version (0 newer ones), e.g. keepFor once it is old enough,
             * never under keepAll or keepLatest, so the durable engine reads exactly like the in-memory one.
             */
            @Override
            public boolean mayDropBottomTombstone(byte[] prefix, long version) {
                if (!base.mayDropBottomTombstone(prefix, version) || version > runtime.timeline().last()) {
                    return false;
                }
                try {
                    Key key = InternalKeyCodec.decodeLogical(prefix, InternalKeyCodec.BRANCH_BYTES, prefix.length);
                    return policy.mayDrop(key, version, runtime.timeline().timestampOf(version), 0, now);
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }

    private StorageIOException failed(String what, Exception e) {
        IOException io = e instanceof IOException x ? x : new IOException(what + " failed: " + e, e);
        lifecycle.degrade(io);
        return new StorageIOException(what + " failed: " + io.getMessage(), io);
    }

    static List<ManifestRecord.TableEntry> entries(TableSet set) {
        List<ManifestRecord.TableEntry> out = new ArrayList<>();
        for (int level = 0; level < set.levelCount(); level++) {
            for (TableMeta t : set.level(level)) {
                out.add(new ManifestRecord.TableEntry(level, t.id(), t.encode()));
            }
        }
        return out;
    }

    /**
     * A frozen memtable's entries for the table writer (iteration only), recording per branch the
     * newest version (and its timestamp) seen in {@code marks}.
     */
    private static VersionedSource marking(Memtable m, Map<Long, long[]> marks) {
        return new VersionedSource() {
            @Override
            public SourceEntry ceiling(byte[] internalKey) {
                throw new UnsupportedOperationException("flush view is iteration-only");
            }

            @Override
            public Iterator<SourceEntry> iterator(byte[] from) {
                Iterator<SourceEntry> it = m.iterator(from);
                // entries come grouped by branch: keep the running newest per branch in locals and merge it
                // into the map when the branch changes and at the end (no map lookup per entry)
                return new Iterator<>() {
                    private long branch = -1;
                    private long newest = -1;
                    private long newestMicros;

                    @Override
                    public boolean hasNext() {
                        boolean more = it.hasNext();
                        if (!more) {
                            merge();
                        }
                        return more;
                    }

                    @Override
                    public SourceEntry next() {
                        SourceEntry e = it.next();
                        long ev = InternalKeyCodec.versionOf(e.internalKey());
                        long b = InternalKeyCodec.branchOf(e.internalKey());
                        if (b != branch) {
                            merge();
                            branch = b;
                            newest = -1;
                        }
                        if (ev > newest) {
                            newest = ev;
                            newestMicros = e.timestampMicros();
                        }
                        return e;
                    }

                    private void merge() {
                        if (newest < 0) {
                            return;
                        }
                        long[] cur = marks.get(branch);
                        if (cur == null || cur[0] < newest) {
                            marks.put(branch, new long[] {newest, newestMicros});
                        }
                    }
                };
            }

            @Override
            public long entryCount() {
                return m.entryCount();
            }
        };
    }
}
