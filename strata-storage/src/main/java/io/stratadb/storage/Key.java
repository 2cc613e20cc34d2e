package io.stratadb.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A logical storage key: space · keyspace · user key. The branch is given separately on
 * every call, and the commit version is added by storage itself.
 *
 * <p>Immutable and thread-safe. Keys order by space (UTF-8, unsigned bytes), then keyspace
 * (unsigned), then user key (unsigned bytes) — the order of {@link #compareTo} and of every scan.
 *
 * @throws InvalidKeyException (from the factories) when a part is null, empty or too long
 */
public final class Key implements Comparable<Key> {
    /** Largest user key, in bytes. */
    public static final int MAX_USER_KEY_BYTES = 1024;
    /** Largest space name, in UTF-8 bytes. */
    public static final int MAX_SPACE_BYTES = 255;

    private final String space;
    private final int keyspace;
    private final byte[] userKey;
    private int hash;

    private Key(String space, int keyspace, byte[] userKey) {
        this.space = space;
        this.keyspace = keyspace;
        this.userKey = userKey;
    }

    /**
     * @param space    non-empty name of the space (the engine validates its naming rules)
     * @param keyspace which primitive owns the key, 0..255
     * @param userKey  1..{@value #MAX_USER_KEY_BYTES} bytes; copied
     */
    public static Key of(String space, int keyspace, byte[] userKey) {
        checkSpace(space);
        checkKeyspace(keyspace);
        if (userKey == null) {
            throw new InvalidKeyException("user key must not be null");
        }
        if (userKey.length == 0) {
            throw new InvalidKeyException("user key must not be empty");
        }
        if (userKey.length > MAX_USER_KEY_BYTES) {
            throw new InvalidKeyException("user key is " + userKey.length + " bytes, more than the limit of "
                    + MAX_USER_KEY_BYTES);
        }
        return new Key(space, keyspace, userKey.clone());
    }

    /** A key whose user key is the UTF-8 encoding of {@code userKey}. */
    public static Key of(String space, int keyspace, String userKey) {
        if (userKey == null) {
            throw new InvalidKeyException("user key must not be null");
        }
        return of(space, keyspace, userKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void checkSpace(String space) {
        if (space == null || space.isEmpty()) {
            throw new InvalidKeyException("space must be a non-empty string, got " + (space == null ? "null" : "\"\""));
        }
        // a UTF-16 char encodes to at most 3 UTF-8 bytes: only a long name needs encoding to be measured
        if (space.length() > MAX_SPACE_BYTES / 3
                && space.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SPACE_BYTES) {
            throw new InvalidKeyException("space name is longer than " + MAX_SPACE_BYTES + " bytes");
        }
    }

    static void checkKeyspace(int keyspace) {
        if (keyspace < 0 || keyspace > 255) {
            throw new InvalidKeyException("keyspace must be in 0..255, got " + keyspace);
        }
    }

    public String space() {
        return space;
    }

    public int keyspace() {
        return keyspace;
    }

    /** A copy of the user key bytes. */
    public byte[] userKey() {
        return userKey.clone();
    }

    /** The user key length without copying it. */
    public int userKeyLength() {
        return userKey.length;
    }

    /** The user key decoded as UTF-8 (lossy for keys that are not UTF-8). */
    public String userKeyString() {
        return new String(userKey, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The user key without a copy, for allocation-free encoding. Callers must not modify the array. */
    public byte[] userKeyNoCopy() {
        return userKey;
    }

    @Override
    public int compareTo(Key o) {
        int c = space.equals(o.space) ? 0 : Arrays.compareUnsigned(space.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                o.space.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (c != 0) {
            return c;
        }
        c = Integer.compare(keyspace, o.keyspace);
        if (c != 0) {
            return c;
        }
        return Arrays.compareUnsigned(userKey, o.userKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && keyspace == k.keyspace && space.equals(k.space) && Arrays.equals(userKey, k.userKey);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(space, keyspace) * 31 + Arrays.hashCode(userKey);
            hash = h == 0 ? 1 : h;
        }
        return h;
    }

    @Override
    public String toString() {
        boolean printable = true;
        for (byte b : userKey) {
            if (b < 0x20 || b > 0x7e) {
                printable = false;
                break;
            }
        }
        return space + "/" + keyspace + "/" + (printable ? userKeyString() : "0x" + HexFormat.of().formatHex(userKey));
    }
}
