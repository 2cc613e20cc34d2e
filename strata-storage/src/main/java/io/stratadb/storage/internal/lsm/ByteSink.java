package io.stratadb.storage.internal.lsm;

import java.util.Arrays;

/** A growable byte buffer with big-endian and varint writers. Not thread-safe. */
final class ByteSink {
    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int length() {
        return len;
    }

    void reset() {
        len = 0;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void put(byte[] b) {
        put(b, 0, b.length);
    }

    void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void putShort(int v) {
        put(v >>> 8);
        put(v);
    }

    void putInt(int v) {
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    void putLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
    }

    void putVarLong(long v) {
        while ((v & ~0x7FL) != 0) {
            put((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((int) v);
    }

    /** A length-prefixed byte string. */
    void putBytes(byte[] b) {
        putVarLong(b.length);
        put(b);
    }
}
