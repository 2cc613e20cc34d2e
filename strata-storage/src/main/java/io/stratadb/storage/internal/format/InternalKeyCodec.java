package io.stratadb.storage.internal.format;

import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The internal key: {@code branchId (8 bytes BE) · esc(space UTF-8) · 0x00 0x01 · keyspace (1 byte)
 * · esc(userKey) · 0x00 0x01 · ~commitVersion (8 bytes BE)}, where {@code esc} writes every 0x00
 * byte as 0x00 0xFF. Compared as unsigned bytes ({@link #compare}), internal keys order by branch,
 * then by logical key in {@link Key} order, then newest version first.
 *
 * <p>The "logical" part is everything between the branch id and the version: it identifies a key
 * independently of branch and version. The escaping makes the encoding prefix-free per component,
 * so a shorter user key sorts before every longer key it is a prefix of, exactly like
 * {@link Key#compareTo}.
 *
 * <p>Stateless and thread-safe. Decoding malformed bytes throws {@link IllegalArgumentException}
 * naming the offset (internal keys are produced only by this class; the durable layer checksums
 * what it stores).
 */
public final class InternalKeyCodec {
    /** Bytes of the branch id prefix. */
    public static final int BRANCH_BYTES = 8;
    /** Bytes of the inverted version suffix. */
    public static final int VERSION_BYTES = 8;

    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = (byte) 0xFF;
    private static final byte TERMINATOR = 0x01;

    private InternalKeyCodec() {
    }

    /** Unsigned lexicographic order of internal (or logical) keys: the order of every sorted structure. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The full internal key of {@code key} on {@code branchId} at {@code version}. */
    public static byte[] encode(long branchId, Key key, long version) {
        byte[] space = key.space().getBytes(StandardCharsets.UTF_8);
        byte[] user = key.userKeyNoCopy();
        int len = BRANCH_BYTES + escapedLength(space) + 2 + 1 + escapedLength(user) + 2 + VERSION_BYTES;
        byte[] out = new byte[len];
        putLong(out, 0, branchId);
        int p = BRANCH_BYTES;
        p = writeEscaped(out, p, space);
        out[p++] = (byte) key.keyspace();
        p = writeEscaped(out, p, user);
        putLong(out, p, ~version);
        return out;
    }

    /** The logical part of {@code key} (no branch, no version). */
    public static byte[] encodeLogical(Key key) {
        byte[] full = encode(0, key, 0);
        return Arrays.copyOfRange(full, BRANCH_BYTES, full.length - VERSION_BYTES);
    }

    /** An internal key made of a branch id, a logical key and a version. */
    public static byte[] compose(long branchId, byte[] logical, long version) {
        byte[] out = new byte[BRANCH_BYTES + logical.length + VERSION_BYTES];
        putLong(out, 0, branchId);
        System.arraycopy(logical, 0, out, BRANCH_BYTES, logical.length);
        putLong(out, out.length - VERSION_BYTES, ~version);
        return out;
    }

    /** A branch id followed by a logical prefix/bound, without a version: a seek position. */
    public static byte[] seekKey(long branchId, byte[] logicalBound) {
        byte[] out = new byte[BRANCH_BYTES + logicalBound.length];
        putLong(out, 0, branchId);
        System.arraycopy(logicalBound, 0, out, BRANCH_BYTES, logicalBound.length);
        return out;
    }

    /** A copy of internal key {@code internalKey} with its version replaced. */
    public static byte[] withVersion(byte[] internalKey, long version) {
        byte[] out = internalKey.clone();
        putLong(out, out.length - VERSION_BYTES, ~version);
        return out;
    }

    /** Replaces, in place, the branch id of an internal key (used to reuse one lookup buffer across a fork chain). */
    public static void setBranch(byte[] internalKey, long branchId) {
        putLong(internalKey, 0, branchId);
    }

    /** Replaces, in place, the version of an internal key. */
    public static void setVersion(byte[] internalKey, long version) {
        putLong(internalKey, internalKey.length - VERSION_BYTES, ~version);
    }

    public static long branchOf(byte[] internalKey) {
        return getLong(internalKey, 0);
    }

    public static long versionOf(byte[] internalKey) {
        return ~getLong(internalKey, internalKey.length - VERSION_BYTES);
    }

    /** Whether two internal keys have the same branch and logical key (versions may differ). */
    public static boolean sameBranchAndLogical(byte[] a, byte[] b) {
        return Arrays.equals(a, 0, a.length - VERSION_BYTES, b, 0, b.length - VERSION_BYTES);
    }

    /** As {@link #sameBranchAndLogical(byte[], byte[])} for an internal key held in {@code buf[off, off+len)}. */
    public static boolean sameBranchAndLogical(byte[] buf, int off, int len, byte[] b) {
        return Arrays.equals(buf, off, off + len - VERSION_BYTES, b, 0, b.length - VERSION_BYTES);
    }

    /** Compares the logical parts of two internal keys (ignoring branch and version). */
    public static int compareLogical(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, BRANCH_BYTES, a.length - VERSION_BYTES, b, BRANCH_BYTES,
                b.length - VERSION_BYTES);
    }

    /** Compares the logical part of internal key {@code a} with a logical bound. */
    public static int compareLogicalTo(byte[] a, byte[] logicalBound) {
        return Arrays.compareUnsigned(a, BRANCH_BYTES, a.length - VERSION_BYTES, logicalBound, 0,
                logicalBound.length);
    }

    /** Decodes the logical key of an internal key. */
    public static Key decodeKey(byte[] internalKey) {
        return decodeLogical(internalKey, BRANCH_BYTES, internalKey.length - VERSION_BYTES);
    }

    /** Decodes a logical key held in {@code buf[from, to)}. */
    public static Key decodeLogical(byte[] buf, int from, int to) {
        // fast path: a component without escaped zeros ends at the first 0x00, which must be a terminator
        int spaceEnd = terminatorAt(buf, from, to);
        if (spaceEnd >= 0) {
            int p = spaceEnd + 2;
            if (p >= to) {
                throw new IllegalArgumentException("internal key truncated before the keyspace byte at offset " + p);
            }
            int keyspace = buf[p++] & 0xFF;
            int userEnd = terminatorAt(buf, p, to);
            if (userEnd >= 0) {
                if (userEnd + 2 != to) {
                    throw new IllegalArgumentException("internal key has " + (to - userEnd - 2)
                            + " trailing bytes at offset " + (userEnd + 2));
                }
                return Key.of(new String(buf, from, spaceEnd - from, StandardCharsets.UTF_8), keyspace,
                        Arrays.copyOfRange(buf, p, userEnd));
            }
        }
        return decodeLogicalEscaped(buf, from, to);
    }

    /**
     * The offset of the first 0x00 in {@code buf[p, to)} if it starts a terminator (0x00 0x01), or -1
     * when the component holds an escaped zero or is malformed (the slow path decides which).
     */
    private static int terminatorAt(byte[] buf, int p, int to) {
        for (int i = p; i < to; i++) {
            if (buf[i] == ESCAPE) {
                return i + 1 < to && buf[i + 1] == TERMINATOR ? i : -1;
            }
        }
        return -1;
    }

    private static Key decodeLogicalEscaped(byte[] buf, int from, int to) {
        ByteArrayOutputStream space = new ByteArrayOutputStream(16);
        int p = readEscaped(buf, from, to, space);
        if (p >= to) {
            throw new IllegalArgumentException("internal key truncated before the keyspace byte at offset " + p);
        }
        int keyspace = buf[p++] & 0xFF;
        ByteArrayOutputStream user = new ByteArrayOutputStream(Math.max(16, to - p));
        p = readEscaped(buf, p, to, user);
        if (p != to) {
            throw new IllegalArgumentException("internal key has " + (to - p) + " trailing bytes at offset " + p);
        }
        return Key.of(new String(space.toByteArray(), StandardCharsets.UTF_8), keyspace, user.toByteArray());
    }

    // ---- ranges -------------------------------------------------------------------------------

    /** The smallest logical key of {@code range} (inclusive; empty for {@link KeyRange.Kind#ALL}). */
    public static byte[] lowerBound(KeyRange range) {
        switch (range.kind()) {
            case ALL:
                return new byte[0];
            case SPACE:
            case KEYSPACE:
            case PREFIX:
                return prefixOf(range);
            default: {
                byte[] base = base(range.space(), range.keyspace());
                byte[] from = range.prefixOrFromNoCopy();
                return from == null ? base : terminated(base, from);
            }
        }
    }

    /** The exclusive upper logical bound of {@code range}, or null when it runs to the end of the branch. */
    public static byte[] upperBound(KeyRange range) {
        switch (range.kind()) {
            case ALL:
                return null;
            case SPACE:
            case KEYSPACE:
            case PREFIX:
                return successor(prefixOf(range));
            default: {
                byte[] base = base(range.space(), range.keyspace());
                byte[] to = range.toNoCopy();
                return to == null ? successor(base) : terminated(base, to);
            }
        }
    }

    private static byte[] prefixOf(KeyRange range) {
        byte[] space = range.space().getBytes(StandardCharsets.UTF_8);
        byte[] s = new byte[escapedLength(space) + 2];
        writeEscaped(s, 0, space);
        if (range.kind() == KeyRange.Kind.SPACE) {
            return s;
        }
        byte[] base = Arrays.copyOf(s, s.length + 1);
        base[s.length] = (byte) range.keyspace();
        if (range.kind() == KeyRange.Kind.KEYSPACE) {
            return base;
        }
        byte[] prefix = range.prefixOrFromNoCopy();
        byte[] out = Arrays.copyOf(base, base.length + escapedLength(prefix));
        int p = base.length;
        for (byte b : prefix) {
            out[p++] = b;
            if (b == ESCAPE) {
                out[p++] = ESCAPED_ZERO;
            }
        }
        return out;
    }

    private static byte[] base(String space, int keyspace) {
        byte[] spaceBytes = space.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[escapedLength(spaceBytes) + 3];
        int p = writeEscaped(out, 0, spaceBytes);
        out[p] = (byte) keyspace;
        return out;
    }

    private static byte[] terminated(byte[] base, byte[] user) {
        if (user.length > Key.MAX_USER_KEY_BYTES) {
            throw new InvalidKeyException("range bound is " + user.length + " bytes, more than the key limit of "
                    + Key.MAX_USER_KEY_BYTES);
        }
        byte[] out = Arrays.copyOf(base, base.length + escapedLength(user) + 2);
        writeEscaped(out, base.length, user);
        return out;
    }

    /** The smallest byte string greater than every string starting with {@code prefix}, or null if none. */
    static byte[] successor(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] out = Arrays.copyOf(prefix, i + 1);
                out[i]++;
                return out;
            }
        }
        return null;
    }

    // ---- primitives -----------------------------------------------------------------------------

    private static int escapedLength(byte[] raw) {
        int n = raw.length;
        for (byte b : raw) {
            if (b == ESCAPE) {
                n++;
            }
        }
        return n;
    }

    /** Writes esc(raw) and the terminator at {@code p}; returns the position after them. */
    private static int writeEscaped(byte[] out, int p, byte[] raw) {
        for (byte b : raw) {
            out[p++] = b;
            if (b == ESCAPE) {
                out[p++] = ESCAPED_ZERO;
            }
        }
        out[p++] = ESCAPE;
        out[p++] = TERMINATOR;
        return p;
    }

    private static int readEscaped(byte[] buf, int p, int to, ByteArrayOutputStream out) {
        while (p < to) {
            byte b = buf[p++];
            if (b != ESCAPE) {
                out.write(b);
                continue;
            }
            if (p >= to) {
                throw new IllegalArgumentException("internal key ends inside an escape at offset " + (p - 1));
            }
            byte next = buf[p++];
            if (next == TERMINATOR) {
                return p;
            }
            if (next != ESCAPED_ZERO) {
                throw new IllegalArgumentException("bad escape byte 0x" + Integer.toHexString(next & 0xFF)
                        + " at offset " + (p - 1));
            }
            out.write(0);
        }
        throw new IllegalArgumentException("internal key component has no terminator before offset " + to);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
