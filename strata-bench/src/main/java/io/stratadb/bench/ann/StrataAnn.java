package io.stratadb.bench.ann;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.hnsw.HnswIndex;
import io.stratadb.internal.vector.hnsw.HnswParams;

/**
 * Strata's standalone HNSW ({@code io.stratadb.internal.vector.hnsw.HnswIndex}, reached on the class
 * path), Euclidean, built with one thread; the search knob is {@code ef}. This measures the index
 * alone, without the collection layer's storage reads and exact rerank.
 */
public final class StrataAnn extends GraphAnn {
    private final int m;
    private final int efConstruction;
    private HnswIndex index;

    public StrataAnn(int m, int efConstruction) {
        this.m = m;
        this.efConstruction = efConstruction;
    }

    public static String describe(int m, int efConstruction) {
        return "Strata HnswIndex (strata-core internal.vector.hnsw): M " + m + " (base layer " + 2 * m
                + "), efConstruction " + efConstruction + ", diversity heuristic, built on 1 thread, float32, "
                + "SIMD kernels when jdk.incubator.vector is present; search knob = ef";
    }

    @Override
    public void build(float[][] base) {
        index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, new HnswParams(m, efConstruction, 64, 42), 1);
    }

    /** The index's own estimate of its heap footprint. */
    public long memoryBytes() {
        return index == null ? -1 : index.memoryBytes();
    }

    @Override
    public int[] search(float[] query, int k) {
        return index.search(query, k, Math.max(k, ef)).ids();
    }
}
