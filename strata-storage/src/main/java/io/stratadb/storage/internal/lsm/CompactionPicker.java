package io.stratadb.storage.internal.lsm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the next compaction. Each level gets a score: L0 its table count over
 * {@link LevelOptions#l0CompactionTrigger()}, deeper levels their bytes over their size target.
 * The level with the highest score &gt;= 1 (never the last level) is compacted into the next:
 * all of L0 (so L0 only ever holds data newer than L1), or one table of Li chosen round-robin
 * by key. The overlapping tables of the output level join the inputs; overlap is computed on
 * whole key prefixes, so all versions of a key move together.
 *
 * <p>When no level is due, {@link #rewrite} may name a table to rewrite in place because of the blob files it
 * refers to.
 *
 * <p>Thread-safe; assumes one compaction runs at a time (the scheduler guarantees it), since a
 * plan is computed from a snapshot and its inputs must not be compacted concurrently.
 */
public final class CompactionPicker {
    private final LevelOptions options;
    private final ConcurrentHashMap<Integer, byte[]> cursors = new ConcurrentHashMap<>();

    public CompactionPicker(LevelOptions options) {
        this.options = options;
    }

    public LevelOptions options() {
        return options;
    }

    /** The compaction score of a level (&gt;= 1 means due). */
    public double score(TableSet set, int level) {
        if (level == 0) {
            return set.level(0).size() / (double) options.l0CompactionTrigger();
        }
        return set.levelBytes(level) / (double) options.targetBytes(level);
    }

    /** True when L0 is so deep that writers should be slowed until compaction catches up. */
    public boolean shouldStallWrites(TableSet set) {
        return set.level(0).size() >= options.l0StallTables();
    }

    /** The most urgent compaction, if any level is due. */
    public Optional<CompactionPlan> pick(TableSet set) {
        int best = -1;
        double bestScore = 1.0;
        for (int i = 0; i < set.levelCount() - 1; i++) {
            double s = score(set, i);
            if (s >= bestScore && !set.level(i).isEmpty()) {
                best = i;
                bestScore = s;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        String reason = String.format("L%d score %.2f", best, bestScore);
        if (best == 0) {
            return Optional.of(planFor(set, 0, set.level(0), 1, reason));
        }
        List<TableMeta> level = set.level(best);
        byte[] after = cursors.get(best);
        TableMeta chosen = level.get(0);
        if (after != null) {
            for (TableMeta t : level) {
                if (InternalKeys.compare(t.smallestKey(), after) > 0) {
                    chosen = t;
                    break;
                }
            }
        }
        cursors.put(best, chosen.largestKey());
        return Optional.of(planFor(set, best, List.of(chosen), best + 1, reason));
    }

    /**
     * Merge every table into the last level (manual full compaction): afterwards the tree is one
     * sorted run and every droppable version and tombstone is gone. Empty if the set is empty.
     */
    public Optional<CompactionPlan> full(TableSet set) {
        int last = set.levelCount() - 1;
        List<TableMeta> upper = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            upper.addAll(set.level(i));
        }
        List<TableMeta> lower = set.level(last);
        if (upper.isEmpty() && lower.isEmpty()) {
            return Optional.empty();
        }
        if (upper.isEmpty()) {
            // already one sorted run: rewrite it so the filter can still drop versions and tombstones
            return Optional.of(new CompactionPlan(last, lower, last, List.of(), true, "full compaction"));
        }
        return Optional.of(new CompactionPlan(0, upper, last, lower, true, "full compaction"));
    }

    /**
     * For when no level is due: rewriting in place one table that refers to a blob file of {@code garbage}
     * (deepest level first), so that the values it still refers to there move to a new file and the old file
     * can go once no table refers to it. A level under its size target is never an input otherwise, so without
     * this such a file would wait for a manual full compaction. L0 tables never refer to blob files (a flush
     * writes older values into value blocks).
     */
    public Optional<CompactionPlan> rewrite(TableSet set, java.util.Set<Long> garbage) {
        if (garbage.isEmpty()) {
            return Optional.empty();
        }
        for (int level = set.levelCount() - 1; level >= 1; level--) {
            for (TableMeta t : set.level(level)) {
                for (long b : t.props().blobIds()) {
                    if (garbage.contains(b)) {
                        List<TableMeta> upper = List.of(t);
                        return Optional.of(new CompactionPlan(level, upper, level, List.of(),
                                bottommost(set, level, prefixRange(upper)),
                                "L" + level + " table " + t.id() + " refers to mostly-garbage blob file " + b));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static CompactionPlan planFor(TableSet set, int inputLevel, List<TableMeta> upper, int outputLevel,
                                          String reason) {
        byte[][] range = prefixRange(upper);
        List<TableMeta> lower = set.overlapping(outputLevel, range[0], range[1]);
        List<TableMeta> all = new ArrayList<>(upper);
        all.addAll(lower);
        return new CompactionPlan(inputLevel, upper, outputLevel, lower,
                bottommost(set, outputLevel, prefixRange(all)), reason);
    }

    /** Whether no level below {@code outputLevel} holds a key of {@code range}. */
    private static boolean bottommost(TableSet set, int outputLevel, byte[][] range) {
        for (int i = outputLevel + 1; i < set.levelCount(); i++) {
            if (!set.overlapping(i, range[0], range[1]).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** [first version of the smallest prefix, last version of the largest prefix] over tables. */
    static byte[][] prefixRange(List<TableMeta> tables) {
        byte[] lo = null;
        byte[] hi = null;
        for (TableMeta t : tables) {
            if (lo == null || InternalKeys.compare(t.smallestKey(), lo) < 0) {
                lo = t.smallestKey();
            }
            if (hi == null || InternalKeys.compare(t.largestKey(), hi) > 0) {
                hi = t.largestKey();
            }
        }
        return new byte[][] {InternalKeys.of(InternalKeys.prefix(lo), Long.MAX_VALUE),
                InternalKeys.of(InternalKeys.prefix(hi), 0)};
    }
}
