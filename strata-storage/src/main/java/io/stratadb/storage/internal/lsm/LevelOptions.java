package io.stratadb.storage.internal.lsm;

/**
 * Shape of the leveled tree.
 *
 * @param levelCount        levels including L0 (2..{@value TableSet#MAX_LEVELS})
 * @param l0CompactionTrigger L0 table count that makes L0 due for compaction
 * @param l0StallTables     L0 table count at which the runtime should slow writers (advisory)
 * @param baseLevelBytes    size target of L1
 * @param levelMultiplier   each deeper level's target is this many times the previous
 * @param targetTableBytes  compaction output tables are cut near this size (at a key boundary)
 */
public record LevelOptions(int levelCount, int l0CompactionTrigger, int l0StallTables, long baseLevelBytes,
                           int levelMultiplier, long targetTableBytes) {
    public LevelOptions {
        if (levelCount < 2 || levelCount > TableSet.MAX_LEVELS) {
            throw new IllegalArgumentException("levelCount must be in 2.." + TableSet.MAX_LEVELS + ", got " + levelCount);
        }
        if (l0CompactionTrigger < 1) {
            throw new IllegalArgumentException("l0CompactionTrigger must be >= 1, got " + l0CompactionTrigger);
        }
        if (l0StallTables < l0CompactionTrigger) {
            throw new IllegalArgumentException("l0StallTables (" + l0StallTables + ") must be >= l0CompactionTrigger ("
                    + l0CompactionTrigger + ")");
        }
        if (baseLevelBytes < 1024) {
            throw new IllegalArgumentException("baseLevelBytes must be >= 1024, got " + baseLevelBytes);
        }
        if (levelMultiplier < 2) {
            throw new IllegalArgumentException("levelMultiplier must be >= 2, got " + levelMultiplier);
        }
        if (targetTableBytes < 1024) {
            throw new IllegalArgumentException("targetTableBytes must be >= 1024, got " + targetTableBytes);
        }
    }

    /** 7 levels, L0 compacts at 4 tables and stalls at 20, L1 256 MiB, x10 per level, 64 MiB tables. */
    public static LevelOptions defaults() {
        return new LevelOptions(7, 4, 20, 256L << 20, 10, 64L << 20);
    }

    /** Size target of {@code level} (&gt;= 1). */
    public long targetBytes(int level) {
        long t = baseLevelBytes;
        for (int i = 1; i < level; i++) {
            t = t > Long.MAX_VALUE / levelMultiplier ? Long.MAX_VALUE : t * levelMultiplier;
        }
        return t;
    }
}
