package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A cursor within one data block: over a decoded heap block ({@link Block.Cursor}) or over a block
 * of a memory-mapped table read in place ({@link InPlaceBlock.Cursor}). Not thread-safe.
 */
interface BlockCursor {
    boolean valid();

    /** The current key (a stable copy; the same array until the cursor moves). */
    byte[] key();

    /** The decode buffer holding the current key at {@code [0, keyLength())}; overwritten when the cursor moves. */
    byte[] keyArray();

    int keyLength();

    /** A copy of the current value. */
    byte[] value();

    boolean tombstone();

    long timestampMicros();

    /** Whether the current key is {@code seek[0, prefixLength)} followed by a version suffix. */
    default boolean hasPrefix(byte[] seek, int prefixLength) {
        return keyLength() == prefixLength + InternalKeys.SUFFIX
                && java.util.Arrays.equals(keyArray(), 0, prefixLength, seek, 0, prefixLength);
    }

    void seekToFirst() throws CorruptionException;

    /** Decode the next entry; invalid at the end of the block. */
    void next() throws CorruptionException;

    /** Position at the first entry with key &gt;= target within this block (invalid if none). */
    void seek(byte[] target) throws CorruptionException;
}
