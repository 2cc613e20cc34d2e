package io.stratadb.storage.internal.memtable;

import java.util.Iterator;

/**
 * A forward cursor over one {@link VersionedSource} that shows the current internal key in place
 * (no copy) and copies a value only when asked: the scan path walks many entries it never returns
 * (versions above its cap, older versions, keys other sources shadow) and materializes only winners.
 *
 * <p>The key view ({@link #keyArray()} {@code [keyOffset, keyOffset + keyLength)}) is valid until
 * the cursor moves and must not be modified. Accessors other than {@link #valid()} may only be
 * called while valid. Weakly consistent like {@link VersionedSource#iterator}. Not thread-safe: one
 * cursor per reading thread. I/O failures and corruption surface as the unchecked
 * {@link io.stratadb.storage.StorageIOException} from the moving methods.
 */
public interface SourceCursor {
    /** True while positioned on an entry. */
    boolean valid();

    /** The array holding the current internal key (see {@link #keyOffset()}, {@link #keyLength()}). */
    byte[] keyArray();

    int keyOffset();

    int keyLength();

    /** True if the current entry is a deletion marker. */
    boolean tombstone();

    /** The current value as an array the caller may keep (nothing else holds it), or null for a tombstone. */
    byte[] value();

    /** Commit timestamp (µs) of the current entry. */
    long timestampMicros();

    /** Moves to the next entry; afterwards {@link #valid()} may be false. */
    void next();

    /** Positions at the first entry whose internal key is &gt;= {@code target} (either direction). */
    void seek(byte[] target);

    /** Releases what the cursor holds; idempotent. */
    void close();

    /** A cursor over {@link VersionedSource#iterator}: each entry is materialized (the SPI's default). */
    static SourceCursor overIterator(VersionedSource source, byte[] fromInclusive) {
        return new SourceCursor() {
            private Iterator<SourceEntry> it;
            private SourceEntry cur;

            {
                seek(fromInclusive);
            }

            @Override
            public boolean valid() {
                return cur != null;
            }

            @Override
            public byte[] keyArray() {
                return cur.internalKey();
            }

            @Override
            public int keyOffset() {
                return 0;
            }

            @Override
            public int keyLength() {
                return cur.internalKey().length;
            }

            @Override
            public boolean tombstone() {
                return cur.isTombstone();
            }

            @Override
            public byte[] value() {
                return cur.value(); // a source entry owns its arrays
            }

            @Override
            public long timestampMicros() {
                return cur.timestampMicros();
            }

            @Override
            public void next() {
                cur = it != null && it.hasNext() ? it.next() : null;
            }

            @Override
            public void seek(byte[] target) {
                it = source.iterator(target);
                next();
            }

            @Override
            public void close() {
                it = null;
                cur = null;
            }
        };
    }
}
