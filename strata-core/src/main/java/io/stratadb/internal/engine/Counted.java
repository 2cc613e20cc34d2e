package io.stratadb.internal.engine;

import io.stratadb.IoException;
import io.stratadb.Value;
import io.stratadb.internal.codec.ValueCodec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Stored form of state cells and JSON documents: an 8-byte big-endian per-entity counter followed
 * by the binary value encoding. Part of the durable format.
 */
record Counted(long counter, Value value) {
    static final int HEADER = 8;

    static byte[] encode(long counter, Value value) {
        byte[] v = ValueCodec.encode(value);
        byte[] out = new byte[HEADER + v.length];
        ByteBuffer.wrap(out).putLong(counter);
        System.arraycopy(v, 0, out, HEADER, v.length);
        return out;
    }

    static Counted decode(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new IoException("stored entity is " + bytes.length + " bytes, shorter than its 8-byte counter");
        }
        long c = ByteBuffer.wrap(bytes).getLong();
        return new Counted(c, ValueCodec.decode(Arrays.copyOfRange(bytes, HEADER, bytes.length)));
    }

    static long counterOf(byte[] bytes) {
        return bytes.length < HEADER ? 0 : ByteBuffer.wrap(bytes).getLong();
    }

    /** Whether two stored forms hold the same value (counters ignored). */
    static boolean sameValue(byte[] a, byte[] b) {
        return Arrays.equals(a, HEADER, a.length, b, HEADER, b.length);
    }

    /** {@code bytes} with its counter replaced. */
    static byte[] withCounter(byte[] bytes, long counter) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putLong(0, counter);
        return out;
    }
}
