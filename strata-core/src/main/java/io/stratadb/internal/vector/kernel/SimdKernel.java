package io.stratadb.internal.vector.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on {@code jdk.incubator.vector} with the platform's preferred float species. Loaded only
 * reflectively by {@link Kernels} after it has checked that the module is present, so the rest of
 * the engine never links against the incubator API. Stateless, thread-safe.
 */
final class SimdKernel implements VectorKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    SimdKernel() {
        if (LANES < 4) {
            throw new IllegalStateException("float vector species has only " + LANES + " lanes");
        }
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int length) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int bound2 = length - length % (2 * LANES);
        for (; i < bound2; i += 2 * LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, ao + i).fma(FloatVector.fromArray(SPECIES, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, ao + i + LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, bo + i + LANES), acc1);
        }
        int bound = SPECIES.loopBound(length);
        for (; i < bound; i += LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, ao + i).fma(FloatVector.fromArray(SPECIES, b, bo + i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    @Override
    public float squareDistance(float[] a, int ao, float[] b, int bo, int length) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int bound2 = length - length % (2 * LANES);
        for (; i < bound2; i += 2 * LANES) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, a, ao + i).sub(FloatVector.fromArray(SPECIES, b, bo + i));
            FloatVector d1 = FloatVector.fromArray(SPECIES, a, ao + i + LANES)
                    .sub(FloatVector.fromArray(SPECIES, b, bo + i + LANES));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
        }
        int bound = SPECIES.loopBound(length);
        for (; i < bound; i += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, a, ao + i).sub(FloatVector.fromArray(SPECIES, b, bo + i));
            acc0 = d.fma(d, acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            float d = a[ao + i] - b[bo + i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public String name() {
        return "simd-" + SPECIES.vectorBitSize();
    }
}
