package io.stratadb.storage;

import java.util.Objects;

/**
 * A range of logical keys for scans, in {@link Key} order. Built only through the factories;
 * immutable and thread-safe.
 *
 * <p>Forms: everything; one space; one keyspace of a space; a user-key prefix within a keyspace;
 * a half-open user-key interval {@code [from, to)} within a keyspace ({@code null} bound = open).
 */
public final class KeyRange {
    /** Which form this range has. */
    public enum Kind { ALL, SPACE, KEYSPACE, PREFIX, INTERVAL }

    private final Kind kind;
    private final String space;
    private final int keyspace;
    private final byte[] prefixOrFrom;
    private final byte[] to;

    private KeyRange(Kind kind, String space, int keyspace, byte[] prefixOrFrom, byte[] to) {
        this.kind = kind;
        this.space = space;
        this.keyspace = keyspace;
        this.prefixOrFrom = prefixOrFrom;
        this.to = to;
    }

    public static KeyRange all() {
        return new KeyRange(Kind.ALL, null, -1, null, null);
    }

    public static KeyRange space(String space) {
        Key.checkSpace(space);
        return new KeyRange(Kind.SPACE, space, -1, null, null);
    }

    public static KeyRange keyspace(String space, int keyspace) {
        Key.checkSpace(space);
        Key.checkKeyspace(keyspace);
        return new KeyRange(Kind.KEYSPACE, space, keyspace, null, null);
    }

    /** Keys of the keyspace whose user key starts with {@code prefix} (an empty prefix means all). */
    public static KeyRange prefix(String space, int keyspace, byte[] prefix) {
        Key.checkSpace(space);
        Key.checkKeyspace(keyspace);
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.length > Key.MAX_USER_KEY_BYTES) {
            throw new InvalidKeyException("prefix is " + prefix.length + " bytes, more than the key limit of "
                    + Key.MAX_USER_KEY_BYTES);
        }
        return new KeyRange(Kind.PREFIX, space, keyspace, prefix.clone(), null);
    }

    /** User keys in {@code [from, to)}; a null bound is open. */
    public static KeyRange interval(String space, int keyspace, byte[] from, byte[] to) {
        Key.checkSpace(space);
        Key.checkKeyspace(keyspace);
        return new KeyRange(Kind.INTERVAL, space, keyspace, from == null ? null : from.clone(),
                to == null ? null : to.clone());
    }

    public Kind kind() {
        return kind;
    }

    /** The space, or null for {@link Kind#ALL}. */
    public String space() {
        return space;
    }

    /** The keyspace, or -1 for {@link Kind#ALL} and {@link Kind#SPACE}. */
    public int keyspace() {
        return keyspace;
    }

    /** The prefix ({@link Kind#PREFIX}) or the inclusive lower bound ({@link Kind#INTERVAL}, may be null). No copy. */
    public byte[] prefixOrFromNoCopy() {
        return prefixOrFrom;
    }

    /** The exclusive upper bound of an {@link Kind#INTERVAL}, or null. No copy. */
    public byte[] toNoCopy() {
        return to;
    }

    /** Whether {@code key} lies in this range. */
    public boolean contains(Key key) {
        switch (kind) {
            case ALL:
                return true;
            case SPACE:
                return space.equals(key.space());
            case KEYSPACE:
                return space.equals(key.space()) && keyspace == key.keyspace();
            case PREFIX: {
                if (!space.equals(key.space()) || keyspace != key.keyspace()) {
                    return false;
                }
                byte[] u = key.userKeyNoCopy();
                return u.length >= prefixOrFrom.length
                        && java.util.Arrays.equals(u, 0, prefixOrFrom.length, prefixOrFrom, 0, prefixOrFrom.length);
            }
            default: {
                if (!space.equals(key.space()) || keyspace != key.keyspace()) {
                    return false;
                }
                byte[] u = key.userKeyNoCopy();
                return (prefixOrFrom == null || java.util.Arrays.compareUnsigned(u, prefixOrFrom) >= 0)
                        && (to == null || java.util.Arrays.compareUnsigned(u, to) < 0);
            }
        }
    }

    @Override
    public String toString() {
        return "KeyRange[" + kind + (space == null ? "" : " " + space) + (keyspace < 0 ? "" : "/" + keyspace) + "]";
    }
}
