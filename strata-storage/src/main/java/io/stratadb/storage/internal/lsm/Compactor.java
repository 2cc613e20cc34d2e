package io.stratadb.storage.internal.lsm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Runs one {@link CompactionPlan}: merges the input tables (newest first), decides per key which
 * versions survive, and writes the survivors to new tables at the output level, cut near
 * {@link LevelOptions#targetTableBytes()} at key boundaries (all versions of a key stay in one
 * table). Output tables are durable when {@link #run} returns but not visible: the caller
 * applies {@link CompactionResult#edit()}.
 *
 * <p>The values of older versions (all but the newest of a key in an output table, 64 bytes and up) go to
 * {@link BlobFiles}: one per run, shared by its output tables (a new one every {@link #BLOB_FILE_BYTES}), made
 * durable before {@link #run} returns; an entry whose value is in a blob file already keeps its reference, and
 * the value is not read. So a version's value is written by the first compaction that finds it superseded, and
 * not again unless its file is one the caller asks to relocate (mostly garbage, or small).
 *
 * <p>Per key, with versions newest first {@code v0 > v1 > ...} among the inputs:
 * {@code v0} is always kept; {@code vi} is dropped only if {@link VersionFilter#mayDrop} allows
 * (with {@code nextNewerVersion = v(i-1)}, {@code newerVersions = i}). If the plan is
 * {@linkplain CompactionPlan#bottommost() bottommost}, the oldest surviving version is then
 * dropped while it is a tombstone and {@link VersionFilter#mayDropBottomTombstone} allows,
 * since nothing older exists for it to hide. A key for which {@link VersionFilter#mayDropKey}
 * holds (unreadable data, e.g. of a deleted branch) loses every version.
 *
 * <p>On failure every output (table and blob file) written so far is deleted and the exception propagates; the live
 * set is untouched. Not thread-safe for concurrent runs over the same tables (one compaction at
 * a time); safe alongside readers and flushes.
 */
public final class Compactor {
    /** A blob file is closed and the next one started once it holds this many bytes. */
    static final long BLOB_FILE_BYTES = 256L << 20;
    private static final byte[] NO_VALUE = new byte[0];
    private final TableReaders readers;
    private final TableOptions tableOptions;
    private final long targetTableBytes;
    private final LongSupplier newTableId;

    /**
     * @param newTableId allocates ids for output tables (the runtime's manifest counter)
     */
    public Compactor(TableReaders readers, TableOptions tableOptions, long targetTableBytes, LongSupplier newTableId) {
        this.readers = readers;
        this.tableOptions = tableOptions;
        this.targetTableBytes = targetTableBytes;
        this.newTableId = newTableId;
    }

    public CompactionResult run(CompactionPlan plan, VersionFilter filter) throws IOException {
        return run(plan, filter, Set.of());
    }

    /**
     * As {@link #run(CompactionPlan, VersionFilter)}; the values that survivors have in the blob files
     * {@code relocate} are read and written again (to this run's blob files, or inline), instead of their
     * references being copied: those files are mostly garbage.
     */
    public CompactionResult run(CompactionPlan plan, VersionFilter filter, Set<Long> relocate) throws IOException {
        List<EntryCursor> cursors = new ArrayList<>();
        List<TableMeta> outputs = new ArrayList<>();
        Run run = new Run(plan, filter, outputs, relocate);
        try {
            for (TableMeta t : plan.inputs()) {
                cursors.add(readers.get(t).cursor(false)); // one pass: keep the cache for reads
            }
            try (MergingCursor merged = new MergingCursor(cursors)) {
                cursors = List.of();
                List<TableEntry> group = new ArrayList<>();
                List<byte[]> references = new ArrayList<>();
                for (merged.seekToFirst(); merged.valid(); merged.next()) {
                    run.entriesIn++;
                    if (!group.isEmpty() && !InternalKeys.samePrefix(group.get(0).key(), merged.key())) {
                        run.emit(group, references);
                        group.clear();
                        references.clear();
                    }
                    byte[] reference = merged.blobReference(); // copied as is: the value is not read
                    group.add(reference == null ? merged.entry()
                            : TableEntry.put(merged.key(), NO_VALUE, merged.timestampMicros()));
                    references.add(reference);
                }
                if (!group.isEmpty()) {
                    run.emit(group, references);
                }
            }
            run.finishTable();
            run.finishBlob();
            return new CompactionResult(plan, outputs, run.entriesIn, run.entriesOut, run.versionsDropped,
                    run.tombstonesDropped);
        } catch (IOException | RuntimeException | Error e) {
            for (EntryCursor c : cursors) {
                c.close();
            }
            run.abandon(e);
            for (TableMeta t : outputs) {
                try {
                    readers.store().delete(t.id());
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            for (long id : run.blobFiles) {
                try {
                    readers.blobs().delete(id);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Mutable state of one run. */
    private final class Run implements TableWriter.BlobOutput {
        private final CompactionPlan plan;
        private final VersionFilter filter;
        private final List<TableMeta> outputs;
        private final Set<Long> relocate;
        private TableWriter writer;
        /** The blob file the open output table's older values go to (null until one is needed). */
        private BlobFiles.Writer blob;
        /** Every blob file this run created (deleted if it fails). */
        final List<Long> blobFiles = new ArrayList<>();
        long entriesIn;
        long entriesOut;
        long versionsDropped;
        long tombstonesDropped;

        Run(CompactionPlan plan, VersionFilter filter, List<TableMeta> outputs, Set<Long> relocate) {
            this.plan = plan;
            this.filter = filter;
            this.outputs = outputs;
            this.relocate = relocate;
        }

        /**
         * Decide the survivors of one key's versions (newest first) and write them; {@code references} holds, per
         * entry, its blob file reference (then the entry's value is not read) or null.
         */
        void emit(List<TableEntry> group, List<byte[]> references) throws IOException {
            byte[] prefix = InternalKeys.prefix(group.get(0).key());
            int n = group.size();
            if (filter.mayDropKey(prefix)) {
                versionsDropped += n;
                return;
            }
            boolean[] keep = new boolean[n];
            keep[0] = true;
            for (int i = 1; i < n; i++) {
                TableEntry e = group.get(i);
                keep[i] = !filter.mayDrop(prefix, e.version(), group.get(i - 1).version(), i, e.timestampMicros(),
                        e.tombstone());
                if (!keep[i]) {
                    versionsDropped++;
                }
            }
            if (plan.bottommost()) {
                for (int i = n - 1; i >= 0; i--) {
                    if (!keep[i]) {
                        continue;
                    }
                    TableEntry e = group.get(i);
                    if (e.tombstone() && filter.mayDropBottomTombstone(prefix, e.version())) {
                        keep[i] = false;
                        tombstonesDropped++;
                    } else {
                        break;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (keep[i]) {
                    if (writer == null) {
                        writer = new TableWriter(readers.store(), newTableId.getAsLong(), tableOptions, this);
                    }
                    TableEntry e = group.get(i);
                    byte[] reference = references.get(i);
                    if (reference == null) {
                        writer.add(e);
                    } else if (!relocate.isEmpty() && relocate.contains(BlobFiles.fileOf(reference, "compaction"))) {
                        writer.add(e.key(), readers.blobs().read(reference, "compaction"), false, e.timestampMicros());
                    } else {
                        writer.addBlobReference(e.key(), reference, e.timestampMicros());
                    }
                    entriesOut++;
                }
            }
            if (writer != null && writer.estimatedSize() >= targetTableBytes) {
                finishTable();
            }
        }

        @Override
        public byte[] append(byte[] value) throws IOException {
            if (blob != null && blob.size() >= BLOB_FILE_BYTES) {
                finishBlob();
            }
            if (blob == null) {
                long id = newTableId.getAsLong();
                blob = readers.blobs().create(id);
                blobFiles.add(id);
            }
            return blob.append(value);
        }

        /**
         * Makes the open blob file durable, if any. The run's output tables share it (they become visible together,
         * by the caller's edit, after the run), so it is finished once at the end, or when full.
         */
        void finishBlob() throws IOException {
            if (blob != null) {
                BlobFiles.Writer b = blob;
                blob = null;
                try (b) {
                    b.finish();
                }
            }
        }

        void finishTable() throws IOException {
            if (writer != null) {
                TableWriter w = writer;
                writer = null;
                try (w) {
                    outputs.add(w.finish());
                }
            }
        }

        void abandon(Throwable e) {
            if (blob != null) {
                try {
                    blob.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                blob = null;
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                writer = null;
            }
        }
    }
}
