package io.stratadb.storage.internal.memtable;

/**
 * SPI: the current list of sources the read path merges, newest data first (memtable, then
 * tables). This order is a contract the point-lookup path relies on: for any branch and logical
 * key, every version held by a source is newer than every version held by a later source, except
 * that two sources may hold the identical version (e.g. the memtable and the table it was just
 * flushed to). A point lookup therefore stops at the first source holding a version at or below
 * its cap. An implementation publishes immutable arrays atomically; a reader {@link #acquire()}s a
 * {@link Pin}, reads its array, then closes the pin so that the durable layer can keep tables from
 * deletion while they are read. Thread-safe.
 */
public interface SourceSet {
    /**
     * A pinned source array. Every version published before {@link #acquire()} returned is in it.
     * Close exactly once; the array must not be modified or used after close.
     */
    interface Pin extends AutoCloseable {
        VersionedSource[] sources();

        @Override
        void close();
    }

    /** Pins the current sources. */
    Pin acquire();

    /** A fixed set with no pinning: what the in-memory runtime uses. */
    static SourceSet fixed(VersionedSource... sources) {
        VersionedSource[] copy = sources.clone();
        Pin pin = new Pin() {
            @Override
            public VersionedSource[] sources() {
                return copy;
            }

            @Override
            public void close() {
            }
        };
        return () -> pin;
    }
}
