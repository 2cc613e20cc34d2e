package io.stratadb.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.bench.UnsupportedEngineException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hnswlib adapter works when python3-hnswlib is installed and says how to get it when not. */
class HnswlibAnnTest {
    @Test
    void buildsAndSearchesOrReportsUnavailable() {
        String p = System.getProperty("tests.seed", "");
        long seed = p.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(p);
        SplittableRandom r = new SplittableRandom(seed);
        float[][] base = new float[300][16];
        for (float[] v : base) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
        }
        float[][] qs = new float[20][];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = base[r.nextInt(base.length)].clone();
            qs[i][0] += 0.01f;
        }
        try (HnswlibAnn idx = new HnswlibAnn(8, 50, 42)) {
            if (HnswlibAnn.probe() == null) {
                UnsupportedEngineException ex = assertThrows(UnsupportedEngineException.class, () -> idx.build(base));
                assertTrue(ex.getMessage().contains("python3-hnswlib"), ex.getMessage());
                return;
            }
            idx.build(base);
            idx.setSearchParam(100);
            long[] nanos = new long[qs.length];
            int[][] res = idx.searchBatch(qs, qs.length, 10, nanos);
            double recall = 0;
            for (int i = 0; i < qs.length; i++) {
                assertEquals(10, res[i].length, "seed " + seed);
                assertTrue(nanos[i] > 0, "seed " + seed);
                recall += AnnSuite.recall(res[i], BruteForceAnn.exactTopK(base, qs[i], 10), 10);
            }
            assertTrue(recall / qs.length >= 0.9, "recall " + recall / qs.length + ", seed " + seed);
            assertEquals(10, idx.search(qs[0], 10).length, "seed " + seed);
        }
    }
}
