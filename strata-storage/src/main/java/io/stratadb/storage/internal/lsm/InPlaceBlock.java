package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.nio.ByteBuffer;

/**
 * Point lookups inside a data block of a memory-mapped table, read in place: no copy of the block,
 * no {@link Block} object, no block-cache insert; only the entry found is copied out. Used for
 * blocks stored uncompressed whose checksum and structure the reader has already verified (see
 * {@code TableReader}); compressed blocks go through the block cache.
 *
 * <p>It decodes the same entry format as {@link Block.Cursor} (which works on heap arrays, for
 * cached, decompressed and positionally read blocks), with every length still checked against the
 * block's bounds, so damage that slipped past verification is a {@link CorruptionException}, never
 * an out-of-bounds read. Stateless; {@code buf} is only read with absolute gets, so it may be shared.
 */
final class InPlaceBlock {
    private InPlaceBlock() {
    }

    /** The entry a lookup found: its key, where its value lies in the buffer, its flags. */
    record Hit(byte[] key, int valueAt, int valueLength, boolean tombstone, long timestampMicros) {
        byte[] value(ByteBuffer buf) {
            byte[] v = new byte[valueLength];
            buf.get(valueAt, v, 0, valueLength);
            return v;
        }
    }

    /**
     * In the block at {@code h} of {@code buf}: the first entry with key &gt;= {@code target} if its key
     * is {@code target[0, prefixLength)} plus a version suffix, else null.
     *
     * @throws CorruptionException if the block ends before such an entry (its index key says there is
     *                             one) or an entry does not fit the block
     */
    static Hit seek(ByteBuffer buf, TableFormat.BlockHandle h, byte[] target, int prefixLength, String object)
            throws CorruptionException {
        int base = (int) h.offset();
        int length = h.length();
        if (length < 4) {
            throw new CorruptionException(object, base, "block of " + length + " bytes has no restart count");
        }
        int count = buf.getInt(base + length - 4);
        long restartsAt = length - 4L - 4L * count;
        if (count < 1 || restartsAt < 0) {
            throw new CorruptionException(object, base + length - 4L, "impossible restart count " + count);
        }
        int end = base + (int) restartsAt; // entries are [base, end)
        int restarts = end;
        Decoder d = new Decoder(buf, end, object);
        // the last restart whose key is < target (a restart entry holds its whole key)
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            d.reset(restartOffset(buf, restarts, mid, base, end, object));
            d.next();
            if (d.compareKey(target) < 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        d.reset(restartOffset(buf, restarts, lo, base, end, object));
        do {
            if (d.at >= end) {
                throw new CorruptionException(object, base, "data block ends before its index key");
            }
            d.next();
        } while (d.compareKey(target) < 0);
        if (d.keyLength != prefixLength + InternalKeys.SUFFIX
                || !java.util.Arrays.equals(d.key, 0, prefixLength, target, 0, prefixLength)) {
            return null;
        }
        return new Hit(java.util.Arrays.copyOf(d.key, d.keyLength), d.valueAt, d.valueLength, d.tombstone,
                d.timestamp);
    }

    private static int restartOffset(ByteBuffer buf, int restarts, int i, int base, int end, String object)
            throws CorruptionException {
        int off = base + buf.getInt(restarts + 4 * i);
        if (off < base || off >= end) {
            throw new CorruptionException(object, restarts + 4L * i, "restart offset outside the entries");
        }
        return off;
    }

    /** Decodes entries from {@code at} on into a reusable key buffer (prefix compression resolved). */
    private static final class Decoder {
        private final ByteBuffer buf;
        private final int end;
        private final String object;
        int at;
        byte[] key = new byte[64];
        int keyLength;
        int valueAt;
        int valueLength;
        boolean tombstone;
        long timestamp;

        Decoder(ByteBuffer buf, int end, String object) {
            this.buf = buf;
            this.end = end;
            this.object = object;
        }

        /** Positions at a restart: the next entry shares nothing with a previous key. */
        void reset(int offset) {
            at = offset;
            keyLength = 0;
        }

        void next() throws CorruptionException {
            int entry = at;
            int shared = varInt(entry);
            int unshared = varInt(entry);
            int vlen = varInt(entry);
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
            at = valueAt + vlen;
        }

        private int varInt(int entry) throws CorruptionException {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                if (at >= end || shift > 28) {
                    throw corrupt(entry, "bad length field");
                }
                int b = buf.get(at++);
                v |= (b & 0x7f) << shift;
                if (b >= 0) {
                    if (v < 0) {
                        throw corrupt(entry, "bad length field");
                    }
                    return v;
                }
            }
        }

        int compareKey(byte[] target) {
            return java.util.Arrays.compareUnsigned(key, 0, keyLength, target, 0, target.length);
        }

        private CorruptionException corrupt(int entry, String what) {
            return new CorruptionException(object, entry, what + " in a data block read in place");
        }
    }
}
