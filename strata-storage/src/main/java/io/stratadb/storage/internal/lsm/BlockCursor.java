package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A cursor within one data block: over a decoded heap block ({@link Block.Cursor}) or over a block
 * of a memory-mapped table read in place ({@link InPlaceBlock.Cursor}). This class holds the decoded
 * entry and the restart-point search; a subclass decodes entries from its memory ({@link #next()})
 * and reads its restart array. Decodes into a reusable key buffer; {@link #key()} materializes a copy
 * only when asked (and keeps it until the cursor moves). Not thread-safe.
 */
abstract class BlockCursor {
    /** The current key at {@code [0, keyLen)}. */
    byte[] keyBuf = new byte[64];
    int keyLen;
    /** A copy of the current key handed out by {@link #key()}; cleared by {@link #next()}. */
    byte[] keyCopy;
    /** Where the current value lies in the subclass's memory. */
    int valueOff;
    int valueLen;
    boolean tombstone;
    /** The value field is a reference to a value stored apart ({@link TableFormat#FLAG_SEPARATE}). */
    boolean separate;
    /** The value field is a reference to a value in a blob file ({@link TableFormat#FLAG_BLOB}). */
    boolean blob;
    long timestamp;
    boolean valid;
    /** Offset of the next entry to decode, in the subclass's memory; at the end of the entries when done. */
    int nextOff;

    final boolean valid() {
        return valid;
    }

    /** The current key (a stable copy; the same array until the cursor moves). */
    final byte[] key() {
        byte[] k = keyCopy;
        if (k == null) {
            k = java.util.Arrays.copyOf(keyBuf, keyLen);
            keyCopy = k;
        }
        return k;
    }

    /** The decode buffer holding the current key at {@code [0, keyLength())}; overwritten when the cursor moves. */
    final byte[] keyArray() {
        return keyBuf;
    }

    final int keyLength() {
        return keyLen;
    }

    final boolean tombstone() {
        return tombstone;
    }

    final long timestampMicros() {
        return timestamp;
    }

    /** A copy of the current value field: the value, or for an entry {@link #separate} the reference. */
    abstract byte[] value();

    /** Unsigned comparison of the current key with {@code target}. */
    final int compareKey(byte[] target) {
        return java.util.Arrays.compareUnsigned(keyBuf, 0, keyLen, target, 0, target.length);
    }

    /** Whether the current key is {@code seek[0, prefixLength)} followed by a version suffix. */
    final boolean hasPrefix(byte[] seek, int prefixLength) {
        return keyLen == prefixLength + InternalKeys.SUFFIX
                && java.util.Arrays.equals(keyBuf, 0, prefixLength, seek, 0, prefixLength);
    }

    final void ensureKeyCapacity(int len) {
        if (len > keyBuf.length) {
            keyBuf = java.util.Arrays.copyOf(keyBuf, Math.max(len, keyBuf.length * 2));
        }
    }

    /** Number of restart points (at least one). */
    abstract int restartCount();

    /** Offset of the entry at restart {@code i} (it shares nothing with a previous key). */
    abstract int restartOffset(int i) throws CorruptionException;

    /** Decode the entry at {@link #nextOff}; invalid at the end of the block. */
    abstract void next() throws CorruptionException;

    final void seekToFirst() throws CorruptionException {
        keyLen = 0;
        nextOff = restartOffset(0);
        next();
    }

    /** Position at the first entry with key &gt;= target within this block (invalid if none). */
    final void seek(byte[] target) throws CorruptionException {
        int lo = 0;
        int hi = restartCount() - 1;
        // find the last restart whose key is < target
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            keyLen = 0;
            nextOff = restartOffset(mid);
            next();
            if (compareKey(target) < 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        keyLen = 0;
        nextOff = restartOffset(lo);
        next();
        while (valid && compareKey(target) < 0) {
            next();
        }
    }
}
