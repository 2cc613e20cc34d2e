package io.stratadb.storage;

/**
 * An entry returned by a scan: live (non-deleted) there. {@link ReadView#changes} also returns
 * deletions, as entries whose {@code value} is null ({@link #isDeleted()}).
 */
public record KeyValue(Key key, byte[] value, long version, long timestampMicros) {
    /** Whether this entry is a deletion (only {@link ReadView#changes} returns those). */
    public boolean isDeleted() {
        return value == null;
    }
}
