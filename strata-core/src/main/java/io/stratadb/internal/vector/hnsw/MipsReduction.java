package io.stratadb.internal.vector.hnsw;

import io.stratadb.internal.vector.kernel.VectorKernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inner product reduced to L2 for an {@link HnswIndex} of metric {@code DOT_PRODUCT}. Inner product is not a
 * metric, and HNSW graphs built on it leave low-norm nodes unreachable. So the graph stores
 * {@code x' = [x, sqrt(N^2 - |x|^2)]} and searches {@code q' = [q, 0]}: then
 * {@code |q' - x'|^2 = |q|^2 + N^2 - 2 q.x}, and the L2 order is the inner-product order. The bound
 * N^2 ({@link #normSq()}) is fixed by the first vectors, with headroom; a later, longer vector gets 0 as its
 * extra component, which only places it less well (scores stay exact), and is counted
 * ({@link #overflowCount()}) so that owners can rebuild. Thread-safe.
 */
final class MipsReduction {
    private final int dimension;
    private final VectorKernel kernel;
    private final Object lock = new Object();
    /** N^2, or -1 until the first vectors fix it. */
    private volatile float normSq = -1f;
    private final AtomicInteger overflow = new AtomicInteger();

    MipsReduction(int dimension, VectorKernel kernel) {
        this.dimension = dimension;
        this.kernel = kernel;
    }

    /** The stored form of {@code vector}: a copy with the extra component (fixing the bound if it is not yet). */
    float[] lift(float[] vector) {
        float sq = kernel.dot(vector, 0, vector, 0, dimension);
        float bound = bound(sq);
        if (sq > bound) {
            overflow.incrementAndGet();
        }
        float[] lifted = java.util.Arrays.copyOf(vector, dimension + 1);
        lifted[dimension] = (float) Math.sqrt(Math.max(0f, bound - sq));
        return lifted;
    }

    /** The searched form of {@code query}: a copy with 0 as the extra component. */
    float[] liftQuery(float[] query) {
        return java.util.Arrays.copyOf(query, dimension + 1);
    }

    /** The bound, fixed by the first vector seen if no batch fixed it (four times its squared norm, at least 1). */
    private float bound(float sq) {
        float b = normSq;
        if (b < 0) {
            synchronized (lock) {
                if (normSq < 0) {
                    normSq = Math.max(1f, 4f * sq);
                }
                b = normSq;
            }
        }
        return b;
    }

    /** Fixes the bound from a whole batch before its nodes are made (better than the first vector). */
    void prime(float[][] vectors) {
        if (normSq >= 0) {
            return;
        }
        float max = 0;
        for (float[] v : vectors) {
            if (v != null && v.length == dimension) {
                max = Math.max(max, kernel.dot(v, 0, v, 0, dimension));
            }
        }
        if (Float.isFinite(max)) {
            synchronized (lock) {
                if (normSq < 0) {
                    normSq = Math.max(1f, 2f * max);
                }
            }
        }
    }

    /** How many vectors were longer than the bound. */
    int overflowCount() {
        return overflow.get();
    }

    /** Whether {@code v} fits the bound (always, before one is fixed). */
    boolean within(float[] v) {
        float b = normSq;
        return b < 0 || kernel.dot(v, 0, v, 0, dimension) <= b;
    }

    float normSq() {
        return normSq;
    }

    void restoreNormSq(float v) {
        normSq = v;
    }
}
