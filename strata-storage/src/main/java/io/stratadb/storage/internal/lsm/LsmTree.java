package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The table half of the LSM: the live {@link TableSet} (swapped atomically), the open readers,
 * flush and compaction entry points, reads over a set, and safe deletion of obsolete tables.
 * It does not log anything: the runtime writes each {@link TableEdit} to its manifest before
 * calling {@link #apply}, so the manifest and the live set change in the same order.
 *
 * <p>Readers {@link #acquire()} a set, read it lock-free, and {@link #release} it; an obsolete
 * table handed to {@link #retire} is closed and deleted only once neither the live set nor any
 * acquired set references it, by background calls ({@link #retire}, {@link #collectObsolete()}),
 * never on a reader's thread. A blob file goes with the last deleted table that referred to it, once no
 * table of the live set, a pinned set or the retired list still does (a running compaction's inputs, whose
 * references its outputs copy, are live until its edit is applied). Thread-safe.
 */
public final class LsmTree implements AutoCloseable {
    private final TableReaders readers;
    private final TableOptions tableOptions;
    private final LevelOptions levelOptions;
    private final LongSupplier newTableId;
    private final CompactionPicker picker;
    private final Compactor compactor;
    private final AtomicReference<TableSet> current;
    private final Map<TableSet, Integer> acquired = new IdentityHashMap<>();
    private final List<TableMeta> retired = new ArrayList<>();
    /** Blob files that deleted tables referred to: deleted once no table of a live, pinned or retired set does. */
    private final Set<Long> blobCandidates = new HashSet<>();
    private volatile boolean closed;

    /**
     * @param initial    the set recovered from the manifest (or {@code TableSet.empty(levels)})
     * @param newTableId allocates fresh table ids (must never repeat an id in use or on disk)
     */
    public LsmTree(TableStore store, BlockCache cache, TableSet initial, TableOptions tableOptions,
                   LevelOptions levelOptions, LongSupplier newTableId) {
        if (initial.levelCount() != levelOptions.levelCount()) {
            throw new IllegalArgumentException("table set has " + initial.levelCount() + " levels, options say "
                    + levelOptions.levelCount());
        }
        this.readers = new TableReaders(store, cache);
        this.tableOptions = tableOptions;
        this.levelOptions = levelOptions;
        this.newTableId = newTableId;
        this.picker = new CompactionPicker(levelOptions);
        this.compactor = new Compactor(readers, tableOptions, levelOptions.targetTableBytes(), newTableId);
        this.current = new AtomicReference<>(initial);
    }

    /** The live set (no pin: for statistics and planning). */
    public TableSet current() {
        return current.get();
    }

    public TableReaders readers() {
        return readers;
    }

    /**
     * Opens the readers of the tables {@code edit} added (a flush's or a compaction's outputs), so
     * that the first read of each does not wait while its index and filter load (measured: 3 ms for the
     * ~120 MB of tables a 1M × 100 B load leaves). Best effort: a failure
     * is left to the first read, which opens the table again and reports it.
     */
    public void warm(TableEdit edit) {
        if (edit == null) {
            return;
        }
        for (TableEdit.Added a : edit.added()) {
            try {
                readers.get(a.table());
            } catch (IOException | RuntimeException e) {
                return; // closed, or the table cannot be read now: reads will say so
            }
        }
    }

    public BlockCache cache() {
        return readers.cache();
    }

    /** Pin the live set for reading; pair with {@link #release}. */
    public synchronized TableSet acquire() {
        checkOpen();
        TableSet s = current.get();
        acquired.merge(s, 1, Integer::sum);
        return s;
    }

    /**
     * Unpin a set from {@link #acquire()}. Cheap and never deletes anything on the reader's thread:
     * retired tables that became unreferenced are deleted by the next {@link #retire} or
     * {@link #collectObsolete()} (background work).
     *
     * @throws IOException never at present (declared so that deferred deletion can report here later)
     */
    public void release(TableSet set) throws IOException {
        synchronized (this) {
            Integer n = acquired.get(set);
            if (n == null) {
                throw new IllegalStateException("release of a table set that was not acquired");
            }
            if (n == 1) {
                acquired.remove(set);
            } else {
                acquired.put(set, n - 1);
            }
        }
    }

    /**
     * Flush: write {@code entries} (sorted, non-empty, e.g. a frozen memtable) as a new table.
     * The table is durable on return but not visible: log {@code TableEdit.flush(meta)}, then {@link #apply} it.
     */
    public TableMeta writeTable(Iterator<TableEntry> entries) throws IOException {
        checkOpen();
        return TableWriter.write(readers.store(), newTableId.getAsLong(), tableOptions, entries);
    }

    /** Publish the set after {@code edit} (compare-and-set, so concurrent flush and compaction edits both land). */
    public TableSet apply(TableEdit edit) {
        checkOpen();
        while (true) {
            TableSet base = current.get();
            TableSet next = base.apply(edit);
            if (current.compareAndSet(base, next)) {
                return next;
            }
        }
    }

    /** The most urgent compaction of the live set, if any (else a rewrite that frees a mostly-garbage blob file). */
    public Optional<CompactionPlan> pickCompaction() {
        TableSet set = current.get();
        Optional<CompactionPlan> due = picker.pick(set);
        return due.isPresent() ? due : picker.rewrite(set, garbageBlobs(set));
    }

    /**
     * Blob files worth rewriting the tables that still refer to them: the set refers to less than half of the
     * file; the rest (versions retention dropped, or of deleted branches) is at least an output table's size;
     * and the rewrite (those tables, plus the values it moves) writes at most twice the bytes it frees. Less
     * garbage, or garbage spread under many tables, waits for the compactions that meet those tables anyway.
     * A file whose size cannot be read is left to the compaction that meets it (which then reports it).
     */
    private Set<Long> garbageBlobs(TableSet set) {
        Map<Long, Long> live = set.blobBytes();
        if (live.isEmpty()) {
            return Set.of();
        }
        Map<Long, Long> referrers = new HashMap<>(); // per blob file: bytes of the tables referring to it
        for (int level = 0; level < set.levelCount(); level++) {
            for (TableMeta t : set.level(level)) {
                for (long b : t.props().blobIds()) {
                    referrers.merge(b, t.fileSize(), Long::sum);
                }
            }
        }
        Set<Long> out = new HashSet<>();
        for (Map.Entry<Long, Long> e : live.entrySet()) {
            long size;
            try {
                size = readers.blobs().size(e.getKey());
            } catch (IOException unreadable) {
                continue;
            }
            long garbage = size - e.getValue();
            if (e.getValue() < garbage && garbage >= levelOptions.targetTableBytes()
                    && referrers.getOrDefault(e.getKey(), 0L) + e.getValue() <= 2 * garbage) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** A plan merging everything into the last level, if there is anything. */
    public Optional<CompactionPlan> fullCompaction() {
        return picker.full(current.get());
    }

    /** True while L0 is deep enough that writers should be slowed. */
    public boolean shouldStallWrites() {
        return picker.shouldStallWrites(current.get());
    }

    /**
     * Whether {@code plan} may be done as a {@linkplain CompactionPlan#isMove() move}: it is one, and its
     * output level is not the last. The last level is never a compaction input again (only a manual full
     * compaction reads it), so a table moved there would keep what the retention filter would drop.
     */
    public boolean canMove(CompactionPlan plan) {
        return plan.isMove() && plan.outputLevel() < current.get().levelCount() - 1;
    }

    /**
     * Does a move ({@link #canMove}): no I/O, the result's edit relinks the table one level down (log,
     * then {@link #apply} it, as for {@link #compact}).
     */
    public CompactionResult move(CompactionPlan plan) {
        checkOpen();
        if (!canMove(plan)) {
            throw new IllegalArgumentException("not a move above the last level: " + plan);
        }
        return CompactionResult.moved(plan);
    }

    /** Run a compaction; outputs are durable, not yet visible (log, then {@link #apply} the result's edit). */
    public CompactionResult compact(CompactionPlan plan, VersionFilter filter) throws IOException {
        checkOpen();
        return compactor.run(plan, filter, blobsToRelocate(plan));
    }

    /**
     * Blob files smaller than this (a quarter of a compaction output table: 16 MiB by default) are merged into
     * larger ones by the compactions that meet them.
     */
    public long smallBlobBytes() {
        return levelOptions.targetTableBytes() / 4;
    }

    /**
     * The blob files the plan's inputs refer to that are mostly garbage (the live set's tables refer to less than
     * half of their bytes: versions dropped by retention, or of deleted branches) or small (under
     * {@link #smallBlobBytes()}: a compaction that superseded little wrote them). The compaction copies the values
     * it meets in them to its own blob file, so that such a file goes once the tables still referring to it are
     * compacted too, and the number of files follows the history's size rather than the number of compactions.
     */
    private Set<Long> blobsToRelocate(CompactionPlan plan) throws IOException {
        Set<Long> referred = new HashSet<>();
        for (TableMeta t : plan.inputs()) {
            for (long b : t.props().blobIds()) {
                referred.add(b);
            }
        }
        if (referred.isEmpty()) {
            return Set.of();
        }
        Map<Long, Long> live = current.get().blobBytes();
        long small = smallBlobBytes();
        Set<Long> out = new HashSet<>();
        for (long b : referred) {
            long size = readers.blobs().size(b);
            if (live.getOrDefault(b, 0L) * 2 < size || size < small) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Hand over tables removed by an applied edit: those no pinned set references are closed and
     * deleted now, the rest by a later {@link #retire} or {@link #collectObsolete()}.
     *
     * @throws IOException if a deletion failed (the table stays queued and is retried)
     */
    public void retire(Collection<TableMeta> obsolete) throws IOException {
        synchronized (this) {
            retired.addAll(obsolete);
        }
        deleteUnreferenced();
    }

    /**
     * Delete retired tables that no pinned set references any more (call from background work,
     * e.g. after each flush or compaction).
     *
     * @throws IOException if a deletion failed (the table stays queued and is retried)
     */
    public void collectObsolete() throws IOException {
        deleteUnreferenced();
    }

    /**
     * Bytes of the blob files {@code set}'s tables refer to (a file that cannot be opened counts 0: reads of it
     * report the failure).
     */
    public long blobFileBytes(TableSet set) {
        long n = 0;
        for (long b : set.referencedBlobs()) {
            try {
                n += readers.blobs().size(b);
            } catch (IOException | RuntimeException e) {
                // counted as 0
            }
        }
        return n;
    }

    /** Opens every blob file {@code set}'s tables refer to (checking each header), as their first read would. */
    public void openBlobFiles(TableSet set) throws IOException {
        for (long b : set.referencedBlobs()) {
            readers.blobs().size(b);
        }
    }

    /** Tables retired but still pinned by a reader. */
    public synchronized int pendingDeletions() {
        return retired.size();
    }

    private void deleteUnreferenced() throws IOException {
        List<TableMeta> doomed = new ArrayList<>();
        synchronized (this) {
            if (retired.isEmpty() && blobCandidates.isEmpty()) {
                return;
            }
            Set<Long> live = new HashSet<>();
            for (TableMeta t : current.get().all()) {
                live.add(t.id());
            }
            for (TableSet s : acquired.keySet()) {
                for (TableMeta t : s.all()) {
                    live.add(t.id());
                }
            }
            for (Iterator<TableMeta> it = retired.iterator(); it.hasNext(); ) {
                TableMeta t = it.next();
                if (!live.contains(t.id())) {
                    doomed.add(t);
                    it.remove();
                }
            }
        }
        IOException first = null;
        for (TableMeta t : doomed) {
            try {
                readers.evict(t.id());
                readers.store().delete(t.id());
                synchronized (this) {
                    for (long b : t.props().blobIds()) {
                        blobCandidates.add(b);
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    retired.add(t); // try again on the next release or retire
                }
                first = Closing.chain(first, e);
            }
        }
        for (long b : unreferencedBlobs()) {
            try {
                readers.blobs().delete(b);
            } catch (IOException e) {
                synchronized (this) {
                    blobCandidates.add(b);
                }
                first = Closing.chain(first, e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Removes and returns the candidate blob files that no table of the live, a pinned or a retired set refers to. */
    private synchronized List<Long> unreferencedBlobs() {
        if (blobCandidates.isEmpty()) {
            return List.of();
        }
        Set<Long> referred = current.get().referencedBlobs();
        for (TableSet s : acquired.keySet()) {
            referred.addAll(s.referencedBlobs());
        }
        for (TableMeta t : retired) {
            for (long b : t.props().blobIds()) {
                referred.add(b);
            }
        }
        List<Long> out = new ArrayList<>();
        for (Iterator<Long> it = blobCandidates.iterator(); it.hasNext(); ) {
            long b = it.next();
            if (!referred.contains(b)) {
                out.add(b);
                it.remove();
            }
        }
        return out;
    }

    /**
     * Point lookup over a set: the newest entry of {@code prefix} with version &lt;= {@code cap},
     * tombstones included, or null. Consults L0 newest first, then one table per deeper level,
     * skipping tables by key range and bloom filter.
     */
    public TableEntry get(TableSet set, byte[] prefix, long cap) throws IOException {
        for (TableMeta t : set.candidates(prefix)) {
            TableEntry e = readers.get(t).get(prefix, cap);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** An ordered cursor over every entry of a set (all versions, tombstones included). */
    public EntryCursor cursor(TableSet set) throws IOException {
        List<EntryCursor> cs = new ArrayList<>();
        try {
            for (TableMeta t : set.all()) {
                cs.add(readers.get(t).cursor());
            }
        } catch (IOException | RuntimeException e) {
            cs.forEach(EntryCursor::close);
            throw e;
        }
        return new MergingCursor(cs);
    }

    /**
     * The read-path sources of a pinned set, newest data first: one per L0 table, then one per
     * non-empty deeper level. Put them after the memtables in the runtime's {@code SourceSet}.
     */
    public VersionedSource[] sources(TableSet set) {
        List<VersionedSource> out = new ArrayList<>();
        for (TableMeta t : set.level(0)) {
            out.add(new TableSource(readers, List.of(t)));
        }
        for (int i = 1; i < set.levelCount(); i++) {
            if (!set.level(i).isEmpty()) {
                out.add(new TableSource(readers, set.level(i)));
            }
        }
        return out.toArray(new VersionedSource[0]);
    }

    /**
     * Flush a frozen memtable (or any source) as a new table: every entry from the start, tombstones
     * included. Durable on return, not visible; null if the source is empty.
     */
    public TableMeta flush(VersionedSource frozen) throws IOException {
        Iterator<SourceEntry> it = frozen.iterator(new byte[0]);
        if (!it.hasNext()) {
            return null;
        }
        return writeTable(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TableEntry next() {
                SourceEntry e = it.next();
                return new TableEntry(e.internalKey(), e.value(), e.isTombstone(), e.timestampMicros());
            }
        });
    }

    public LevelOptions levelOptions() {
        return levelOptions;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("LSM tree is closed");
        }
    }

    /** Close all readers (objects stay on disk). Idempotent. */
    @Override
    public void close() throws IOException {
        closed = true;
        readers.close();
    }
}
