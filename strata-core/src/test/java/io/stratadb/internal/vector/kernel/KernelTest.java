package io.stratadb.internal.vector.kernel;

import io.stratadb.internal.vector.TestData;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class KernelTest {
    @Test
    void simdIsAvailableInTheTestJvm() {
        // surefire adds --add-modules jdk.incubator.vector; if this fails the SIMD path is untested
        assertNotNull(Kernels.simdOrNull(), "jdk.incubator.vector not resolved: SIMD kernel untested");
        assertSame(ScalarKernel.INSTANCE, Kernels.select(true), "forcing scalar");
    }

    @Test
    void kernelsMatchDoublePrecisionReferenceAtEveryLength() {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        for (VectorKernel k : TestData.kernels()) {
            for (int len = 0; len <= 300; len++) {
                int ao = rnd.nextInt(3), bo = rnd.nextInt(3);
                float[] a = new float[len + ao + 2];
                float[] b = new float[len + bo + 1];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rnd.nextGaussian();
                }
                double dot = 0, l2 = 0;
                for (int i = 0; i < len; i++) {
                    dot += (double) a[ao + i] * b[bo + i];
                    double d = (double) a[ao + i] - b[bo + i];
                    l2 += d * d;
                }
                double tol = 1e-4 * (len + 1);
                assertEquals(dot, k.dot(a, ao, b, bo, len), tol, k.name() + " dot len " + len + " seed " + seed);
                assertEquals(l2, k.squareDistance(a, ao, b, bo, len), tol,
                        k.name() + " l2 len " + len + " seed " + seed);
            }
        }
    }

    @Test
    void simdAndScalarAgree() {
        VectorKernel simd = Kernels.simdOrNull();
        if (simd == null) {
            return;
        }
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 200; trial++) {
            int len = 1 + rnd.nextInt(2048);
            float[] a = TestData.gaussian(rnd, len);
            float[] b = TestData.gaussian(rnd, len);
            float rel = 1e-4f * (float) Math.sqrt(len);
            float sd = ScalarKernel.INSTANCE.dot(a, b), vd = simd.dot(a, b);
            assertEquals(sd, vd, rel * (1 + Math.abs(sd)), "dot len " + len + " seed " + seed);
            float sl = ScalarKernel.INSTANCE.squareDistance(a, b), vl = simd.squareDistance(a, b);
            assertEquals(sl, vl, rel * (1 + sl), "l2 len " + len + " seed " + seed);
        }
    }
}
