package io.stratadb.storage.internal.lsm;

import java.util.Arrays;

/**
 * The few facts about internal keys the table layer relies on. The key codec itself belongs
 * to the runtime ({@code internal.format}); tables only assume:
 * <ul>
 *   <li>an internal key is {@code prefix · ~version} with the version as the last 8 bytes,
 *       big-endian and bit-inverted, so unsigned-lexicographic order puts newer versions first;</li>
 *   <li>the prefix encoding is prefix-free (no encoded prefix is a proper prefix of another),
 *       which the escaped user key with its terminator guarantees;</li>
 *   <li>commit versions are non-negative, so version 0 gives the largest key of a prefix and
 *       {@code Long.MAX_VALUE} the smallest.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class InternalKeys {
    /** Length of the version suffix. */
    public static final int SUFFIX = 8;

    private InternalKeys() {
    }

    /** Unsigned lexicographic comparison, the one sort order of internal keys. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The commit version encoded in the last 8 bytes of {@code key}. */
    public static long version(byte[] key) {
        checkLength(key);
        return version(key, key.length);
    }

    /** The commit version encoded in {@code key[length - 8, length)} (a key in a reused buffer). */
    static long version(byte[] key, int length) {
        long inv = 0;
        for (int i = length - SUFFIX; i < length; i++) {
            inv = (inv << 8) | (key[i] & 0xff);
        }
        return ~inv;
    }

    /** Length of the user-visible prefix (the key without its version suffix). */
    public static int prefixLength(byte[] key) {
        checkLength(key);
        return key.length - SUFFIX;
    }

    /** A copy of the prefix of {@code key}. */
    public static byte[] prefix(byte[] key) {
        return Arrays.copyOf(key, prefixLength(key));
    }

    /** True if {@code key}'s prefix equals {@code prefix}. */
    public static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length == prefix.length + SUFFIX
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** True if two internal keys have the same prefix. */
    public static boolean samePrefix(byte[] a, byte[] b) {
        return a.length == b.length && a.length >= SUFFIX
                && Arrays.equals(a, 0, a.length - SUFFIX, b, 0, b.length - SUFFIX);
    }

    /** {@code prefix · ~version}: the internal key of a version, and the seek key for "newest &lt;= version". */
    public static byte[] of(byte[] prefix, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("commit versions are non-negative, got " + version);
        }
        byte[] k = Arrays.copyOf(prefix, prefix.length + SUFFIX);
        long inv = ~version;
        for (int i = 0; i < SUFFIX; i++) {
            k[prefix.length + i] = (byte) (inv >>> (56 - 8 * i));
        }
        return k;
    }

    private static void checkLength(byte[] key) {
        if (key.length < SUFFIX) {
            throw new IllegalArgumentException("internal key of " + key.length + " bytes is shorter than its "
                    + SUFFIX + "-byte version suffix");
        }
    }
}
