package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.nio.ByteBuffer;

/**
 * Data blocks of a memory-mapped table read in place, for point lookups and for the block a table
 * cursor's seek lands in: a cursor decodes entries straight from the map, so a lookup costs no block
 * copy, no {@link Block} object and no block-cache insert; only the entries read are copied out. Used
 * for blocks stored uncompressed whose checksum and restart array the reader has already verified (see
 * {@code TableReader}); compressed blocks are decompressed into the block cache. A table cursor that
 * walks on into the next block copies it: it then decodes every entry, and per-byte reads from the map
 * cost more than one bulk copy (measured on YCSB E: walking in place made scans 30% slower).
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

    /** Cursor within one block read in place (see {@link BlockCursor}). Not thread-safe. */
    static final class Cursor extends BlockCursor {
        private final ByteBuffer buf;
        private final String object;
        private final int base;
        /** End of the entries: the restart array starts here. */
        private final int end;
        private final int restartCount;

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
            this.nextOff = end;
        }

        @Override
        byte[] value() {
            byte[] v = new byte[valueLen];
            buf.get(valueOff, v, 0, valueLen);
            return v;
        }

        @Override
        int restartCount() {
            return restartCount;
        }

        @Override
        int restartOffset(int i) throws CorruptionException {
            int at = end + 4 * i;
            int off = base + buf.getInt(at);
            if (off < base || off >= end) {
                throw new CorruptionException(object, at, "restart offset outside the entries");
            }
            return off;
        }

        @Override
        void next() throws CorruptionException {
            keyCopy = null;
            if (nextOff >= end) {
                valid = false;
                return;
            }
            int entry = nextOff;
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
            if (shared > keyLen || !TableFormat.flagsValid(flags, vlen) || unshared > end - at
                    || vlen > end - at - unshared || shared + unshared < InternalKeys.SUFFIX || ts < 0) {
                throw corrupt(entry, "malformed entry");
            }
            int len = shared + unshared;
            ensureKeyCapacity(len);
            buf.get(at, keyBuf, shared, unshared);
            keyLen = len;
            valueOff = at + unshared;
            valueLen = vlen;
            tombstone = flags == TableFormat.FLAG_TOMBSTONE;
            separate = flags == TableFormat.FLAG_SEPARATE;
            blob = flags == TableFormat.FLAG_BLOB;
            timestamp = ts;
            nextOff = valueOff + vlen;
            valid = true;
        }

        private CorruptionException corrupt(int entry, String what) {
            return new CorruptionException(object, entry, what + " in a data block read in place");
        }
    }
}
