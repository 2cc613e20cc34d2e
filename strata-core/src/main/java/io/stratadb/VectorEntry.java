package io.stratadb;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stored vector: key, float32 components, metadata and (when read back) the commit version and
 * timestamp that wrote it. As an upsert input, version and timestamp are 0. Immutable: the
 * component array is copied in and out.
 */
public record VectorEntry(String key, float[] vector, Value metadata, long version, long timestampMicros) {
    public VectorEntry {
        Objects.requireNonNull(vector, "vector");
        vector = vector.clone();
        metadata = metadata == null ? Value.nullValue() : metadata;
    }

    /** An upsert input. */
    public VectorEntry(String key, float[] vector, Value metadata) {
        this(key, vector, metadata, 0, 0);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimension() {
        return vector.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorEntry e && Objects.equals(key, e.key) && Arrays.equals(vector, e.vector)
                && metadata.equals(e.metadata) && version == e.version && timestampMicros == e.timestampMicros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(vector), metadata, version);
    }

    @Override
    public String toString() {
        return "VectorEntry[" + key + ", dim " + vector.length + ", " + metadata + ", v" + version + "]";
    }
}
