package io.stratadb.bench.ann;

import java.util.List;

/**
 * One approximate (or exact) nearest-neighbour index under the ANN harness, L2 metric.
 * Lifecycle: {@link #build} once, then any number of {@link #setSearchParam} / {@link #search}
 * rounds from a single thread. Not thread-safe. Ids are base-vector positions.
 */
public interface AnnIndex extends AutoCloseable {
    /** Builds over {@code base} (the harness times this call). */
    void build(float[][] base);

    /** The search-time knob values to sweep (e.g. ef / beam width), smallest first. */
    List<Integer> searchParams(boolean quick);

    /** Name of the knob, for tables (e.g. "ef"). */
    String searchParamName();

    void setSearchParam(int value);

    /** The ids of the (approximately) {@code k} nearest base vectors, nearest first. */
    int[] search(float[] query, int k);

    @Override
    default void close() {
    }
}
