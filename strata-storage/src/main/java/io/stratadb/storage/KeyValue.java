package io.stratadb.storage;

/** A live (non-deleted) entry returned by a scan. */
public record KeyValue(Key key, byte[] value, long version, long timestampMicros) {
}
