package io.stratadb.internal.vector.hnsw;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Prints recall/throughput figures on sift5k; runs only with -Dstrata.tuning=true. */
class HnswTuningTest {
    @Test
    void printMnistFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("strata.tuning"), "tuning figures only with -Dstrata.tuning=true");
        java.nio.file.Path p = TestData.DATASETS.resolve("mnist-t10k/t10k-images-idx3-ubyte.gz");
        Assumptions.assumeTrue(java.nio.file.Files.isReadable(p), "mnist absent");
        byte[] raw;
        try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(p))) {
            raw = in.readAllBytes();
        }
        int n = 10_000, dim = 784;
        float[][] all = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                all[i][d] = raw[16 + i * dim + d] & 0xff;
            }
        }
        float[][] base = new float[n - 100][];
        float[][] queries = new float[100][];
        for (int i = 0, b = 0, q = 0; i < n; i++) {
            if (i % 100 == 42) {
                queries[q++] = all[i];
            } else {
                base[b++] = all[i];
            }
        }
        int[][] truth = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            truth[i] = TestData.exactTopK(base, queries[i], 10, DistanceMetric.EUCLIDEAN);
        }
        for (int threads : new int[]{1, 2}) {
            long t0 = System.nanoTime();
            HnswIndex index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, threads);
            long buildMs = (System.nanoTime() - t0) / 1_000_000;
            for (int ef : new int[]{16, 32, 64, 128}) {
                double sum = 0;
                for (int i = 0; i < queries.length; i++) {
                    sum += TestData.recall(truth[i], index.search(queries[i], 10, ef).ids());
                }
                long q0 = System.nanoTime();
                for (int r = 0; r < 10; r++) {
                    for (float[] q : queries) {
                        index.search(q, 10, ef);
                    }
                }
                double qps = 10 * queries.length / ((System.nanoTime() - q0) / 1e9);
                System.out.printf("mnist9.9k threads=%d build=%dms ef=%d recall@10=%.4f qps=%.0f%n", threads,
                        buildMs, ef, sum / queries.length, qps);
            }
        }
    }

    @Test
    void printSift5kFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("strata.tuning"), "tuning figures only with -Dstrata.tuning=true");
        float[][] base = TestData.sift5k();
        float[][] queries = TestData.siftQueries();
        Assumptions.assumeTrue(base != null && queries != null, "datasets absent");
        int[][] truth = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            truth[i] = TestData.exactTopK(base, queries[i], 10, DistanceMetric.EUCLIDEAN);
        }
        {
            java.util.Random rnd = new java.util.Random(1);
            float[][] u = new float[5000][16];
            for (float[] v : u) for (int d = 0; d < 16; d++) v[d] = rnd.nextFloat();
            HnswIndex idx = HnswIndex.build(u, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, 1);
            for (int ef : new int[]{16, 64, 256, 5000}) {
                double sum = 0;
                for (int i = 0; i < 100; i++) {
                    float[] q = new float[16];
                    for (int d = 0; d < 16; d++) q[d] = rnd.nextFloat();
                    sum += TestData.recall(TestData.exactTopK(u, q, 10, DistanceMetric.EUCLIDEAN), idx.search(q, 10, ef).ids());
                }
                System.out.printf("sift5k uniform16 ef=%d recall=%.4f%n", ef, sum / 100);
            }
            HnswIndex sidx = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, 1);
            for (int ef : new int[]{64, 5000}) {
                double sum = 0;
                for (int i = 0; i < 100; i++) {
                    float[] q = base[i * 37];
                    sum += TestData.recall(TestData.exactTopK(base, q, 10, DistanceMetric.EUCLIDEAN), sidx.search(q, 10, ef).ids());
                }
                System.out.printf("sift5k selfqueries ef=%d recall=%.4f%n", ef, sum / 100);
                sum = 0;
                for (int i = 0; i < 100; i++) {
                    sum += TestData.recall(TestData.exactTopK(base, queries[i], 10, DistanceMetric.EUCLIDEAN), sidx.search(queries[i], 10, ef).ids());
                }
                System.out.printf("sift5k queries ef=%d recall=%.4f%n", ef, sum / 100);
            }
        }
        for (int threads : new int[]{1, 2}) {
            long t0 = System.nanoTime();
            HnswIndex index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, threads);
            long buildMs = (System.nanoTime() - t0) / 1_000_000;
            for (int ef : new int[]{10, 16, 32, 64, 128, 256}) {
                double sum = 0;
                for (int i = 0; i < queries.length; i++) {
                    sum += TestData.recall(truth[i], index.search(queries[i], 10, ef).ids());
                }
                int reps = 20;
                long q0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    for (float[] q : queries) {
                        index.search(q, 10, ef);
                    }
                }
                double qps = reps * queries.length / ((System.nanoTime() - q0) / 1e9);
                System.out.printf("sift5k threads=%d build=%dms ef=%d recall@10=%.4f qps=%.0f%n", threads, buildMs,
                        ef, sum / queries.length, qps);
            }
        }
    }
}
