package io.stratadb.internal.vector;

import io.stratadb.internal.vector.kernel.Kernels;
import io.stratadb.internal.vector.kernel.VectorKernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeds, synthetic and real datasets, and an exact reference for the vector tests. */
public final class TestData {
    public static final Path DATASETS = Path.of(System.getProperty("strata.datasets", "/work/shared/datasets"));

    private TestData() {
    }

    /** The run's seed: {@code -Dtests.seed=} if set, else random. Put it in assertion messages. */
    public static long seed() {
        String s = System.getProperty("tests.seed", "");
        return s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    /** Clustered gaussian data: more realistic for ANN than uniform noise. */
    public static float[][] clustered(Random rnd, int n, int dim, int clusters) {
        float[][] centers = new float[clusters][dim];
        for (float[] c : centers) {
            for (int d = 0; d < dim; d++) {
                c[d] = (float) rnd.nextGaussian() * 4;
            }
        }
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] c = centers[rnd.nextInt(clusters)];
            for (int d = 0; d < dim; d++) {
                out[i][d] = c[d] + (float) rnd.nextGaussian();
            }
        }
        return out;
    }

    /**
     * Points on a random {@code latent}-dimensional linear subspace of R^dim plus a little noise:
     * like real embeddings, whose intrinsic dimension is far below their width.
     */
    public static float[][] lowRank(Random rnd, int n, int dim, int latent) {
        float[][] proj = new float[latent][dim];
        for (float[] row : proj) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) rnd.nextGaussian();
            }
        }
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < latent; l++) {
                float z = (float) rnd.nextGaussian();
                for (int d = 0; d < dim; d++) {
                    out[i][d] += z * proj[l][d];
                }
            }
            for (int d = 0; d < dim; d++) {
                out[i][d] += 0.05f * (float) rnd.nextGaussian();
            }
        }
        return out;
    }

    public static float[] gaussian(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** Exact top-k ids (ties by lower id) by double-precision reference distances; O(n log k). */
    public static int[] exactTopK(float[][] base, float[] q, int k, io.stratadb.DistanceMetric metric) {
        int kk = Math.min(k, base.length);
        // min-heap of the best kk: root = worst kept (lowest score, then highest id)
        int[] heapIds = new int[kk];
        double[] heapScores = new double[kk];
        int size = 0;
        for (int i = 0; i < base.length; i++) {
            double s = referenceScore(base[i], q, metric);
            if (size < kk) {
                heapIds[size] = i;
                heapScores[size] = s;
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) / 2;
                    if (!worse(heapScores[c], heapIds[c], heapScores[p], heapIds[p])) {
                        break;
                    }
                    swap(heapIds, heapScores, c, p);
                    c = p;
                }
            } else if (worse(heapScores[0], heapIds[0], s, i)) {
                heapIds[0] = i;
                heapScores[0] = s;
                int c = 0;
                while (true) {
                    int l = 2 * c + 1, r = l + 1, m = c;
                    if (l < size && worse(heapScores[l], heapIds[l], heapScores[m], heapIds[m])) {
                        m = l;
                    }
                    if (r < size && worse(heapScores[r], heapIds[r], heapScores[m], heapIds[m])) {
                        m = r;
                    }
                    if (m == c) {
                        break;
                    }
                    swap(heapIds, heapScores, c, m);
                    c = m;
                }
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> worse(heapScores[a], heapIds[a], heapScores[b], heapIds[b]) ? 1
                : worse(heapScores[b], heapIds[b], heapScores[a], heapIds[a]) ? -1 : 0);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = heapIds[order[i]];
        }
        return out;
    }

    /** Whether (sa, ia) ranks below (sb, ib): lower score, or equal score and higher id. */
    private static boolean worse(double sa, int ia, double sb, int ib) {
        return sa < sb || (sa == sb && ia > ib);
    }

    private static void swap(int[] ids, double[] scores, int a, int b) {
        int t = ids[a];
        ids[a] = ids[b];
        ids[b] = t;
        double s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
    }

    /** Higher-is-better reference score in double precision. */
    public static double referenceScore(float[] v, float[] q, io.stratadb.DistanceMetric metric) {
        double dot = 0, l2 = 0, nv = 0, nq = 0;
        for (int d = 0; d < v.length; d++) {
            dot += (double) v[d] * q[d];
            double diff = (double) v[d] - q[d];
            l2 += diff * diff;
            nv += (double) v[d] * v[d];
            nq += (double) q[d] * q[d];
        }
        return switch (metric) {
            case COSINE -> dot / Math.sqrt(nv * nq);
            case DOT_PRODUCT -> dot;
            case EUCLIDEAN -> 1.0 / (1.0 + Math.sqrt(l2));
        };
    }

    public static double recall(int[] truth, int[] found) {
        int hits = 0;
        for (int t : truth) {
            for (int f : found) {
                if (f == t) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / truth.length;
    }

    /** Both kernels when SIMD is available, else just scalar. */
    public static List<VectorKernel> kernels() {
        List<VectorKernel> out = new ArrayList<>();
        out.add(Kernels.scalar());
        VectorKernel simd = Kernels.simdOrNull();
        if (simd != null) {
            out.add(simd);
        }
        return out;
    }

    /** NGT's 5k SIFT vectors (128-d), or null when the file is absent. */
    public static float[][] sift5k() throws IOException {
        Path p = DATASETS.resolve("ngt-sift5k/sift-dataset-5k.tsv");
        if (!Files.isReadable(p)) {
            return null;
        }
        List<float[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            float[] v = new float[128];
            for (int d = 0; d < 128; d++) {
                v[d] = Float.parseFloat(parts[d]);
            }
            rows.add(v);
        }
        return rows.toArray(new float[0][]);
    }

    /** The 100 siftsmall queries (fvecs, 128-d), or null when absent. */
    public static float[][] siftQueries() throws IOException {
        Path p = DATASETS.resolve("siftsmall/siftsmall_query.fvecs");
        if (!Files.isReadable(p)) {
            return null;
        }
        byte[] all = Files.readAllBytes(p);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> rows = new ArrayList<>();
        while (buf.remaining() >= 4) {
            int dim = buf.getInt();
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = buf.getFloat();
            }
            rows.add(v);
        }
        return rows.toArray(new float[0][]);
    }

}
