package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A verified, decoded-on-demand data or index block: immutable and shareable between threads
 * (it sits in the block cache). Cursors over it are per thread.
 */
final class Block {
    private final byte[] data;
    private final int restartsAt;
    private final int restartCount;
    private final String object;
    private final long base;

    /**
     * @param data payload (checksum already verified)
     * @param base absolute offset of the payload in the object, for error messages
     */
    Block(byte[] data, String object, long base) throws CorruptionException {
        this.data = data;
        this.object = object;
        this.base = base;
        if (data.length < 4) {
            throw new CorruptionException(object, base, "block of " + data.length + " bytes has no restart count");
        }
        ByteReader r = new ByteReader(data, data.length - 4, data.length, object, base);
        int count = r.getInt();
        long at = data.length - 4L - 4L * count;
        if (count < 1 || at < 0) {
            throw new CorruptionException(object, base + data.length - 4, "impossible restart count " + count);
        }
        this.restartCount = count;
        this.restartsAt = (int) at;
        int prev = -1;
        for (int i = 0; i < count; i++) {
            int off = restart(i);
            if (off <= prev || off >= restartsAt) {
                throw new CorruptionException(object, base + restartsAt + 4L * i, "restart offset " + off
                        + " out of order or outside the entries");
            }
            prev = off;
        }
        if (restart(0) != 0) {
            throw new CorruptionException(object, base + restartsAt, "first restart is not at offset 0");
        }
    }

    int sizeInBytes() {
        return data.length;
    }

    private int restart(int i) {
        int p = restartsAt + 4 * i;
        return ((data[p] & 0xff) << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8)
                | (data[p + 3] & 0xff);
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Cursor within one block. Not thread-safe. */
    final class Cursor {
        private final ByteReader in = new ByteReader(data, 0, restartsAt, object, base);
        private byte[] key = new byte[0];
        private int valueOff;
        private int valueLen;
        private boolean tombstone;
        private long timestamp;
        private int nextOff = restartsAt; // offset of the next entry; restartsAt = end
        private boolean valid;

        boolean valid() {
            return valid;
        }

        byte[] key() {
            return key;
        }

        byte[] value() {
            return java.util.Arrays.copyOfRange(data, valueOff, valueOff + valueLen);
        }

        boolean tombstone() {
            return tombstone;
        }

        long timestampMicros() {
            return timestamp;
        }

        void seekToFirst() throws CorruptionException {
            key = new byte[0];
            nextOff = 0;
            next();
        }

        /** Decode the entry at {@code nextOff}; invalid at the end of the block. */
        void next() throws CorruptionException {
            if (nextOff >= restartsAt) {
                valid = false;
                return;
            }
            in.position(nextOff);
            int shared = in.getVarInt(key.length);
            int unshared = in.getVarInt(restartsAt);
            int vlen = in.getVarInt(restartsAt);
            int flags = in.get();
            if ((flags & ~TableFormat.FLAG_TOMBSTONE) != 0) {
                throw in.corrupt("unknown entry flags " + flags);
            }
            long ts = in.getVarLong();
            byte[] k = new byte[shared + unshared];
            System.arraycopy(key, 0, k, 0, shared);
            byte[] suffix = in.getBytes(unshared);
            System.arraycopy(suffix, 0, k, shared, unshared);
            valueOff = in.position();
            in.getBytes(0);
            if (restartsAt - valueOff < vlen) {
                throw in.corrupt("value of " + vlen + " bytes overruns the block");
            }
            valueLen = vlen;
            tombstone = (flags & TableFormat.FLAG_TOMBSTONE) != 0;
            if (tombstone && vlen != 0) {
                throw in.corrupt("tombstone with a " + vlen + "-byte value");
            }
            if (k.length < InternalKeys.SUFFIX) {
                throw in.corrupt("key of " + k.length + " bytes is shorter than the version suffix");
            }
            key = k;
            timestamp = ts;
            nextOff = valueOff + vlen;
            valid = true;
        }

        /** Position at the first entry with key &gt;= target within this block (invalid if none). */
        void seek(byte[] target) throws CorruptionException {
            int lo = 0;
            int hi = restartCount - 1;
            // find the last restart whose key is < target
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                key = new byte[0];
                nextOff = restart(mid);
                next();
                if (InternalKeys.compare(key, target) < 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            key = new byte[0];
            nextOff = restart(lo);
            next();
            while (valid && InternalKeys.compare(key, target) < 0) {
                next();
            }
        }
    }
}
