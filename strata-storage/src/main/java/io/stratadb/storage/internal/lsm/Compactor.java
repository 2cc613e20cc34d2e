package io.stratadb.storage.internal.lsm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs one {@link CompactionPlan}: merges the input tables (newest first), decides per key which
 * versions survive, and writes the survivors to new tables at the output level, cut near
 * {@link LevelOptions#targetTableBytes()} at key boundaries (all versions of a key stay in one
 * table). Output tables are durable when {@link #run} returns but not visible: the caller
 * applies {@link CompactionResult#edit()}.
 *
 * <p>Per key, with versions newest first {@code v0 > v1 > ...} among the inputs:
 * {@code v0} is always kept; {@code vi} is dropped only if {@link VersionFilter#mayDrop} allows
 * (with {@code nextNewerVersion = v(i-1)}, {@code newerVersions = i}). If the plan is
 * {@linkplain CompactionPlan#bottommost() bottommost}, the oldest surviving version is then
 * dropped while it is a tombstone and {@link VersionFilter#mayDropBottomTombstone} allows,
 * since nothing older exists for it to hide. A key for which {@link VersionFilter#mayDropKey}
 * holds (unreadable data, e.g. of a deleted branch) loses every version.
 *
 * <p>On failure every output written so far is deleted and the exception propagates; the live
 * set is untouched. Not thread-safe for concurrent runs over the same tables (one compaction at
 * a time); safe alongside readers and flushes.
 */
public final class Compactor {
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
        List<EntryCursor> cursors = new ArrayList<>();
        List<TableMeta> outputs = new ArrayList<>();
        Run run = new Run(plan, filter, outputs);
        try {
            for (TableMeta t : plan.inputs()) {
                cursors.add(readers.get(t).cursor(false)); // one pass: keep the cache for reads
            }
            try (MergingCursor merged = new MergingCursor(cursors)) {
                cursors = List.of();
                List<TableEntry> group = new ArrayList<>();
                for (merged.seekToFirst(); merged.valid(); merged.next()) {
                    run.entriesIn++;
                    if (!group.isEmpty() && !InternalKeys.samePrefix(group.get(0).key(), merged.key())) {
                        run.emit(group);
                        group.clear();
                    }
                    group.add(merged.entry());
                }
                if (!group.isEmpty()) {
                    run.emit(group);
                }
            }
            run.finishTable();
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
            throw e;
        }
    }

    /** Mutable state of one run. */
    private final class Run {
        private final CompactionPlan plan;
        private final VersionFilter filter;
        private final List<TableMeta> outputs;
        private TableWriter writer;
        long entriesIn;
        long entriesOut;
        long versionsDropped;
        long tombstonesDropped;

        Run(CompactionPlan plan, VersionFilter filter, List<TableMeta> outputs) {
            this.plan = plan;
            this.filter = filter;
            this.outputs = outputs;
        }

        /** Decide the survivors of one key's versions (newest first) and write them. */
        void emit(List<TableEntry> group) throws IOException {
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
                        writer = new TableWriter(readers.store(), newTableId.getAsLong(), tableOptions);
                    }
                    writer.add(group.get(i));
                    entriesOut++;
                }
            }
            if (writer != null && writer.estimatedSize() >= targetTableBytes) {
                finishTable();
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
