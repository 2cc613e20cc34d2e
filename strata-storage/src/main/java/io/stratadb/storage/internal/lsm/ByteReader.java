package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A bounds-checked reader over a byte range of one object. Every overrun or impossible value
 * becomes a {@link CorruptionException} naming the object and the absolute offset.
 * Not thread-safe.
 */
final class ByteReader {
    private final byte[] buf;
    private final int end;
    private final String object;
    private final long base;
    private int pos;

    /**
     * @param base absolute offset of {@code buf[0]} in the object, for error messages
     */
    ByteReader(byte[] buf, int from, int to, String object, long base) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.object = object;
        this.base = base;
    }

    int position() {
        return pos;
    }

    void position(int p) {
        pos = p;
    }

    boolean hasMore() {
        return pos < end;
    }

    CorruptionException corrupt(String problem) {
        return new CorruptionException(object, base + pos, problem);
    }

    private void need(int n) throws CorruptionException {
        if (n < 0 || end - pos < n) {
            throw corrupt("needs " + n + " more bytes, only " + (end - pos) + " left");
        }
    }

    int get() throws CorruptionException {
        need(1);
        return buf[pos++] & 0xff;
    }

    int getShort() throws CorruptionException {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int getInt() throws CorruptionException {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    long getLong() throws CorruptionException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    long getVarLong() throws CorruptionException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    /** A varint that must fit in 0..max. */
    int getVarInt(int max) throws CorruptionException {
        int at = pos;
        long v = getVarLong();
        if (v < 0 || v > max) {
            pos = at;
            throw corrupt("value " + v + " out of range 0.." + max);
        }
        return (int) v;
    }

    byte[] getBytes(int n) throws CorruptionException {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /** A length-prefixed byte string (see {@link ByteSink#putBytes}). */
    byte[] getBytes() throws CorruptionException {
        return getBytes(getVarInt(end - pos));
    }
}
