package io.stratadb;

import java.util.List;
import java.util.Optional;

/**
 * One vector collection of a {@link Vectors} namespace: {@code db.vectors().collection("docs")}.
 * A thin handle (it holds no data and is not checked until used); each method is the
 * {@link Vectors} method of the same name with this collection, with the same contract, errors and
 * thread safety.
 */
public final class VectorCollection {
    private final Vectors vectors;
    private final String name;

    VectorCollection(Vectors vectors, String name) {
        this.vectors = vectors;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** @see Vectors#stats(String) */
    public CollectionInfo stats() {
        return vectors.stats(name);
    }

    /** @see Vectors#upsert(String, String, float[], Object) */
    public long upsert(String key, float[] vector, Object metadata) {
        return vectors.upsert(name, key, vector, metadata);
    }

    public long upsert(String key, float[] vector) {
        return vectors.upsert(name, key, vector, null);
    }

    /** @see Vectors#batchUpsert(String, List) */
    public long batchUpsert(List<VectorEntry> entries) {
        return vectors.batchUpsert(name, entries);
    }

    public Optional<VectorEntry> get(String key) {
        return vectors.get(name, key);
    }

    public Optional<VectorEntry> get(String key, AsOf at) {
        return vectors.get(name, key, at);
    }

    public boolean delete(String key) {
        return vectors.delete(name, key);
    }

    public List<VectorMatch> search(float[] query, int k) {
        return vectors.search(name, query, k);
    }

    public List<VectorMatch> search(float[] query, int k, List<VectorFilter> filters) {
        return vectors.search(name, query, k, filters);
    }

    public List<VectorMatch> search(float[] query, int k, List<VectorFilter> filters, AsOf at) {
        return vectors.search(name, query, k, filters, at);
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name + "]";
    }
}
