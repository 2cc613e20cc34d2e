package io.stratadb.storage.internal.lsm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /** The result of a {@linkplain CompactionPlan#isMove() move}: the input table itself, one level down. */
    public static CompactionResult moved(CompactionPlan plan) {
        if (!plan.isMove()) {
            throw new IllegalArgumentException("not a move: " + plan);
        }
        return new CompactionResult(plan, plan.upper(), 0, 0, 0, 0);
    }

    /** The input tables no output reuses (a moved table is not one), unreferenced once the edit is applied. */
    public List<TableMeta> obsolete() {
        Set<Long> kept = new HashSet<>();
        for (TableMeta t : outputs) {
            kept.add(t.id());
        }
        List<TableMeta> out = new ArrayList<>();
        for (TableMeta t : plan.inputs()) {
            if (!kept.contains(t.id())) {
                out.add(t);
            }
        }
        return out;
    }

    public long bytesOut() {
        long n = 0;
        for (TableMeta t : outputs) {
            n += t.fileSize();
        }
        return n;
    }
}
