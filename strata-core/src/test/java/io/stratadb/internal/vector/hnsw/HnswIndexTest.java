package io.stratadb.internal.vector.hnsw;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.Similarity;
import io.stratadb.internal.vector.TestData;
import io.stratadb.internal.vector.kernel.Kernels;
import io.stratadb.internal.vector.kernel.VectorKernel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HnswIndexTest {
    /** A cheaper build than the default keeps the suite fast; recall targets still hold. */
    private static final HnswParams FAST = HnswParams.DEFAULT.withEfConstruction(100);

    private static final java.util.Map<float[], int[]> TRUTH = new java.util.IdentityHashMap<>();

    private static double meanRecall(HnswIndex index, float[][] base, float[][] queries, int k, int ef,
                                     DistanceMetric metric) {
        double sum = 0;
        for (float[] q : queries) {
            int[] truth;
            synchronized (TRUTH) {
                truth = TRUTH.computeIfAbsent(q, x -> TestData.exactTopK(base, x, k, metric));
            }
            sum += TestData.recall(truth, index.search(q, k, ef).ids());
        }
        return sum / queries.length;
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void recallAt10OnSeededSyntheticData(DistanceMetric metric) {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] all = TestData.lowRank(rnd, 5100, 64, 12);
        float[][] base = java.util.Arrays.copyOf(all, 5000);
        float[][] queries = java.util.Arrays.copyOfRange(all, 5000, 5100);
        HnswIndex index = HnswIndex.build(base, metric, FAST, 2);
        double recall = meanRecall(index, base, queries, 10, 64, metric);
        assertTrue(recall >= 0.9, metric + " recall@10 " + recall + " at ef 64, seed " + seed);
        double high = meanRecall(index, base, queries, 10, 400, metric);
        assertTrue(high >= 0.99, metric + " recall@10 " + high + " at ef 400, seed " + seed);
    }

    /**
     * Every node stays reachable on layer 0. With this seed the longest vector (an outlier, and the
     * best inner-product answer to many queries) used to lose its last incoming link to pruning:
     * recall@10 for DOT_PRODUCT stopped at 0.989 whatever the ef, and under EUCLIDEAN a search
     * with that very vector could not return it.
     */
    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void everyNodeStaysReachable(DistanceMetric metric) throws IOException {
        long runSeed = TestData.seed();
        for (long seed : new long[]{-2342739543450317678L, runSeed}) {
            float[][] base = TestData.lowRank(new Random(seed), 5000, 64, 12);
            for (int threads : new int[]{1, 2}) {
                HnswIndex index = HnswIndex.build(base, metric, FAST, threads);
                String where = metric + " seed " + seed + " threads " + threads;
                assertReachable(index, where);
                assertInLinkCounts(index, where);
                int longest = 0;
                for (int i = 1; i < base.length; i++) {
                    if (norm(base[i]) > norm(base[longest])) {
                        longest = i;
                    }
                }
                if (metric != DistanceMetric.DOT_PRODUCT) { // its own nearest neighbour
                    assertEquals(longest, index.search(base[longest], 1, 64).ids()[0], where);
                }
                HnswIndex copy = index.copy();
                assertInLinkCounts(copy, where + " (copy)");
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                HnswCodec.write(index, out);
                HnswIndex back = HnswCodec.read(new java.io.ByteArrayInputStream(out.toByteArray()),
                        index.similarity(), "test");
                assertInLinkCounts(back, where + " (decoded)");
            }
        }
    }

    /**
     * A node held only by a far node's list is not returned by a search for its own vector; the
     * batch build's last pass finds it and links it from its nearest node. Seen in two-thread builds
     * (the longest vector, inserted before its near neighbours, kept one in-link from a node 1,122
     * places down its ranking and was missed even at ef 500); set up here by hand so it is certain.
     */
    @Test
    void aNodeHeldOnlyFarAwayIsRelinkedWhereSearchesGo() {
        float[][] base = TestData.lowRank(new Random(17), 3000, 32, 8);
        HnswIndex index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, FAST, 1);
        int longest = 0;
        int farthest = 0;
        for (int i = 1; i < base.length; i++) {
            if (norm(base[i]) > norm(base[longest])) {
                longest = i;
            }
        }
        for (int i = 0; i < base.length; i++) { // the lowest Euclidean score: the farthest
            if (TestData.referenceScore(base[i], base[longest], DistanceMetric.EUCLIDEAN)
                    < TestData.referenceScore(base[farthest], base[longest], DistanceMetric.EUCLIDEAN)) {
                farthest = i;
            }
        }
        assertTrue(longest != index.entryId() && farthest != longest);
        int hidden = longest;
        // every list drops the node; the farthest node's list alone takes it
        for (int i = 0; i < index.size(); i++) {
            HnswIndex.Node n = index.node(i);
            int[] links = n.links.get(0);
            int[] kept = java.util.Arrays.stream(links).filter(x -> x != hidden).toArray();
            n.links.set(0, kept);
        }
        HnswIndex.Node far = index.node(farthest);
        int[] farLinks = far.links.get(0);
        farLinks = java.util.Arrays.copyOf(farLinks, farLinks.length + 1);
        farLinks[farLinks.length - 1] = longest;
        far.links.set(0, farLinks);
        index.node(longest).inLinks0 = 1;
        assertInLinkCounts(index, "after the set-up");
        assertTrue(index.search(base[longest], 1, 64).ids()[0] != longest, "the set-up hides the node");
        assertEquals(1, index.relinkUnfindable(0, false));
        assertEquals(longest, index.search(base[longest], 1, 64).ids()[0], "found after the relink");
        assertInLinkCounts(index, "after the relink");
        assertEquals(0, index.relinkUnfindable(0, false), "a second pass has nothing to do");
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    /** Breadth-first from the entry point over layer 0 reaches every node. */
    private static void assertReachable(HnswIndex index, String where) {
        int n = index.size();
        boolean[] seen = new boolean[n];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        queue.add(index.entryId());
        seen[index.entryId()] = true;
        int reached = 1;
        while (!queue.isEmpty()) {
            for (int next : index.node(queue.poll()).links.get(0)) {
                if (!seen[next]) {
                    seen[next] = true;
                    reached++;
                    queue.add(next);
                }
            }
        }
        assertEquals(n, reached, "nodes reachable on layer 0, " + where);
    }

    /** Each node's count of layer-0 lists holding it matches the lists. */
    private static void assertInLinkCounts(HnswIndex index, String where) {
        int[] expected = new int[index.size()];
        for (int i = 0; i < expected.length; i++) {
            for (int next : index.node(i).links.get(0)) {
                expected[next]++;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], index.node(i).inLinks0, "in-links of node " + i + ", " + where);
        }
    }

    @Test
    void recallOnSift5k() throws IOException {
        float[][] base = TestData.sift5k();
        float[][] queries = TestData.siftQueries();
        Assumptions.assumeTrue(base != null && queries != null,
                "skipped: ngt-sift5k or siftsmall queries not found under " + TestData.DATASETS);
        // the siftsmall queries come from another SIFT sample and lie far from this base: a hard set.
        // One build thread gives one graph (0.854 at ef 64); two threads interleave inserts differently
        // from run to run (0.850 to 0.857 seen), so the bound leaves room below both.
        for (int threads : new int[]{1, 2}) {
            HnswIndex index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, FAST, threads);
            double r64 = meanRecall(index, base, queries, 10, 64, DistanceMetric.EUCLIDEAN);
            double r500 = meanRecall(index, base, queries, 10, 500, DistanceMetric.EUCLIDEAN);
            assertTrue(r64 >= 0.83, "sift5k recall@10 at ef 64, " + threads + " build threads: " + r64);
            assertTrue(r500 >= 0.99, "sift5k recall@10 at ef 500, " + threads + " build threads: " + r500);
        }
        // held-out base vectors as queries: the in-distribution case
        float[][] heldBase = new float[base.length - 100][];
        float[][] held = new float[100][];
        for (int i = 0, b = 0, h = 0; i < base.length; i++) {
            if (i % 50 == 7) {
                held[h++] = base[i];
            } else {
                heldBase[b++] = base[i];
            }
        }
        HnswIndex heldIndex = HnswIndex.build(heldBase, DistanceMetric.EUCLIDEAN, FAST, 2);
        double rHeld = meanRecall(heldIndex, heldBase, held, 10, 64, DistanceMetric.EUCLIDEAN);
        assertTrue(rHeld >= 0.95, "sift5k held-out recall@10 at ef 64: " + rHeld);
    }

    @Test
    void scalarAndSimdGraphsAgree() {
        VectorKernel simd = Kernels.simdOrNull();
        Assumptions.assumeTrue(simd != null, "SIMD kernel unavailable");
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] base = TestData.clustered(rnd, 1000, 48, 10);
        HnswIndex a = HnswIndex.build(base, new Similarity(DistanceMetric.EUCLIDEAN, Kernels.scalar()),
                HnswParams.DEFAULT, 1);
        HnswIndex b = HnswIndex.build(base, new Similarity(DistanceMetric.EUCLIDEAN, simd), HnswParams.DEFAULT, 1);
        int same = 0;
        for (int i = 0; i < 50; i++) {
            float[] q = TestData.gaussian(rnd, 48);
            int[] truth = TestData.exactTopK(base, q, 10, DistanceMetric.EUCLIDEAN);
            double ra = TestData.recall(truth, a.search(q, 10, 200).ids());
            double rb = TestData.recall(truth, b.search(q, 10, 200).ids());
            assertTrue(ra >= 0.8 && rb >= 0.8, "scalar " + ra + " simd " + rb + " seed " + seed);
            if (java.util.Arrays.equals(a.search(q, 10, 200).ids(), b.search(q, 10, 200).ids())) {
                same++;
            }
        }
        assertTrue(same >= 45, "scalar and SIMD graphs agree on " + same + "/50 queries, seed " + seed);
    }

    @Test
    void deletedNodesAreNeverReturned() {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] base = TestData.clustered(rnd, 2000, 16, 8);
        HnswIndex index = HnswIndex.build(base, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT, 1);
        for (int i = 0; i < base.length; i += 2) {
            index.markDeleted(i);
        }
        assertEquals(1000, index.deletedCount());
        for (int t = 0; t < 20; t++) {
            SearchResult r = index.search(TestData.gaussian(rnd, 16), 10, 50);
            assertEquals(10, r.size());
            for (int id : r.ids()) {
                assertEquals(1, id % 2, "deleted node " + id + " returned, seed " + seed);
            }
        }
    }

    @Test
    void predicateFiltersResultsAndScoresAreSorted() {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] base = TestData.clustered(rnd, 2000, 16, 8);
        HnswIndex index = HnswIndex.build(base, DistanceMetric.COSINE, HnswParams.DEFAULT, 1);
        SearchResult r = index.search(TestData.gaussian(rnd, 16), 20, 100, id -> id % 7 == 3);
        assertEquals(20, r.size());
        for (int i = 0; i < r.size(); i++) {
            assertEquals(3, r.ids()[i] % 7);
            if (i > 0) {
                assertTrue(r.scores()[i - 1] >= r.scores()[i], "scores not descending, seed " + seed);
            }
        }
    }

    @Test
    void singleThreadedBuildIsDeterministic() {
        Random rnd = new Random(7);
        float[][] base = TestData.clustered(rnd, 800, 24, 6);
        HnswIndex a = HnswIndex.build(base, DistanceMetric.DOT_PRODUCT, HnswParams.DEFAULT, 1);
        HnswIndex b = HnswIndex.build(base, DistanceMetric.DOT_PRODUCT, HnswParams.DEFAULT, 1);
        float[] q = TestData.gaussian(rnd, 24);
        assertArrayEquals(a.search(q, 10, 40).ids(), b.search(q, 10, 40).ids());
    }

    @Test
    void concurrentAddsAndSearches() throws Exception {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] base = TestData.clustered(rnd, 3000, 32, 20);
        HnswIndex index = new HnswIndex(32, DistanceMetric.EUCLIDEAN, HnswParams.DEFAULT);
        Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++) {
            int from = w;
            writers[w] = new Thread(() -> {
                for (int i = from; i < base.length; i += 2) {
                    index.add(base[i]);
                }
            });
            writers[w].start();
        }
        float[] q = TestData.gaussian(new Random(seed + 1), 32);
        while (writers[0].isAlive() || writers[1].isAlive()) {
            SearchResult r = index.search(q, 5, 20);
            assertTrue(r.size() <= 5);
        }
        for (Thread t : writers) {
            t.join();
        }
        assertEquals(3000, index.size());
        // ids are assigned by arrival, so compare by vector content
        float[][] stored = new float[index.size()][];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = index.vector(i);
        }
        double sum = 0;
        for (int t = 0; t < 50; t++) {
            float[] query = TestData.gaussian(rnd, 32);
            sum += TestData.recall(TestData.exactTopK(stored, query, 10, DistanceMetric.EUCLIDEAN),
                    index.search(query, 10, 100).ids());
        }
        assertTrue(sum / 50 >= 0.9, "recall after concurrent build " + sum / 50 + ", seed " + seed);
    }

    @Test
    void badInputIsRejected() {
        HnswIndex index = new HnswIndex(4, DistanceMetric.COSINE, HnswParams.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[]{1, Float.NaN, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> index.add(new float[4]));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[5], 1));
        assertThrows(IllegalArgumentException.class, () -> index.search(new float[]{1, 0, 0, 0}, 0));
        assertEquals(0, index.search(new float[]{1, 0, 0, 0}, 3).size());
        index.add(new float[]{1, 0, 0, 0});
        assertFalse(index.isDeleted(0));
        assertThrows(IllegalArgumentException.class, () -> new HnswParams(1, 10, 10, 0));
    }
}
