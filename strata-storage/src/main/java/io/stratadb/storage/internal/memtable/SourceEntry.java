package io.stratadb.storage.internal.memtable;

/**
 * One stored version: its internal key (branch · logical key · ~version, see
 * {@link io.stratadb.storage.internal.format.InternalKeyCodec}), its value and its commit timestamp.
 * Immutable by contract: nobody modifies the arrays after construction.
 *
 * @param internalKey     the full internal key
 * @param value           the bytes, or {@code null} for a tombstone
 * @param timestampMicros the timestamp of the commit that wrote it
 */
public record SourceEntry(byte[] internalKey, byte[] value, long timestampMicros) {
    public boolean isTombstone() {
        return value == null;
    }
}
