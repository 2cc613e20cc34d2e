package io.stratadb.storage.internal.lsm;

/**
 * The caller's say on what compaction may drop. Compaction itself never drops a version unless
 * this filter allows it, and always keeps the newest version of each key among its inputs.
 *
 * <p>The runtime builds one per compaction from its {@code RetentionPolicy}, the commit timeline
 * (version → timestamp) and the branch catalog: a version must be kept while a child branch's
 * fork version pins it ({@link #withPins}), and a bottom-level tombstone must be kept while the
 * key's branch still inherits older data from an ancestor (dropping it would resurrect that data).
 * Implementations must be thread-safe and fast (called once per shadowed version).
 */
public interface VersionFilter {
    /**
     * May this shadowed version be dropped? Reads at versions in [{@code version},
     * {@code nextNewerVersion}) currently see it; after a drop they see an older version.
     *
     * @param prefix           internal key without its version (branch · logical key)
     * @param version          the shadowed version
     * @param nextNewerVersion the next newer version of the same key among the compaction inputs
     * @param newerVersions    how many newer versions of the key the inputs hold (&gt;= 1)
     * @param timestampMicros  commit timestamp of {@code version}
     * @param tombstone        whether the version is a deletion marker
     */
    boolean mayDrop(byte[] prefix, long version, long nextNewerVersion, int newerVersions, long timestampMicros,
                    boolean tombstone);

    /**
     * May a tombstone be dropped that, at the bottom of the tree, is the oldest version left of its
     * key (nothing older exists in any table)? Within its branch the key reads as absent either way;
     * the question is whether a read falls through to an ancestor branch at that point.
     */
    boolean mayDropBottomTombstone(byte[] prefix, long version);

    /**
     * May every version of this key go, the newest included? True only for data nobody can read
     * any more (e.g. a deleted branch no live branch descends from). Default: never.
     */
    default boolean mayDropKey(byte[] prefix) {
        return false;
    }

    /** Keep every version; drop bottom-level tombstones (right for a tree without branch inheritance). */
    static VersionFilter keepAll() {
        return new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long n, int c, long ts, boolean t) {
                return false;
            }

            @Override
            public boolean mayDropBottomTombstone(byte[] p, long v) {
                return true;
            }
        };
    }

    /** Keep every version and every tombstone: compaction only merges. */
    static VersionFilter keepEverything() {
        return new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long n, int c, long ts, boolean t) {
                return false;
            }

            @Override
            public boolean mayDropBottomTombstone(byte[] p, long v) {
                return false;
            }
        };
    }

    /** Fork versions that read a key prefix's key space (child branches' fork points). */
    @FunctionalInterface
    interface Pins {
        /** Fork versions of children of the prefix's branch, any order; empty if none. */
        long[] pinsFor(byte[] prefix);
    }

    /**
     * This filter, except that a version stays while a pin {@code f} has
     * {@code version <= f < nextNewerVersion} (a child forked at {@code f} still reads it).
     */
    default VersionFilter withPins(Pins pins) {
        VersionFilter base = this;
        return new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long n, int c, long ts, boolean t) {
                for (long f : pins.pinsFor(p)) {
                    if (v <= f && f < n) {
                        return false;
                    }
                }
                return base.mayDrop(p, v, n, c, ts, t);
            }

            @Override
            public boolean mayDropBottomTombstone(byte[] p, long v) {
                return base.mayDropBottomTombstone(p, v);
            }

            @Override
            public boolean mayDropKey(byte[] p) {
                return base.mayDropKey(p);
            }
        };
    }
}
