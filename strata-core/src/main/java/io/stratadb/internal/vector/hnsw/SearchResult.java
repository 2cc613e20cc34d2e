package io.stratadb.internal.vector.hnsw;

/**
 * Nearest neighbours of one query, best first: node ids and their scores (higher is better,
 * see {@link io.stratadb.DistanceMetric}). Arrays are owned by the caller.
 */
public record SearchResult(int[] ids, float[] scores) {
    public int size() {
        return ids.length;
    }
}
