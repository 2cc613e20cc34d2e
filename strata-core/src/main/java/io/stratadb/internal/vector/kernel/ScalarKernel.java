package io.stratadb.internal.vector.kernel;

/** Plain-Java kernels, the fallback when {@code jdk.incubator.vector} is absent. Stateless, thread-safe. */
public final class ScalarKernel implements VectorKernel {
    public static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int length) {
        // four independent accumulators let the JIT pipeline the multiplies
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, int ao, float[] b, int bo, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int bound = length & ~3; i < bound; i += 4) {
            float d0 = a[ao + i] - b[bo + i];
            float d1 = a[ao + i + 1] - b[bo + i + 1];
            float d2 = a[ao + i + 2] - b[bo + i + 2];
            float d3 = a[ao + i + 3] - b[bo + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < length; i++) {
            float d = a[ao + i] - b[bo + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
