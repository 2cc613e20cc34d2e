package io.stratadb;

import java.util.List;

/**
 * The difference between two branches {@code a} and {@code b}, per space and primitive: entities
 * only in {@code b} are added, only in {@code a} removed, in both with different values modified.
 * Identical branches give an empty {@link #entries()} list and zero totals.
 *
 * <p>Primitives are named {@code kv}, {@code state}, {@code json}, {@code event} (keyed by
 * sequence as a decimal string; the value is an object with type, payload, timestamp) and
 * whatever else the engine registers (e.g. {@code vector}).
 */
public record BranchDiff(String branchA, String branchB, List<SpaceDiff> entries, Summary summary) {
    public BranchDiff {
        entries = List.copyOf(entries);
    }

    /** One changed entity; {@code valueA} is null when added, {@code valueB} null when removed. */
    public record Change(String key, Value valueA, Value valueB) {
    }

    /** The differences of one primitive in one space; only non-empty ones are listed. */
    public record SpaceDiff(String space, String primitive, List<Change> added, List<Change> removed,
                            List<Change> modified) {
        public SpaceDiff {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            modified = List.copyOf(modified);
        }
    }

    /** Totals over all entries. */
    public record Summary(long totalAdded, long totalRemoved, long totalModified) {
        public boolean isEmpty() {
            return totalAdded == 0 && totalRemoved == 0 && totalModified == 0;
        }
    }

    /** Whether the branches hold the same data. */
    public boolean isEmpty() {
        return summary.isEmpty();
    }
}
