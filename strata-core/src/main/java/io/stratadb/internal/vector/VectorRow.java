package io.stratadb.internal.vector;

import io.stratadb.Value;
import io.stratadb.internal.codec.ValueCodec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The stored form of one vector (part of the durable format):
 * {@code format (byte 1) · dimension (int, LE) · components (float32 LE) · metadata (ValueCodec)}.
 * The vector is stored as given (not normalized), so reads return exactly what was written.
 * Immutable.
 */
public record VectorRow(float[] vector, Value metadata) {
    static final byte FORMAT = 1;

    public byte[] encode() {
        byte[] meta = ValueCodec.encode(metadata);
        ByteBuffer b = ByteBuffer.allocate(5 + 4 * vector.length + meta.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FORMAT).putInt(vector.length);
        for (float f : vector) {
            b.putFloat(f);
        }
        b.put(meta);
        return b.array();
    }

    /**
     * Decodes a stored row.
     *
     * @throws io.stratadb.IoException naming {@code where} when the bytes are not a vector row
     */
    public static VectorRow decode(byte[] bytes, String where) {
        float[] v = decodeVector(bytes, where);
        return new VectorRow(v, decodeMetadata(bytes, v.length, where));
    }

    /** Only the metadata of a row whose vector has {@code dimension} components. */
    public static Value decodeMetadata(byte[] bytes, int dimension, String where) {
        int off = 5 + 4 * dimension;
        byte[] meta = java.util.Arrays.copyOfRange(bytes, off, bytes.length);
        try {
            return ValueCodec.decode(meta);
        } catch (RuntimeException e) {
            throw new io.stratadb.IoException("corrupt vector row " + where + ": bad metadata at offset " + off
                    + ": " + e.getMessage(), e);
        }
    }

    /** The dimension recorded in a row (validated by {@link #decodeVector}). */
    public static int dimensionOf(byte[] bytes) {
        return bytes.length < 5 ? -1 : (bytes[1] & 0xff) | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff) << 16
                | (bytes[4] & 0xff) << 24;
    }

    /** Only the components (no metadata decoding). */
    public static float[] decodeVector(byte[] bytes, String where) {
        if (bytes.length < 5 || bytes[0] != FORMAT) {
            throw new io.stratadb.IoException("corrupt vector row " + where + " at offset 0: unknown format "
                    + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(1);
        int dim = b.getInt();
        if (dim < 1 || dim > VectorLimits.MAX_DIMENSION || bytes.length < 5 + 4L * dim) {
            throw new io.stratadb.IoException("corrupt vector row " + where + " at offset 1: dimension " + dim
                    + " does not fit " + bytes.length + " bytes");
        }
        float[] v = new float[dim];
        b.asFloatBuffer().get(v);
        return v;
    }
}
