package io.stratadb.storage.internal.lsm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a finished compaction produced: durable output tables (not yet visible), the edit that
 * swaps them in for the inputs, and counters. The caller logs {@link #edit()} to the manifest,
 * applies it to the live set, and deletes {@link #obsolete()} once no reader holds an older set.
 */
public record CompactionResult(CompactionPlan plan, List<TableMeta> outputs, long entriesIn, long entriesOut,
                               long versionsDropped, long tombstonesDropped) {
    public CompactionResult {
        outputs = List.copyOf(outputs);
    }

    /** Outputs added at the output level, inputs removed. */
    public TableEdit edit() {
        List<TableEdit.Added> added = new ArrayList<>();
        for (TableMeta t : outputs) {
            added.add(new TableEdit.Added(plan.outputLevel(), t));
        }
        List<Long> removed = new ArrayList<>();
        for (TableMeta t : plan.inputs()) {
            removed.add(t.id());
        }
        return new TableEdit(added, removed);
    }

    /** The input tables, unreferenced once the edit is applied. */
    public List<TableMeta> obsolete() {
        return plan.inputs();
    }

    public long bytesOut() {
        long n = 0;
        for (TableMeta t : outputs) {
            n += t.fileSize();
        }
        return n;
    }
}
