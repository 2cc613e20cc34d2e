package io.stratadb.storage.internal.memtable;

/**
 * SPI: the current list of sources the read path merges, newest data first (memtable, then
 * tables). This order is a contract the point-lookup path relies on: for any branch and logical
 * key, every version held by a source is newer than every version held by a later source, except
 * that two sources may hold the identical version (e.g. the memtable and the table it was just
 * flushed to). A point lookup therefore stops at the first source holding a version at or below
 * its cap. An implementation publishes immutable arrays atomically; a reader
 * {@link #acquire()}s one array, uses it, then {@link #release}s it so that the durable layer can
 * pin tables against deletion. Thread-safe.
 */
public interface SourceSet {
    /** The current sources; the array must not be modified. Pair each call with {@link #release}. */
    VersionedSource[] acquire();

    /** Releases an array obtained from {@link #acquire()}. */
    void release(VersionedSource[] sources);

    /** A fixed set with no pinning: what the in-memory runtime uses. */
    static SourceSet fixed(VersionedSource... sources) {
        VersionedSource[] copy = sources.clone();
        return new SourceSet() {
            @Override
            public VersionedSource[] acquire() {
                return copy;
            }

            @Override
            public void release(VersionedSource[] s) {
            }
        };
    }
}
