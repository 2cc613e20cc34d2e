package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A small codec for the LZ4 <em>block</em> format (sequences of token · literals · 2-byte
 * little-endian offset · match length; the last 5 bytes are literals, no match starts within
 * the last 12 bytes), written from the public format description. The compressor is a greedy
 * single-probe hash matcher: fast, modest ratio. The decompressor checks every length and
 * offset and reports malformed input as corruption; it never reads or writes out of bounds.
 * Stateless and thread-safe.
 */
public final class Lz4Block {
    private static final int MIN_MATCH = 4;
    private static final int LAST_LITERALS = 5;
    private static final int MF_LIMIT = 12;
    private static final int MAX_OFFSET = 65535;
    private static final int HASH_BITS = 12;
    private static final int SKIP_STRENGTH = 6;

    private Lz4Block() {
    }

    /** Worst-case compressed size of {@code n} bytes. */
    public static int maxCompressedLength(int n) {
        return n + n / 255 + 16;
    }

    private static int read32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static int hash(int v) {
        return (v * -1640531535) >>> (32 - HASH_BITS);
    }

    /** A hash table for {@link #compress(byte[], int, byte[], int[])}, reusable by one thread. */
    public static int[] newTable() {
        return new int[1 << HASH_BITS];
    }

    /** Compress {@code src[0, n)} into {@code dst} (at least {@link #maxCompressedLength}); returns the length. */
    public static int compress(byte[] src, int n, byte[] dst) {
        return compress(src, n, dst, newTable());
    }

    /** As {@link #compress(byte[], int, byte[])} with a caller-owned table from {@link #newTable()}. */
    public static int compress(byte[] src, int n, byte[] dst, int[] table) {
        int op = 0;
        int anchor = 0;
        if (n >= MF_LIMIT + 1) {
            java.util.Arrays.fill(table, -1);
            int ip = 0;
            int limit = n - MF_LIMIT;
            int matchLimit = n - LAST_LITERALS;
            int misses = 1 << SKIP_STRENGTH; // after long runs without a match, probe less often
            while (ip < limit) {
                int v = read32(src, ip);
                int h = hash(v);
                int ref = table[h];
                table[h] = ip;
                if (ref >= 0 && ip - ref <= MAX_OFFSET && read32(src, ref) == v) {
                    int len = MIN_MATCH;
                    while (ip + len < matchLimit && src[ref + len] == src[ip + len]) {
                        len++;
                    }
                    op = sequence(src, anchor, ip - anchor, dst, op, ip - ref, len);
                    ip += len;
                    anchor = ip;
                    misses = 1 << SKIP_STRENGTH;
                } else {
                    ip += misses++ >> SKIP_STRENGTH;
                }
            }
        }
        return lastLiterals(src, anchor, n - anchor, dst, op);
    }

    private static int lengthField(byte[] dst, int op, int extra) {
        while (extra >= 255) {
            dst[op++] = (byte) 255;
            extra -= 255;
        }
        dst[op++] = (byte) extra;
        return op;
    }

    private static int sequence(byte[] src, int lit, int litLen, byte[] dst, int op, int offset, int matchLen) {
        int ml = matchLen - MIN_MATCH;
        int tokenAt = op++;
        int token = (Math.min(litLen, 15) << 4) | Math.min(ml, 15);
        if (litLen >= 15) {
            op = lengthField(dst, op, litLen - 15);
        }
        System.arraycopy(src, lit, dst, op, litLen);
        op += litLen;
        dst[op++] = (byte) offset;
        dst[op++] = (byte) (offset >>> 8);
        if (ml >= 15) {
            op = lengthField(dst, op, ml - 15);
        }
        dst[tokenAt] = (byte) token;
        return op;
    }

    private static int lastLiterals(byte[] src, int lit, int litLen, byte[] dst, int op) {
        dst[op++] = (byte) (Math.min(litLen, 15) << 4);
        if (litLen >= 15) {
            op = lengthField(dst, op, litLen - 15);
        }
        System.arraycopy(src, lit, dst, op, litLen);
        return op + litLen;
    }

    /**
     * Decompress {@code src[from, to)} that must expand to exactly {@code size} bytes.
     *
     * @param base absolute offset of {@code src[from]} in the object, for error messages
     */
    public static byte[] decompress(byte[] src, int from, int to, int size, String object, long base)
            throws CorruptionException {
        byte[] out = new byte[size];
        int ip = from;
        int op = 0;
        while (true) {
            if (ip >= to) {
                throw new CorruptionException(object, base + ip - from, "LZ4 block ends without a final literal run");
            }
            int token = src[ip++] & 0xff;
            int litLen = token >>> 4;
            if (litLen == 15) {
                int b;
                do {
                    if (ip >= to) {
                        throw new CorruptionException(object, base + ip - from, "LZ4 literal length runs past the block");
                    }
                    b = src[ip++] & 0xff;
                    litLen += b;
                } while (b == 255 && litLen < size + 255);
            }
            if (litLen > to - ip || litLen > size - op) {
                throw new CorruptionException(object, base + ip - from, "LZ4 literal run of " + litLen
                        + " bytes overruns the block");
            }
            System.arraycopy(src, ip, out, op, litLen);
            ip += litLen;
            op += litLen;
            if (ip == to) {
                break;
            }
            if (to - ip < 2) {
                throw new CorruptionException(object, base + ip - from, "LZ4 match offset truncated");
            }
            int offset = (src[ip] & 0xff) | (src[ip + 1] & 0xff) << 8;
            ip += 2;
            if (offset == 0 || offset > op) {
                throw new CorruptionException(object, base + ip - 2 - from, "LZ4 match offset " + offset
                        + " points before the start of the output");
            }
            int matchLen = token & 15;
            if (matchLen == 15) {
                int b;
                do {
                    if (ip >= to) {
                        throw new CorruptionException(object, base + ip - from, "LZ4 match length runs past the block");
                    }
                    b = src[ip++] & 0xff;
                    matchLen += b;
                } while (b == 255 && matchLen < size + 255);
            }
            matchLen += MIN_MATCH;
            if (matchLen > size - op) {
                throw new CorruptionException(object, base + ip - from, "LZ4 match of " + matchLen
                        + " bytes overruns the decompressed size " + size);
            }
            int ref = op - offset;
            if (offset >= matchLen) {
                System.arraycopy(out, ref, out, op, matchLen);
                op += matchLen;
            } else {
                for (int i = 0; i < matchLen; i++) {
                    out[op++] = out[ref + i];
                }
            }
        }
        if (op != size) {
            throw new CorruptionException(object, base, "LZ4 block decompressed to " + op + " bytes, expected " + size);
        }
        return out;
    }
}
