package io.stratadb.internal.vector;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.kernel.VectorKernel;

/**
 * One metric bound to one kernel: the internal distance (lower is closer) used by the indexes and
 * the user-facing score (higher is better). Cosine works on vectors normalized once on the way
 * in ({@link #prepare}), so its distance is a negated dot product. Immutable, thread-safe.
 */
public final class Similarity {
    private final DistanceMetric metric;
    private final VectorKernel kernel;

    public Similarity(DistanceMetric metric, VectorKernel kernel) {
        this.metric = metric;
        this.kernel = kernel;
    }

    public DistanceMetric metric() {
        return metric;
    }

    public VectorKernel kernel() {
        return kernel;
    }

    /**
     * The form the index stores and compares: a normalized copy for cosine, the input otherwise
     * (not copied). Returns null for a zero vector under cosine (it has no direction).
     */
    public float[] prepare(float[] v) {
        if (metric != DistanceMetric.COSINE) {
            return v;
        }
        float norm = (float) Math.sqrt(kernel.dot(v, 0, v, 0, v.length));
        if (norm == 0f || !Float.isFinite(norm)) {
            return null;
        }
        float[] out = new float[v.length];
        float inv = 1f / norm;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    /** Internal distance between two prepared vectors: lower is closer. */
    public float distance(float[] a, float[] b) {
        return metric == DistanceMetric.EUCLIDEAN
                ? kernel.squareDistance(a, 0, b, 0, a.length)
                : -kernel.dot(a, 0, b, 0, a.length);
    }

    /** The user-facing score (higher is better) of an internal distance. */
    public float score(float distance) {
        return switch (metric) {
            case EUCLIDEAN -> (float) (1.0 / (1.0 + Math.sqrt(Math.max(0f, distance))));
            case COSINE, DOT_PRODUCT -> -distance;
        };
    }
}
