package io.stratadb.internal.vector.hnsw;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Build-time loop for profiling; only with -Dstrata.tuning=true. */
class HnswBuildProfileTest {
    @Test
    void buildSift5kRepeatedly() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("strata.tuning"), "profiling only");
        float[][] base = TestData.sift5k();
        Assumptions.assumeTrue(base != null);
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            HnswIndex.build(base, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, 1);
            System.out.printf("build sift5k single-thread: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
