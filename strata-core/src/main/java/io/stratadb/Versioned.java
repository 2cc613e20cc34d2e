package io.stratadb;

/**
 * One version of an entity as returned by {@code getVersioned} and {@code history}.
 *
 * <p>What {@link #version()} means depends on the primitive: for KV it is the global commit
 * version (equal to {@link #commitVersion()}); for state cells and JSON documents it is the
 * per-entity counter (1 for the first write after creation, +1 per write; it restarts at 1 after
 * a delete) — the number CAS compares against. Deletions appear in histories as entries with
 * {@link #deleted()} true, a {@code null} value and version 0 for state/JSON (the commit version
 * for KV).
 *
 * @param value           the value, {@code null} if and only if {@code deleted}
 * @param version         commit version (KV) or per-entity counter (state, JSON)
 * @param commitVersion   the global commit version that wrote this version
 * @param timestampMicros that commit's timestamp, µs since the epoch
 * @param deleted         whether this version is a deletion (tombstone)
 */
public record Versioned(Value value, long version, long commitVersion, long timestampMicros, boolean deleted) {
    public Versioned {
        if (deleted != (value == null)) {
            throw new IllegalArgumentException("value must be null exactly when deleted");
        }
    }

    /** A live version. */
    public static Versioned of(Value value, long version, long commitVersion, long timestampMicros) {
        return new Versioned(value, version, commitVersion, timestampMicros, false);
    }

    /** A deletion. */
    public static Versioned tombstone(long version, long commitVersion, long timestampMicros) {
        return new Versioned(null, version, commitVersion, timestampMicros, true);
    }
}
