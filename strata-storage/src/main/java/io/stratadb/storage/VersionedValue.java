package io.stratadb.storage;

/**
 * One version of one key: the bytes (or a tombstone), the commit version that wrote it and
 * the commit's timestamp in microseconds since the epoch.
 *
 * @param value           the stored bytes; {@code null} if and only if this is a tombstone
 * @param version         global commit version, &gt; 0
 * @param timestampMicros commit timestamp, microseconds since the epoch
 */
public record VersionedValue(byte[] value, long version, long timestampMicros) {
    public boolean isTombstone() {
        return value == null;
    }
}
