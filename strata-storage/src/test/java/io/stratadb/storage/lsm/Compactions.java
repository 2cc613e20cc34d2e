package io.stratadb.storage.lsm;

import io.stratadb.storage.internal.lsm.CompactionPlan;
import io.stratadb.storage.internal.lsm.CompactionResult;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.VersionFilter;

import java.util.List;
import java.util.Optional;

/** Drives an {@link LsmTree}'s compactions in tests the way the runtime does: compact, apply, retire. */
final class Compactions {
    private Compactions() {
    }

    /** Runs picked compactions until none is due (fails if that takes more than 1,000). */
    static void untilQuiet(LsmTree tree, VersionFilter filter) throws Exception {
        for (int i = 0; i < 1000; i++) {
            Optional<CompactionPlan> plan = tree.pickCompaction();
            if (plan.isEmpty()) {
                return;
            }
            run(tree, plan.get(), filter);
        }
        throw new AssertionError("compaction did not settle");
    }

    /** Runs one plan and publishes its result. */
    static CompactionResult run(LsmTree tree, CompactionPlan plan, VersionFilter filter) throws Exception {
        CompactionResult r = tree.compact(plan, filter);
        tree.apply(r.edit());
        tree.retire(r.obsolete());
        return r;
    }

    /** Rewrites table {@code t} of {@code level} alone, in place (as a compaction of part of the key space would). */
    static CompactionResult rewriteAlone(LsmTree tree, int level, TableMeta t, VersionFilter filter) throws Exception {
        return run(tree, new CompactionPlan(level, List.of(t), level, List.of(), true, "test: one table alone"), filter);
    }

    /** Drops the shadowed versions {@code version} says may go; keeps bottom tombstones. */
    static VersionFilter dropping(java.util.function.LongPredicate version) {
        return new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long next, int newer, long ts, boolean tomb) {
                return version.test(v);
            }

            @Override
            public boolean mayDropBottomTombstone(byte[] p, long v) {
                return false;
            }
        };
    }
}
