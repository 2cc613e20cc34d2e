package io.stratadb;

/**
 * What a vector collection is and holds, as seen by one read.
 *
 * @param name        collection name
 * @param dimension   vector dimension (1..8192)
 * @param metric      how vectors compare
 * @param count       live vectors in the view the info was read from
 * @param indexType   {@code "hnsw"} when an approximate index serves searches of this view,
 *                    {@code "flat"} when searches are exact scans (small, as-of or uncommitted views)
 * @param memoryBytes approximate heap held by the in-memory index (0 when none)
 * @param createdVersion commit version that created the collection
 */
public record CollectionInfo(String name, int dimension, DistanceMetric metric, long count, String indexType,
                             long memoryBytes, long createdVersion) {
}
