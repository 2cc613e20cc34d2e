package io.stratadb;

/**
 * One search hit: the vector's key, its score (higher is better; see {@link DistanceMetric}) and
 * its metadata ({@link Value#nullValue()} when none was stored). Immutable.
 */
public record VectorMatch(String key, double score, Value metadata) {
}
