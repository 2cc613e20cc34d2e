package io.stratadb.internal.vector;

import io.stratadb.DistanceMetric;
import io.stratadb.VectorEntry;
import io.stratadb.VectorMatch;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Store-level figures on sift5k (index + exact rerank through MVCC); only with -Dstrata.tuning=true. */
class StoreTuningTest {
    @Test
    void printStoreFigures() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("strata.tuning"), "tuning figures only with -Dstrata.tuning=true");
        float[][] base = TestData.sift5k();
        float[][] queries = TestData.siftQueries();
        Assumptions.assumeTrue(base != null && queries != null, "datasets absent");
        try (Storage storage = Storage.open(StorageOptions.inMemory());
             VectorStore store = new VectorStore(storage)) {
            store.createCollection("default", "default", "sift", 128, DistanceMetric.EUCLIDEAN);
            List<VectorEntry> entries = new ArrayList<>();
            for (int i = 0; i < base.length; i++) {
                entries.add(new VectorEntry("v" + i, base[i], null));
            }
            long t0 = System.nanoTime();
            store.batchUpsert("default", "default", "sift", entries);
            long t1 = System.nanoTime();
            store.search("default", "default", "sift", VectorQuery.of(queries[0], 10)); // builds the index
            long t2 = System.nanoTime();
            System.out.printf("store sift5k: batch upsert %d ms, index build %d ms%n", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000);
            List<List<VectorMatch>> exact = new ArrayList<>();
            for (float[] q : queries) {
                exact.add(store.searchExact(storage.snapshot("default"), "default", "sift", VectorQuery.of(q, 10)));
            }
            for (int ef : new int[]{32, 64, 128, 256, 512}) {
                double sum = 0;
                for (int i = 0; i < queries.length; i++) {
                    List<VectorMatch> got = store.search("default", "default", "sift",
                            VectorQuery.of(queries[i], 10).withEf(ef));
                    Set<String> t = new HashSet<>();
                    exact.get(i).forEach(m -> t.add(m.key()));
                    sum += got.stream().filter(m -> t.contains(m.key())).count() / 10.0;
                }
                int reps = 10;
                long s0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    for (float[] q : queries) {
                        store.search("default", "default", "sift", VectorQuery.of(q, 10).withEf(ef));
                    }
                }
                double qps = reps * queries.length / ((System.nanoTime() - s0) / 1e9);
                System.out.printf("store sift5k ef=%d recall@10=%.3f qps=%.0f%n", ef, sum / queries.length, qps);
            }
            long s0 = System.nanoTime();
            for (float[] q : queries) {
                store.searchExact(storage.snapshot("default"), "default", "sift", VectorQuery.of(q, 10));
            }
            System.out.printf("store sift5k exact scan qps=%.0f%n", queries.length / ((System.nanoTime() - s0) / 1e9));
        }
    }
}
