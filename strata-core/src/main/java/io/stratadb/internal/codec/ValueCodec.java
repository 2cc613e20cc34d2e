package io.stratadb.internal.codec;

import io.stratadb.ValidationException;
import io.stratadb.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compact binary form of a {@link Value}, used for everything stored: one tag byte, then the
 * payload (varint lengths and counts, zig-zag varint ints, big-endian IEEE doubles, UTF-8 strings).
 * Stateless and thread-safe. Decoding rejects malformed input with a {@link ValidationException}
 * naming the offset, never an unchecked crash.
 */
public final class ValueCodec {
    /** Largest encoded value (the DESIGN limit of 16 MiB). */
    public static final int MAX_VALUE_BYTES = 16 << 20;

    private static final byte NULL = 0, FALSE = 1, TRUE = 2, INT = 3, FLOAT = 4, STRING = 5, BYTES = 6, ARRAY = 7,
            OBJECT = 8;

    private ValueCodec() {
    }

    /** @throws ValidationException if the encoding exceeds {@link #MAX_VALUE_BYTES} or nesting exceeds the limit */
    public static byte[] encode(Value v) {
        Out out = new Out();
        write(out, v, 0);
        if (out.size() > MAX_VALUE_BYTES) {
            throw new ValidationException("value is " + out.size() + " bytes encoded, more than the limit of "
                    + MAX_VALUE_BYTES);
        }
        return out.toByteArray();
    }

    public static Value decode(byte[] bytes) {
        In in = new In(bytes);
        Value v = read(in, 0);
        if (in.pos != bytes.length) {
            throw new ValidationException("trailing bytes after value at offset " + in.pos);
        }
        return v;
    }

    private static void write(Out out, Value v, int depth) {
        if (depth > Value.MAX_NESTING) {
            throw new ValidationException("value nesting is deeper than the limit of " + Value.MAX_NESTING);
        }
        if (out.size() > MAX_VALUE_BYTES) {
            throw new ValidationException("value is more than the limit of " + MAX_VALUE_BYTES + " bytes encoded");
        }
        switch (v) {
            case Value.Null n -> out.write(NULL);
            case Value.Bool b -> out.write(b.value() ? TRUE : FALSE);
            case Value.Int i -> {
                out.write(INT);
                out.varint((i.value() << 1) ^ (i.value() >> 63));
            }
            case Value.Float f -> {
                out.write(FLOAT);
                long bits = Double.doubleToRawLongBits(f.value());
                for (int s = 56; s >= 0; s -= 8) {
                    out.write((int) (bits >>> s));
                }
            }
            case Value.Str s -> {
                out.write(STRING);
                byte[] b = s.value().getBytes(StandardCharsets.UTF_8);
                out.varint(b.length);
                out.write(b, 0, b.length);
            }
            case Value.Bytes b -> {
                out.write(BYTES);
                byte[] raw = b.value();
                out.varint(raw.length);
                out.write(raw, 0, raw.length);
            }
            case Value.Array a -> {
                out.write(ARRAY);
                out.varint(a.values().size());
                for (Value e : a.values()) {
                    write(out, e, depth + 1);
                }
            }
            case Value.Obj o -> {
                out.write(OBJECT);
                out.varint(o.fields().size());
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                    out.varint(k.length);
                    out.write(k, 0, k.length);
                    write(out, e.getValue(), depth + 1);
                }
            }
        }
    }

    private static Value read(In in, int depth) {
        if (depth > Value.MAX_NESTING) {
            throw new ValidationException("encoded value nesting is deeper than " + Value.MAX_NESTING + " at offset "
                    + in.pos);
        }
        int start = in.pos;
        byte tag = in.byte1();
        switch (tag) {
            case NULL:
                return Value.Null.INSTANCE;
            case FALSE:
                return Value.Bool.FALSE;
            case TRUE:
                return Value.Bool.TRUE;
            case INT: {
                long z = in.varint();
                return new Value.Int((z >>> 1) ^ -(z & 1));
            }
            case FLOAT: {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits = (bits << 8) | (in.byte1() & 0xFF);
                }
                return new Value.Float(Double.longBitsToDouble(bits));
            }
            case STRING:
                return new Value.Str(in.string(in.length()));
            case BYTES:
                return new Value.Bytes(in.bytes(in.length()));
            case ARRAY: {
                int n = in.length();
                List<Value> out = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    out.add(read(in, depth + 1));
                }
                return new Value.Array(out);
            }
            case OBJECT: {
                int n = in.length();
                Map<String, Value> out = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = in.string(in.length());
                    out.put(k, read(in, depth + 1));
                }
                return new Value.Obj(out);
            }
            default:
                throw new ValidationException("unknown value tag " + tag + " at offset " + start);
        }
    }

    /**
     * A growable byte buffer. Not {@link java.io.ByteArrayOutputStream}: its methods are synchronized,
     * a lock per byte written on the hot write path.
     */
    private static final class Out {
        private byte[] buf = new byte[64];
        private int size;

        int size() {
            return size;
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length << 1, size + extra));
            }
        }

        void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        void varint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }

    private static final class In {
        final byte[] b;
        int pos;

        In(byte[] b) {
            this.b = b;
        }

        byte byte1() {
            if (pos >= b.length) {
                throw new ValidationException("truncated value at offset " + pos);
            }
            return b[pos++];
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = byte1();
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new ValidationException("malformed varint at offset " + pos);
        }

        int length() {
            long n = varint();
            if (n < 0 || n > b.length - pos) {
                throw new ValidationException("length " + n + " at offset " + pos + " runs past the end ("
                        + b.length + " bytes)");
            }
            return (int) n;
        }

        /** UTF-8 decoded straight from the buffer (no intermediate copy). */
        String string(int n) {
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        byte[] bytes(int n) {
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }
    }
}
