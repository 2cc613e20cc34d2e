package io.stratadb.internal.vector;

import io.stratadb.DistanceMetric;
import io.stratadb.Value;
import io.stratadb.VectorEntry;
import io.stratadb.VectorFilter;
import io.stratadb.VectorMatch;
import io.stratadb.internal.vector.filter.FilterEvaluator;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random operation sequences (upserts, deletes, batches, forks, settles, dropped indexes)
 * with searches on random views (latest, as-of, inside a transaction with writes). The oracle is
 * the exact scan of the same view: every indexed result must be visible in the view, pass the
 * filter, carry the exact score, come sorted, and there must be exactly as many hits as the exact
 * answer has; recall against it must stay near 1 (ef is far above the collection size).
 */
class VectorStoreRandomizedTest {
    private static final String S = "default";

    /** Both kernels: the scalar fallback and (when the module is present) SIMD run the whole store. */
    static List<io.stratadb.internal.vector.kernel.VectorKernel> kernels() {
        return TestData.kernels();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("kernels")
    void indexedSearchAgreesWithExactScanOnRandomHistories(io.stratadb.internal.vector.kernel.VectorKernel kernel) {
        long seed = TestData.seed();
        for (int run = 0; run < 3; run++) {
            runOnce(seed + run, kernel);
        }
    }

    private void runOnce(long seed, io.stratadb.internal.vector.kernel.VectorKernel kernel) {
        Random rnd = new Random(seed);
        DistanceMetric metric = DistanceMetric.values()[rnd.nextInt(3)];
        int dim = 2 + rnd.nextInt(7);
        try (Storage storage = Storage.open(StorageOptions.inMemory());
             VectorStore store = new VectorStore(storage, VectorStoreOptions.defaults().withFreshLimit(1
                     + rnd.nextInt(40)).withExactFilterRows(rnd.nextInt(30)).withKernel(kernel))) {
            store.createCollection(Storage.DEFAULT_BRANCH, S, "c", dim, metric);
            List<String> branches = new ArrayList<>(List.of(Storage.DEFAULT_BRANCH));
            List<long[]> versions = new ArrayList<>(); // {branch index, version}
            int searches = 0;
            double recallSum = 0;
            for (int op = 0; op < 500; op++) {
                int b = rnd.nextInt(branches.size());
                String branch = branches.get(b);
                int choice = rnd.nextInt(100);
                String ctx = "seed " + seed + " op " + op + " metric " + metric + " dim " + dim + " kernel "
                        + kernel.name();
                if (choice < 35) {
                    store.upsert(branch, S, "c", "k" + rnd.nextInt(150), vector(rnd, dim),
                            Value.object("g", (long) rnd.nextInt(5), "w", rnd.nextDouble()));
                } else if (choice < 45) {
                    store.delete(branch, S, "c", "k" + rnd.nextInt(150));
                } else if (choice < 50) {
                    List<VectorEntry> batch = new ArrayList<>();
                    for (int i = 0; i < 1 + rnd.nextInt(30); i++) {
                        batch.add(new VectorEntry("k" + rnd.nextInt(150), vector(rnd, dim),
                                Value.object("g", (long) rnd.nextInt(5))));
                    }
                    store.batchUpsert(branch, S, "c", batch);
                } else if (choice < 52 && branches.size() < 4) {
                    String child = "b" + branches.size();
                    storage.fork(branch, child);
                    branches.add(child);
                } else if (choice < 55) {
                    store.settleIndexes();
                } else if (choice < 56) {
                    store.dropIndexes();
                } else if (choice < 60) {
                    versions.add(new long[]{b, storage.latestVersion()});
                } else {
                    ReadView view;
                    Transaction txn = null;
                    int kind = rnd.nextInt(10);
                    if (kind == 0 && !versions.isEmpty()) {
                        long[] bv = versions.get(rnd.nextInt(versions.size()));
                        view = storage.asOf(branches.get((int) bv[0]), bv[1]);
                    } else if (kind == 1) {
                        txn = storage.begin(branch);
                        store.upsert(txn, S, "c", "k" + rnd.nextInt(150), vector(rnd, dim), Value.object("g", 1L));
                        view = txn;
                    } else {
                        view = storage.snapshot(branch);
                    }
                    List<VectorFilter> filters = switch (rnd.nextInt(4)) {
                        case 0 -> List.of(VectorFilter.eq("g", (long) rnd.nextInt(5)));
                        case 1 -> List.of(VectorFilter.in("g", List.of(0L, 3L)));
                        case 2 -> List.of(VectorFilter.gt("w", 0.9));
                        default -> List.of();
                    };
                    VectorQuery q = new VectorQuery(vector(rnd, dim), 1 + rnd.nextInt(15), filters, 400);
                    Optional<VersionedValue> cfg = view.get(VectorKeys.config(S, "c"));
                    if (cfg.isEmpty()) {
                        if (txn != null) {
                            txn.rollback();
                        }
                        continue;
                    }
                    List<VectorMatch> got = store.search(view, S, "c", q);
                    List<VectorMatch> exact = store.searchExact(view, S, "c", q);
                    check(store, view, q, got, exact, metric, ctx);
                    recallSum += recall(exact, got);
                    if (Boolean.getBoolean("strata.debug") && recall(exact, got) < 1) {
                        System.out.println("low recall " + recall(exact, got) + " " + ctx + " branch " + branch
                                + " view " + view.branch() + "@" + view.version() + " k " + q.k() + " filters "
                                + q.filters() + " got " + got.size());
                    }
                    searches++;
                    if (txn != null) {
                        txn.rollback();
                    }
                }
            }
            assertTrue(searches > 50, "too few searches, seed " + seed);
            assertTrue(recallSum / searches >= 0.98, "mean recall " + recallSum / searches + ", seed " + seed);
            long[] paths = store.searchPaths();
            System.out.printf("seed %d %s: %d searches, indexed %d, scanned %d, fallbacks %d%n", seed,
                    kernel.name(), searches, paths[0], paths[1], paths[2]);
            assertTrue(paths[0] > searches / 3, "index answered only " + paths[0] + " of " + searches
                    + " searches, seed " + seed);
        }
    }

    private static void check(VectorStore store, ReadView view, VectorQuery q, List<VectorMatch> got,
                              List<VectorMatch> exact, DistanceMetric metric, String ctx) {
        assertEquals(exact.size(), got.size(), "hit count, " + ctx);
        FilterEvaluator f = FilterEvaluator.of(q.filters());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < got.size(); i++) {
            VectorMatch m = got.get(i);
            assertTrue(seen.add(m.key()), "duplicate " + m.key() + ", " + ctx);
            var row = store.get(view, S, "c", m.key());
            assertTrue(row.isPresent(), "invisible row " + m.key() + ", " + ctx);
            assertTrue(f.matches(row.get().metadata()), "filter violated by " + m.key() + ", " + ctx);
            assertEquals(TestData.referenceScore(row.get().vector(), q.vector(), metric), m.score(),
                    1e-4 * (1 + Math.abs(m.score())), "score of " + m.key() + ", " + ctx);
            if (i > 0) {
                assertTrue(got.get(i - 1).score() >= m.score(), "unsorted, " + ctx);
            }
        }
    }

    private static double recall(List<VectorMatch> exact, List<VectorMatch> got) {
        if (exact.isEmpty()) {
            return 1;
        }
        Set<String> t = new HashSet<>();
        for (VectorMatch m : exact) {
            t.add(m.key());
        }
        int hit = 0;
        for (VectorMatch m : got) {
            if (t.contains(m.key())) {
                hit++;
            }
        }
        return hit / (double) exact.size();
    }

    private static float[] vector(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        v[0] += 0.01f; // never all zero
        return v;
    }
}
