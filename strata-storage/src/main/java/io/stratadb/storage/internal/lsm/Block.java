package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A verified, decoded-on-demand data or index block: immutable and shareable between threads
 * (it sits in the block cache). Cursors over it are per thread.
 */
final class Block {
    private final byte[] data;
    private final int length;
    private final int restartsAt;
    private final int restartCount;
    private final String object;
    private final long base;

    /**
     * @param data payload (checksum already verified)
     * @param base absolute offset of the payload in the object, for error messages
     */
    Block(byte[] data, String object, long base) throws CorruptionException {
        this(data, data.length, object, base);
    }

    /** A block whose payload is {@code data[0, length)} (bytes after it, e.g. a trailer, are ignored). */
    Block(byte[] data, int length, String object, long base) throws CorruptionException {
        this.data = data;
        this.length = length;
        this.object = object;
        this.base = base;
        if (length < 4) {
            throw new CorruptionException(object, base, "block of " + length + " bytes has no restart count");
        }
        ByteReader r = new ByteReader(data, length - 4, length, object, base);
        int count = r.getInt();
        long at = length - 4L - 4L * count;
        if (count < 1 || at < 0) {
            throw new CorruptionException(object, base + length - 4, "impossible restart count " + count);
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

    /** Whether the block reads from {@code array} itself (an uncompressed payload used in place). */
    boolean readsFrom(byte[] array) {
        return data == array;
    }


    private int restart(int i) {
        int p = restartsAt + 4 * i;
        return ((data[p] & 0xff) << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8)
                | (data[p + 3] & 0xff);
    }

    Cursor cursor() {
        return new Cursor();
    }

    /** Cursor within one decoded block (see {@link BlockCursor}). Not thread-safe. */
    final class Cursor extends BlockCursor {
        private final ByteReader in = new ByteReader(data, 0, restartsAt, object, base);
        private int scan; // fast-path decode position within next()

        Cursor() {
            nextOff = restartsAt; // restartsAt = end
        }

        @Override
        byte[] value() {
            return java.util.Arrays.copyOfRange(data, valueOff, valueOff + valueLen);
        }

        @Override
        int restartCount() {
            return restartCount;
        }

        @Override
        int restartOffset(int i) {
            return restart(i); // validated when the block was decoded
        }

        /** Decode the entry at {@code nextOff}; invalid at the end of the block. */
        @Override
        void next() throws CorruptionException {
            keyCopy = null;
            if (nextOff >= restartsAt) {
                valid = false;
                return;
            }
            // fast path for well-formed entries; anything unusual is re-decoded by slowNext
            final byte[] d = data;
            final int end = restartsAt;
            scan = nextOff;
            int shared = fastVarInt(d, end);
            int unshared = shared < 0 ? -1 : fastVarInt(d, end);
            int vlen = unshared < 0 ? -1 : fastVarInt(d, end);
            if (vlen < 0 || scan >= end) {
                slowNext();
                return;
            }
            int p = scan;
            int flags = d[p++] & 0xff;
            long ts = 0;
            int shift = 0;
            int b;
            do {
                if (p >= end || shift > 56) {
                    slowNext();
                    return;
                }
                b = d[p++];
                ts |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            int len = shared + unshared;
            if (shared > keyLen || !TableFormat.flagsValid(flags, vlen) || unshared > end - p
                    || vlen > end - p - unshared || len < InternalKeys.SUFFIX || ts < 0) {
                slowNext();
                return;
            }
            ensureKeyCapacity(len);
            System.arraycopy(d, p, keyBuf, shared, unshared);
            valueOff = p + unshared;
            valueLen = vlen;
            tombstone = flags == TableFormat.FLAG_TOMBSTONE;
            separate = flags == TableFormat.FLAG_SEPARATE;
            blob = flags == TableFormat.FLAG_BLOB;
            keyLen = len;
            timestamp = ts;
            nextOff = valueOff + vlen;
            valid = true;
        }

        /**
         * Fast path: the varint32 at {@link #scan} in {@code d[.., end)}, advancing {@code scan}; -1 when
         * it is truncated or longer than 4 bytes (the caller then re-decodes with the checked decoder).
         */
        private int fastVarInt(byte[] d, int end) {
            int p = scan;
            int v = 0;
            int shift = 0;
            int b;
            do {
                if (p >= end || shift > 21) {
                    return -1;
                }
                b = d[p++];
                v |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            scan = p;
            return v;
        }

        /** The checked decoder: also the one that reports what is wrong with a corrupt entry. */
        private void slowNext() throws CorruptionException {
            in.position(nextOff);
            int shared = in.getVarInt(keyLen);
            int unshared = in.getVarInt(restartsAt);
            int vlen = in.getVarInt(restartsAt);
            int flags = in.get();
            if (!TableFormat.knownFlags(flags)) {
                throw in.corrupt("unknown entry flags " + flags);
            }
            long ts = in.getVarLong();
            int keyAt = in.position();
            if (restartsAt - keyAt < unshared) {
                throw in.corrupt("needs " + unshared + " more bytes, only " + (restartsAt - keyAt) + " left");
            }
            int len = shared + unshared;
            ensureKeyCapacity(len);
            System.arraycopy(data, keyAt, keyBuf, shared, unshared);
            valueOff = keyAt + unshared;
            if (restartsAt - valueOff < vlen) {
                in.position(valueOff);
                throw in.corrupt("value of " + vlen + " bytes overruns the block");
            }
            valueLen = vlen;
            tombstone = flags == TableFormat.FLAG_TOMBSTONE;
            separate = flags == TableFormat.FLAG_SEPARATE;
            blob = flags == TableFormat.FLAG_BLOB;
            if (tombstone && vlen != 0) {
                in.position(valueOff);
                throw in.corrupt("tombstone with a " + vlen + "-byte value");
            }
            if ((separate || blob) && vlen == 0) {
                in.position(valueOff);
                throw in.corrupt("empty reference to a value stored apart");
            }
            if (len < InternalKeys.SUFFIX) {
                in.position(valueOff);
                throw in.corrupt("key of " + len + " bytes is shorter than the version suffix");
            }
            keyLen = len;
            timestamp = ts;
            nextOff = valueOff + vlen;
            valid = true;
        }
    }
}
