package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code db.vectors()} through the facade: CRUD, search, filters, errors, transactions, branches, time travel. */
class VectorFacadeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    private static List<String> keys(List<VectorMatch> ms) {
        List<String> out = new ArrayList<>();
        ms.forEach(m -> out.add(m.key()));
        return out;
    }

    private void fourDocs() {
        Vectors v = db.vectors();
        v.create("docs", 4, DistanceMetric.EUCLIDEAN);
        v.upsert("docs", "a", new float[] {1, 0, 0, 0}, Map.of("cat", "science", "year", 2020));
        v.upsert("docs", "b", new float[] {0, 1, 0, 0}, Map.of("cat", "art", "year", 2021));
        v.upsert("docs", "c", new float[] {0, 0, 1, 0}, Map.of("cat", "science", "year", 2022));
        v.upsert("docs", "d", new float[] {0.9f, 0.1f, 0, 0});
    }

    @Test
    void collectionsCreateListStatsDelete() {
        Vectors v = db.vectors();
        assertTrue(v.list().isEmpty());
        assertTrue(v.create("emb", 3, "cosine") > 0);
        v.create("alpha", 2, DistanceMetric.DOT_PRODUCT);
        assertEquals(List.of("alpha", "emb"), v.list().stream().map(CollectionInfo::name).toList());
        v.upsert("emb", "k", new float[] {1, 2, 3});
        CollectionInfo s = v.stats("emb");
        assertEquals(3, s.dimension());
        assertEquals(DistanceMetric.COSINE, s.metric());
        assertEquals(1, s.count());
        assertTrue(v.exists("emb"));
        assertThrows(ConstraintException.class, () -> v.create("emb", 3, DistanceMetric.COSINE));
        assertTrue(v.delete("emb"));
        assertFalse(v.delete("emb"));
        assertFalse(v.exists("emb"));
        assertThrows(NotFoundException.class, () -> v.stats("emb"));
        assertThrows(NotFoundException.class, () -> v.get("emb", "k"));
    }

    @Test
    void upsertGetDeleteAndHandle() {
        fourDocs();
        VectorCollection docs = db.vectors().collection("docs");
        VectorEntry a = docs.get("a").orElseThrow();
        assertEquals("a", a.key());
        assertEquals(4, a.dimension());
        assertEquals(Value.of("science"), ((Value.Obj) a.metadata()).fields().get("cat"));
        assertTrue(a.version() > 0);
        assertEquals(Value.nullValue(), docs.get("d").orElseThrow().metadata());
        docs.upsert("a", new float[] {0, 0, 0, 1}, Map.of("cat", "math"));
        assertEquals(1f, docs.get("a").orElseThrow().vector()[3]);
        assertTrue(docs.delete("a"));
        assertFalse(docs.delete("a"));
        assertTrue(docs.get("a").isEmpty());
        assertEquals(3, docs.stats().count());
        docs.batchUpsert(List.of(new VectorEntry("x", new float[] {1, 1, 0, 0}, Value.object("cat", "x")),
                new VectorEntry("y", new float[] {1, 1, 1, 0}, null)));
        assertEquals(5, docs.stats().count());
    }

    @Test
    void searchRanksAndFilters() {
        fourDocs();
        Vectors v = db.vectors();
        List<VectorMatch> hits = v.search("docs", new float[] {1, 0, 0, 0}, 2);
        assertEquals(List.of("a", "d"), keys(hits));
        assertEquals(1.0, hits.get(0).score(), 1e-6);
        assertTrue(hits.get(0).score() > hits.get(1).score(), "higher is better");
        assertEquals(List.of("a", "c"), keys(v.search("docs", new float[] {1, 0, 0, 0}, 10,
                List.of(VectorFilter.eq("cat", "science")))));
        assertEquals(List.of("c"), keys(v.search("docs", new float[] {1, 0, 0, 0}, 10,
                List.of(VectorFilter.eq("cat", "science"), VectorFilter.gt("year", 2020)))));
        assertEquals(List.of("b", "c"), keys(v.search("docs", new float[] {0, 1, 0, 0}, 10,
                List.of(VectorFilter.in("year", List.of(2021, 2022))))));
        assertEquals(4, v.search("docs", new float[] {0, 0, 0, 1}, 100).size());
    }

    @Test
    void searchMatchesExactOnSeededData() {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        Vectors v = db.vectors();
        v.create("r", 8, DistanceMetric.COSINE);
        List<VectorEntry> batch = new ArrayList<>();
        List<float[]> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] x = new float[8];
            for (int j = 0; j < 8; j++) {
                x[j] = rnd.nextFloat() * 2 - 1;
            }
            all.add(x);
            batch.add(new VectorEntry("k" + i, x, Value.object("even", i % 2 == 0)));
        }
        v.batchUpsert("r", batch);
        float[] q = all.get(17);
        List<VectorMatch> hits = v.search("r", q, 5, List.of(VectorFilter.eq("even", false)));
        assertEquals(5, hits.size(), "[seed " + seed + "]");
        assertEquals("k17", hits.get(0).key(), "a vector is its own nearest neighbour [seed " + seed + "]");
        for (VectorMatch m : hits) {
            assertEquals(Value.of(false), ((Value.Obj) m.metadata()).fields().get("even"), "[seed " + seed + "]");
        }
    }

    @Test
    void largeCollectionSearchesAreExactPerHitWithHighRecall() {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        int n = 3000;
        int dim = 8;
        Vectors v = db.vectors();
        v.create("big", dim, DistanceMetric.EUCLIDEAN);
        float[][] data = new float[n][dim];
        List<VectorEntry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                data[i][j] = (float) rnd.nextGaussian();
            }
            batch.add(new VectorEntry("k" + i, data[i], null));
        }
        v.batchUpsert("big", batch);
        int found = 0;
        int queries = 20;
        for (int t = 0; t < queries; t++) {
            float[] q = new float[dim];
            for (int j = 0; j < dim; j++) {
                q[j] = (float) rnd.nextGaussian();
            }
            List<VectorMatch> hits = v.search("big", q, 10);
            assertEquals(10, hits.size(), "[seed " + seed + "]");
            List<Integer> exact = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                exact.add(i);
            }
            exact.sort((a, b) -> Double.compare(dist(data[a], q), dist(data[b], q)));
            List<String> truth = exact.subList(0, 10).stream().map(i -> "k" + i).toList();
            for (VectorMatch m : hits) {
                int i = Integer.parseInt(m.key().substring(1));
                assertEquals(1 / (1 + dist(data[i], q)), m.score(), 1e-4, "score is exact [seed " + seed + "]");
                if (truth.contains(m.key())) {
                    found++;
                }
            }
        }
        double recall = found / (10.0 * queries);
        assertTrue(recall >= 0.9, "recall@10 " + recall + " [seed " + seed + "]");
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void badInputGetsTypedErrors() {
        Vectors v = db.vectors();
        assertThrows(ValidationException.class, () -> v.create("bad name!", 4, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> v.create("z", 0, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> v.create("z", 8193, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> v.create("z", 4, "manhattan"));
        assertThrows(ValidationException.class, () -> v.create("z", 4, (DistanceMetric) null));
        assertThrows(NotFoundException.class, () -> v.upsert("nope", "k", new float[] {1}));
        fourDocs();
        ConstraintException dim = assertThrows(ConstraintException.class,
                () -> v.upsert("docs", "k", new float[] {1, 2, 3}));
        assertTrue(dim.getMessage().contains("docs"), dim.getMessage());
        assertThrows(ValidationException.class, () -> v.upsert("docs", "k", new float[] {1, Float.NaN, 0, 0}));
        assertThrows(ValidationException.class,
                () -> v.upsert("docs", "k", new float[] {1, Float.POSITIVE_INFINITY, 0, 0}));
        assertThrows(ValidationException.class, () -> v.upsert("docs", "", new float[] {1, 0, 0, 0}));
        assertThrows(ValidationException.class, () -> v.upsert("docs", "k", null));
        assertThrows(ValidationException.class, () -> v.search("docs", new float[] {1, 0, 0, 0}, 0));
        assertThrows(ConstraintException.class, () -> v.search("docs", new float[] {1, 0}, 3));
        assertThrows(ValidationException.class, () -> VectorFilter.in("year", 3));
        assertThrows(ValidationException.class, () -> v.batchUpsert("docs", List.of()));
        // a bad entry in a batch writes nothing
        assertThrows(ConstraintException.class, () -> v.batchUpsert("docs", List.of(
                new VectorEntry("ok", new float[] {1, 0, 0, 0}, null), new VectorEntry("bad", new float[] {1}, null))));
        assertTrue(v.get("docs", "ok").isEmpty());
        assertThrows(ValidationException.class, () -> db.vectors().collection(null));
    }

    @Test
    void transactionsCommitAndRollBackVectors() {
        fourDocs();
        db.transaction(tx -> {
            tx.vectors().upsert("docs", "t1", new float[] {0, 0, 0, 1}, Map.of("cat", "tx"));
            tx.kv().put("note", "with vector");
            // reads and searches inside the transaction see its writes
            assertTrue(tx.vectors().get("docs", "t1").isPresent());
            assertEquals("t1", tx.vectors().search("docs", new float[] {0, 0, 0, 1}, 1).get(0).key());
            assertTrue(db.vectors().get("docs", "t1").isEmpty(), "not visible outside before commit");
        });
        assertTrue(db.vectors().get("docs", "t1").isPresent());

        assertThrows(IllegalStateException.class, () -> db.transaction(tx -> {
            tx.vectors().upsert("docs", "t2", new float[] {0, 0, 0, 1});
            tx.vectors().delete("docs", "a");
            tx.vectors().create("more", 2, DistanceMetric.EUCLIDEAN);
            throw new IllegalStateException("boom");
        }));
        assertTrue(db.vectors().get("docs", "t2").isEmpty());
        assertTrue(db.vectors().get("docs", "a").isPresent());
        assertFalse(db.vectors().exists("more"));

        db.begin();
        db.vectors().upsert("docs", "m1", new float[] {0, 0, 1, 1});
        assertEquals("m1", db.vectors().search("docs", new float[] {0, 0, 1, 1}, 1).get(0).key());
        db.rollback();
        assertTrue(db.vectors().get("docs", "m1").isEmpty());
        db.begin();
        db.vectors().upsert("docs", "m2", new float[] {0, 0, 1, 1});
        assertTrue(db.commit() > 0);
        assertTrue(db.vectors().get("docs", "m2").isPresent());

        db.transaction(TxOptions.READ_ONLY, tx -> {
            assertEquals(6, tx.vectors().stats("docs").count());
            assertThrows(AccessDeniedException.class, () -> tx.vectors().upsert("docs", "r", new float[] {1, 0, 0, 0}));
        });
    }

    @Test
    void forksIsolateVectorsAndDiffMergeCoverThem() {
        fourDocs();
        db.branches().fork("exp");
        db.branches().use("exp");
        db.vectors().upsert("docs", "e1", new float[] {0, 0, 0, 1}, Map.of("cat", "exp"));
        db.vectors().delete("docs", "b");
        assertEquals("e1", db.vectors().search("docs", new float[] {0, 0, 0, 1}, 1).get(0).key());
        db.branches().use("default");
        assertTrue(db.vectors().get("docs", "e1").isEmpty(), "fork isolates the write");
        assertTrue(db.vectors().get("docs", "b").isPresent());
        assertFalse(keys(db.vectors().search("docs", new float[] {0, 0, 0, 1}, 10)).contains("e1"));

        BranchDiff diff = db.branches().diff("default", "exp");
        long vectorChanges = diff.entries().stream().filter(e -> e.primitive().equals("vector"))
                .mapToLong(e -> e.added().size() + e.removed().size()).sum();
        assertEquals(2, vectorChanges, diff.toString());

        BranchDiff.SpaceDiff vd = diff.entries().stream().filter(e -> e.primitive().equals("vector")).findFirst()
                .orElseThrow();
        assertEquals("docs/e1", vd.added().get(0).key(), "diff names vectors collection/key: " + vd);
        assertEquals("docs/b", vd.removed().get(0).key());
        Value added = vd.added().get(0).valueB();
        assertEquals(Value.object("cat", "exp"), ((Value.Obj) added).fields().get("metadata"), added.toString());

        MergeResult r = db.branches().merge("exp", MergeStrategy.LAST_WRITER_WINS);
        assertTrue(r.applied(), r.toString());
        assertTrue(db.vectors().get("docs", "e1").isPresent(), "merge brings the vector");
        assertTrue(db.vectors().get("docs", "b").isEmpty(), "merge propagates the delete");
        assertEquals("e1", db.vectors().search("docs", new float[] {0, 0, 0, 1}, 1).get(0).key());
    }

    @Test
    void conflictingVectorWritesFollowTheMergeStrategy() {
        fourDocs();
        db.branches().fork("src");
        db.branches().use("src");
        db.vectors().upsert("docs", "a", new float[] {0, 0, 0, 1}, Map.of("side", "source"));
        db.branches().use("default");
        db.vectors().upsert("docs", "a", new float[] {0, 0, 1, 0}, Map.of("side", "target"));
        MergeResult strict = db.branches().merge("src", MergeStrategy.STRICT);
        assertFalse(strict.applied());
        assertEquals("docs/a", strict.conflicts().get(0).key(), strict.toString());
        assertEquals(Value.of("target"), side(db.vectors().get("docs", "a").orElseThrow()));
        db.branches().merge("src", MergeStrategy.TARGET_WINS);
        assertEquals(Value.of("target"), side(db.vectors().get("docs", "a").orElseThrow()));
        db.branches().merge("src", MergeStrategy.LAST_WRITER_WINS);
        assertEquals(Value.of("source"), side(db.vectors().get("docs", "a").orElseThrow()));
        assertEquals("a", db.vectors().search("docs", new float[] {0, 0, 0, 1}, 1).get(0).key());
    }

    private static Value side(VectorEntry e) {
        return ((Value.Obj) e.metadata()).fields().get("side");
    }

    @Test
    void asOfReadsAndSnapshots() {
        fourDocs();
        long before = db.vectors().upsert("docs", "late", new float[] {0, 0, 0, 1});
        db.vectors().delete("docs", "a");
        Snapshot then = db.at(before - 1);
        assertTrue(then.vectors().get("docs", "late").isEmpty());
        assertTrue(then.vectors().get("docs", "a").isPresent());
        assertEquals(List.of("a", "d"), keys(then.vectors().search("docs", new float[] {1, 0, 0, 0}, 2)));
        assertEquals(4, then.vectors().stats("docs").count());
        assertEquals("late", db.vectors().search("docs", new float[] {0, 0, 0, 1}, 1,
                List.of(), AsOf.version(before)).get(0).key());
        assertFalse(keys(db.vectors().search("docs", new float[] {1, 0, 0, 0}, 10)).contains("a"));
        assertThrows(AccessDeniedException.class, () -> then.vectors().upsert("docs", "x", new float[] {1, 0, 0, 0}));
        assertTrue(db.vectors().list(AsOf.version(0)).isEmpty());
    }

    @Test
    void spacesSeparateCollections() {
        fourDocs();
        db.spaces().create("other");
        db.spaces().use("other");
        assertTrue(db.vectors().list().isEmpty());
        db.vectors().create("docs", 2, DistanceMetric.EUCLIDEAN);
        db.vectors().upsert("docs", "o", new float[] {1, 1});
        db.spaces().use("default");
        assertEquals(4, db.vectors().stats("docs").dimension());
        assertThrows(ConstraintException.class, () -> db.spaces().delete("other"), "a space with vectors is not empty");
        db.spaces().delete("other", true);
        db.spaces().create("other");
        db.spaces().use("other");
        assertTrue(db.vectors().list().isEmpty(), "force delete removed the collection");
    }
}
