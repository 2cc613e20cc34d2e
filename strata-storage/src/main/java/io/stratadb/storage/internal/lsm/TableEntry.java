package io.stratadb.storage.internal.lsm;

import java.util.Objects;

/**
 * One versioned entry of a table: an internal key, a value, whether it is a tombstone (a
 * deletion marker; its value is empty), and the commit timestamp (µs since the epoch) of the
 * commit that wrote it. Arrays are not copied: treat them as immutable.
 */
public record TableEntry(byte[] key, byte[] value, boolean tombstone, long timestampMicros) {
    private static final byte[] EMPTY = new byte[0];

    public TableEntry {
        Objects.requireNonNull(key, "key");
        if (key.length < InternalKeys.SUFFIX) {
            throw new IllegalArgumentException("internal key must be at least " + InternalKeys.SUFFIX
                    + " bytes, got " + key.length);
        }
        if (tombstone) {
            if (value != null && value.length != 0) {
                throw new IllegalArgumentException("a tombstone carries no value, got " + value.length + " bytes");
            }
            value = EMPTY;
        } else {
            Objects.requireNonNull(value, "value");
        }
    }

    public static TableEntry put(byte[] key, byte[] value, long timestampMicros) {
        return new TableEntry(key, value, false, timestampMicros);
    }

    public static TableEntry delete(byte[] key, long timestampMicros) {
        return new TableEntry(key, EMPTY, true, timestampMicros);
    }

    /** The commit version of this entry. */
    public long version() {
        return InternalKeys.version(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableEntry e && tombstone == e.tombstone && timestampMicros == e.timestampMicros
                && java.util.Arrays.equals(key, e.key)
                && java.util.Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(key) * 31 + java.util.Arrays.hashCode(value) + (tombstone ? 1 : 0);
    }

    @Override
    public String toString() {
        return "TableEntry[" + java.util.HexFormat.of().formatHex(key) + (tombstone ? " tombstone" : " value="
                + value.length + "B") + " ts=" + timestampMicros + "]";
    }
}
