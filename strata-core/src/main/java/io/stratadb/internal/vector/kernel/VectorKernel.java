package io.stratadb.internal.vector.kernel;

/**
 * Float32 distance kernels over slices of arrays. Two implementations: {@link ScalarKernel}
 * (plain Java, always available) and {@code SimdKernel} ({@code jdk.incubator.vector}, used when
 * the module is present); {@link Kernels#get()} picks one. Implementations are stateless and
 * thread-safe; they never validate lengths (callers do), and they agree with each other up to
 * float rounding (summation order differs).
 */
public interface VectorKernel {
    /** Sum of {@code a[ao+i] * b[bo+i]} for {@code i < length}. */
    float dot(float[] a, int ao, float[] b, int bo, int length);

    /** Sum of {@code (a[ao+i] - b[bo+i])^2} for {@code i < length}. */
    float squareDistance(float[] a, int ao, float[] b, int bo, int length);

    /** A short name for logs and stats ("simd-256", "scalar"). */
    String name();

    default float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    default float squareDistance(float[] a, float[] b) {
        return squareDistance(a, 0, b, 0, a.length);
    }
}
