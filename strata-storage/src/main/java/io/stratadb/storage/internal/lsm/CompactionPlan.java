package io.stratadb.storage.internal.lsm;

import java.util.ArrayList;
import java.util.List;

/**
 * Which tables one compaction merges and where the result goes. {@code upper} are the chosen
 * tables of {@code inputLevel} (newest data first: L0 newest first; a full compaction lists
 * several levels shallowest first), {@code lower} the overlapping tables of {@code outputLevel}. {@code bottommost} means no level below the output holds any key in the
 * inputs' range, so tombstones with nothing older may go. Immutable.
 */
public record CompactionPlan(int inputLevel, List<TableMeta> upper, int outputLevel, List<TableMeta> lower,
                             boolean bottommost, String reason) {
    public CompactionPlan {
        upper = List.copyOf(upper);
        lower = List.copyOf(lower);
        if (upper.isEmpty()) {
            throw new IllegalArgumentException("a compaction needs at least one input table");
        }
        if (outputLevel < 1 || outputLevel < inputLevel) {
            throw new IllegalArgumentException("output level " + outputLevel + " must be >= 1 and >= the input level "
                    + inputLevel);
        }
    }

    /**
     * Whether the plan can be done by relinking its one table one level down instead of rewriting it:
     * nothing in the output level overlaps it, so the output level stays one sorted run. A move drops
     * no version (the retention filter runs when the table is next merged).
     */
    public boolean isMove() {
        return upper.size() == 1 && lower.isEmpty() && outputLevel == inputLevel + 1;
    }

    /** All inputs, newest data first (upper before lower). */
    public List<TableMeta> inputs() {
        List<TableMeta> all = new ArrayList<>(upper);
        all.addAll(lower);
        return all;
    }

    public long inputBytes() {
        long n = 0;
        for (TableMeta t : inputs()) {
            n += t.fileSize();
        }
        return n;
    }

    @Override
    public String toString() {
        return "compact L" + inputLevel + " " + upper + " + L" + outputLevel + " " + lower + " -> L" + outputLevel
                + (bottommost ? " (bottommost)" : "") + ": " + reason;
    }
}
