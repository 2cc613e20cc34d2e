package io.stratadb.storage;

/**
 * Decides which old versions compaction may drop. Storage keeps no policy of its own: the
 * caller passes one in {@link StorageOptions}. The newest version of a key on a branch is never
 * offered; neither is any version a child branch still sees through its fork point (storage
 * pins those itself). The default keeps everything.
 */
@FunctionalInterface
public interface RetentionPolicy {
    /**
     * @param key             the key
     * @param version         the shadowed version's commit version
     * @param timestampMicros its commit timestamp
     * @param newerVersions   how many newer versions of the key exist on the same branch (&gt;= 1)
     * @param nowMicros       the current time
     * @return true if this version may be dropped
     */
    boolean mayDrop(Key key, long version, long timestampMicros, int newerVersions, long nowMicros);

    /** Keep every version forever (the default). */
    static RetentionPolicy keepAll() {
        return (key, version, ts, newer, now) -> false;
    }

    /** Keep the newest {@code n} versions of each key. */
    static RetentionPolicy keepLatest(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("keepLatest needs n >= 1, got " + n);
        }
        return (key, version, ts, newer, now) -> newer >= n;
    }

    /** Keep versions younger than {@code micros}; older shadowed versions may go. */
    static RetentionPolicy keepFor(long micros) {
        if (micros < 0) {
            throw new IllegalArgumentException("keepFor needs a non-negative duration, got " + micros);
        }
        return (key, version, ts, newer, now) -> now - ts > micros;
    }
}
