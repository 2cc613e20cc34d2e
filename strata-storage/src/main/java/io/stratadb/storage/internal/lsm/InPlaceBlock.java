package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.nio.ByteBuffer;

/**
 * Data blocks of a memory-mapped table read in place, for point lookups: a cursor decodes entries
 * straight from the map, so a lookup costs no block copy, no {@link Block} object and no block-cache
 * insert; only the entry found is copied out. Used for blocks stored uncompressed whose checksum and
 * restart array the reader has already verified (see {@code TableReader}); compressed blocks are
 * decompressed into the block cache. Table cursors copy blocks instead: they decode every entry, and
 * per-byte reads from the map cost more than one bulk copy (measured on YCSB E).
 *
 * <p>It decodes the same entry format as {@link Block.Cursor}, which works on heap arrays (cached,
 * decompressed and positionally read blocks), with every length still checked against the block's
 * bounds, so damage that slipped past verification is a {@link CorruptionException}, never a read
 * outside the block. The buffer is only read with absolute gets, so one buffer serves all threads.
 */
final class InPlaceBlock {
    private InPlaceBlock() {
    }

    /** A cursor over the data block at {@code h} of {@code buf} (the whole object). */
    static Cursor cursor(ByteBuffer buf, TableFormat.BlockHandle h, String object) throws CorruptionException {
        return new Cursor(buf, h, object);
    }

    /** Cursor within one block read in place. Not thread-safe. */
    static final class Cursor implements BlockCursor {
        private final ByteBuffer buf;
        private final String object;
        private final int base;
        /** End of the entries: the restart array starts here. */
        private final int end;
        private final int restartCount;
        private int next; // offset of the next entry to decode
        private byte[] key = new byte[64];
        private int keyLength;
        private byte[] keyCopy;
        private int valueAt;
        private int valueLength;
        private boolean tombstone;
        private long timestamp;
        private boolean valid;

        private Cursor(ByteBuffer buf, TableFormat.BlockHandle h, String object) throws CorruptionException {
            this.buf = buf;
            this.object = object;
            this.base = (int) h.offset();
            int length = h.length();
            if (length < 4) {
                throw new CorruptionException(object, base, "block of " + length + " bytes has no restart count");
            }
            int count = buf.getInt(base + length - 4);
            long restartsAt = length - 4L - 4L * count;
            if (count < 1 || restartsAt < 0) {
                throw new CorruptionException(object, base + length - 4L, "impossible restart count " + count);
            }
            this.restartCount = count;
            this.end = base + (int) restartsAt;
            this.next = end;
        }

        @Override
        public boolean valid() {
            return valid;
        }

        @Override
        public byte[] key() {
            byte[] k = keyCopy;
            if (k == null) {
                k = java.util.Arrays.copyOf(key, keyLength);
                keyCopy = k;
            }
            return k;
        }

        @Override
        public byte[] keyArray() {
            return key;
        }

        @Override
        public int keyLength() {
            return keyLength;
        }

        @Override
        public byte[] value() {
            byte[] v = new byte[valueLength];
            buf.get(valueAt, v, 0, valueLength);
            return v;
        }

        @Override
        public boolean tombstone() {
            return tombstone;
        }

        @Override
        public long timestampMicros() {
            return timestamp;
        }

        @Override
        public void seekToFirst() throws CorruptionException {
            restartAt(0);
            next();
        }

        @Override
        public void seek(byte[] target) throws CorruptionException {
            // the last restart whose key is < target (a restart entry holds its whole key)
            int lo = 0;
            int hi = restartCount - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                restartAt(mid);
                next();
                if (compareKey(target) < 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            restartAt(lo);
            next();
            while (valid && compareKey(target) < 0) {
                next();
            }
        }

        private int compareKey(byte[] target) {
            return java.util.Arrays.compareUnsigned(key, 0, keyLength, target, 0, target.length);
        }

        /** Positions at restart {@code i}: the entry there shares nothing with a previous key. */
        private void restartAt(int i) throws CorruptionException {
            int at = end + 4 * i;
            int off = base + buf.getInt(at);
            if (off < base || off >= end) {
                throw new CorruptionException(object, at, "restart offset outside the entries");
            }
            next = off;
            keyLength = 0;
        }

        @Override
        public void next() throws CorruptionException {
            keyCopy = null;
            if (next >= end) {
                valid = false;
                return;
            }
            int entry = next;
            int at = entry;
            int shared = 0;
            int unshared = 0;
            int vlen = 0;
            for (int field = 0; field < 3; field++) { // shared, unshared, value length: varint32 each
                int v = 0;
                for (int shift = 0; ; shift += 7) {
                    if (at >= end || shift > 28) {
                        throw corrupt(entry, "bad length field");
                    }
                    int b = buf.get(at++);
                    v |= (b & 0x7f) << shift;
                    if (b >= 0) {
                        break;
                    }
                }
                if (v < 0) {
                    throw corrupt(entry, "bad length field");
                }
                if (field == 0) {
                    shared = v;
                } else if (field == 1) {
                    unshared = v;
                } else {
                    vlen = v;
                }
            }
            if (at >= end) {
                throw corrupt(entry, "entry header runs past the block");
            }
            int flags = buf.get(at++) & 0xff;
            long ts = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= end || shift > 56) {
                    throw corrupt(entry, "bad timestamp");
                }
                int b = buf.get(at++);
                ts |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
            boolean tomb = (flags & TableFormat.FLAG_TOMBSTONE) != 0;
            if (shared > keyLength || (flags & ~TableFormat.FLAG_TOMBSTONE) != 0 || unshared > end - at
                    || vlen > end - at - unshared || (tomb && vlen != 0)
                    || shared + unshared < InternalKeys.SUFFIX || ts < 0) {
                throw corrupt(entry, "malformed entry");
            }
            int len = shared + unshared;
            if (len > key.length) {
                key = java.util.Arrays.copyOf(key, Math.max(len, key.length * 2));
            }
            buf.get(at, key, shared, unshared);
            keyLength = len;
            valueAt = at + unshared;
            valueLength = vlen;
            tombstone = tomb;
            timestamp = ts;
            next = valueAt + vlen;
            valid = true;
        }

        private CorruptionException corrupt(int entry, String what) {
            return new CorruptionException(object, entry, what + " in a data block read in place");
        }
    }
}
