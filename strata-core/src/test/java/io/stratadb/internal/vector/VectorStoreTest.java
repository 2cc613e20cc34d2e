package io.stratadb.internal.vector;

import io.stratadb.CollectionInfo;
import io.stratadb.ConstraintException;
import io.stratadb.DistanceMetric;
import io.stratadb.NotFoundException;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.VectorEntry;
import io.stratadb.VectorFilter;
import io.stratadb.VectorMatch;
import io.stratadb.storage.Storage;
import io.stratadb.storage.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorStoreTest {
    static final String B = Storage.DEFAULT_BRANCH;
    static final String S = "default";

    private final Storage storage = Storage.open(io.stratadb.storage.StorageOptions.inMemory());
    private final long seed = TestData.seed();
    private final Random rnd = new Random(seed);
    private VectorStore store = new VectorStore(storage, VectorStoreOptions.defaults().withFreshLimit(500));

    @AfterEach
    void close() {
        store.close();
        storage.close();
    }

    private List<VectorEntry> load(String coll, float[][] vs, int from) {
        List<VectorEntry> entries = new ArrayList<>();
        for (int i = 0; i < vs.length; i++) {
            entries.add(new VectorEntry("k" + (from + i), vs[i],
                    Value.object("i", (long) (from + i), "mod", (long) ((from + i) % 10), "tag",
                            (from + i) % 2 == 0 ? "even" : "odd", "tags", List.of("t" + ((from + i) % 3)))));
        }
        for (int i = 0; i < entries.size(); i += 1000) {
            store.batchUpsert(B, S, coll, entries.subList(i, Math.min(entries.size(), i + 1000)));
        }
        return entries;
    }

    private static List<String> keys(List<VectorMatch> ms) {
        List<String> out = new ArrayList<>();
        for (VectorMatch m : ms) {
            out.add(m.key());
        }
        return out;
    }

    private static double recall(List<VectorMatch> truth, List<VectorMatch> found) {
        Set<String> t = new HashSet<>(keys(truth));
        int hit = 0;
        for (VectorMatch m : found) {
            if (t.contains(m.key())) {
                hit++;
            }
        }
        return truth.isEmpty() ? 1 : hit / (double) truth.size();
    }

    /** Every hit's score equals the exact score of that key, results sorted, filter respected. */
    private void assertExactScores(String coll, List<VectorMatch> found, float[] q, DistanceMetric metric,
                                   java.util.function.Predicate<VectorMatch> filter) {
        for (int i = 0; i < found.size(); i++) {
            VectorMatch m = found.get(i);
            VectorEntry e = store.get(B, S, coll, m.key()).orElseThrow(() -> new AssertionError(
                    "returned key " + m.key() + " does not exist, seed " + seed));
            assertEquals(TestData.referenceScore(e.vector(), q, metric), m.score(), 1e-4,
                    "score of " + m.key() + ", seed " + seed);
            assertTrue(filter.test(m), "hit " + m + " violates the filter, seed " + seed);
            if (i > 0) {
                assertTrue(found.get(i - 1).score() >= m.score(), "not sorted, seed " + seed);
            }
        }
    }

    @Test
    void collectionsLifecycle() {
        store.createCollection(B, S, "docs", 3, DistanceMetric.COSINE);
        store.createCollection(B, S, "a.b-c_1", 2, DistanceMetric.EUCLIDEAN);
        assertThrows(ConstraintException.class, () -> store.createCollection(B, S, "docs", 3, DistanceMetric.COSINE));
        List<CollectionInfo> list = store.listCollections(B, S);
        assertEquals(List.of("a.b-c_1", "docs"), list.stream().map(CollectionInfo::name).toList());
        store.upsert(B, S, "docs", "x", new float[]{1, 2, 3}, Value.object("t", "a"));
        CollectionInfo info = store.stats(B, S, "docs");
        assertEquals(1, info.count());
        assertEquals(3, info.dimension());
        assertEquals(DistanceMetric.COSINE, info.metric());
        assertTrue(store.deleteCollection(B, S, "docs"));
        assertFalse(store.deleteCollection(B, S, "docs"));
        assertThrows(NotFoundException.class, () -> store.stats(B, S, "docs"));
        assertThrows(NotFoundException.class, () -> store.get(B, S, "docs", "x"));
        // re-created collection starts empty, with its new config
        store.createCollection(B, S, "docs", 4, DistanceMetric.DOT_PRODUCT);
        assertEquals(0, store.stats(B, S, "docs").count());
        assertTrue(store.search(B, S, "docs", VectorQuery.of(new float[]{1, 0, 0, 0}, 5)).isEmpty());
        assertEquals(List.of("a.b-c_1", "docs"), store.listCollections(B, S).stream().map(CollectionInfo::name)
                .toList());
        assertTrue(store.listCollections(B, "other").isEmpty());
    }

    @Test
    void badInputGetsTypedErrors() {
        store.createCollection(B, S, "c", 4, DistanceMetric.COSINE);
        assertThrows(ValidationException.class, () -> store.createCollection(B, S, "bad name", 4,
                DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> store.createCollection(B, S, "", 4, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> store.createCollection(B, S, "z", 0, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> store.createCollection(B, S, "z", 8193, DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> store.createCollection(B, S, "z", 4, null));
        store.createCollection(B, S, "max", 8192, DistanceMetric.EUCLIDEAN);
        assertThrows(ConstraintException.class, () -> store.upsert(B, S, "c", "k", new float[3], null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", "k", new float[]{1, Float.NaN, 0, 0},
                null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", "k",
                new float[]{1, Float.POSITIVE_INFINITY, 0, 0}, null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", "k", new float[4], null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", "", new float[]{1, 0, 0, 0}, null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", null, new float[]{1, 0, 0, 0}, null));
        assertThrows(ValidationException.class, () -> store.upsert(B, S, "c", "x".repeat(600),
                new float[]{1, 0, 0, 0}, null));
        assertThrows(NotFoundException.class, () -> store.upsert(B, S, "nope", "k", new float[]{1, 0, 0, 0}, null));
        assertThrows(ValidationException.class, () -> store.batchUpsert(B, S, "c", List.of()));
        // one bad entry rejects the whole batch
        assertThrows(ConstraintException.class, () -> store.batchUpsert(B, S, "c", List.of(
                new VectorEntry("ok", new float[]{1, 0, 0, 0}, null), new VectorEntry("bad", new float[2], null))));
        assertTrue(store.get(B, S, "c", "ok").isEmpty());
        assertThrows(ConstraintException.class, () -> store.search(B, S, "c", VectorQuery.of(new float[5], 1)));
        assertThrows(ValidationException.class, () -> store.search(B, S, "c", VectorQuery.of(new float[]{1, 0, 0, 0},
                0)));
        assertThrows(ValidationException.class, () -> store.search(B, S, "c", VectorQuery.of(
                new float[]{Float.NaN, 0, 0, 0}, 1)));
        assertThrows(NotFoundException.class, () -> store.search(B, S, "nope", VectorQuery.of(new float[4], 1)));
        assertThrows(ValidationException.class, () -> VectorFilter.of("f", "like", "x"));
        assertThrows(ValidationException.class, () -> VectorFilter.in("f", "notalist"));
        assertThrows(ValidationException.class, () -> VectorFilter.gt("f", true));
        assertThrows(ValidationException.class, () -> VectorFilter.eq("", 1));
        assertThrows(ValidationException.class, () -> DistanceMetric.parse("manhattan"));
        assertThrows(ValidationException.class, () -> store.createCollection(B, "Bad Space", "z", 4,
                DistanceMetric.COSINE));
        assertThrows(ValidationException.class, () -> store.listCollections(B, "_system"));
        assertEquals(DistanceMetric.DOT_PRODUCT, DistanceMetric.parse("dot_product"));
    }

    @Test
    void upsertGetUpdateDelete() {
        store.createCollection(B, S, "c", 3, DistanceMetric.EUCLIDEAN);
        long v1 = store.upsert(B, S, "c", "a", new float[]{1, 2, 3}, Value.object("n", 1L));
        VectorEntry e = store.get(B, S, "c", "a").orElseThrow();
        assertEquals(Value.object("n", 1L), e.metadata());
        assertEquals(v1, e.version());
        assertEquals(3, e.dimension());
        store.upsert(B, S, "c", "a", new float[]{4, 5, 6}, null);
        e = store.get(B, S, "c", "a").orElseThrow();
        assertEquals(4f, e.vector()[0]);
        assertTrue(e.metadata().isNull());
        assertTrue(store.delete(B, S, "c", "a"));
        assertFalse(store.delete(B, S, "c", "a"));
        assertTrue(store.get(B, S, "c", "a").isEmpty());
        assertTrue(store.get(storage.asOf(B, v1), S, "c", "a").isPresent(), "as-of read sees the old row");
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void exactSearchMatchesNaiveReference(DistanceMetric metric) {
        store.createCollection(B, S, "c", 24, metric);
        float[][] base = TestData.clustered(rnd, 600, 24, 6);
        load("c", base, 0);
        for (int t = 0; t < 20; t++) {
            float[] q = TestData.gaussian(rnd, 24);
            List<VectorMatch> got = store.searchExact(storage.snapshot(B), S, "c", VectorQuery.of(q, 10));
            int[] truth = TestData.exactTopK(base, q, 10, metric);
            List<String> want = new ArrayList<>();
            for (int id : truth) {
                want.add("k" + id);
            }
            assertEquals(want, keys(got), metric + " seed " + seed);
            assertExactScores("c", got, q, metric, m -> true);
            // the indexed path at a high ef agrees on this small set
            List<VectorMatch> indexed = store.search(B, S, "c", VectorQuery.of(q, 10).withEf(300));
            assertTrue(recall(got, indexed) >= 0.9, metric + " indexed recall " + recall(got, indexed) + " seed "
                    + seed);
        }
    }

    @Test
    void indexedSearchRecallAndExactRerank() {
        store.createCollection(B, S, "c", 48, DistanceMetric.COSINE);
        float[][] base = TestData.lowRank(rnd, 4000, 48, 10);
        load("c", base, 0);
        double sum = 0;
        for (int t = 0; t < 50; t++) {
            float[] q = TestData.lowRank(rnd, 1, 48, 10)[0];
            List<VectorMatch> exact = store.searchExact(storage.snapshot(B), S, "c", VectorQuery.of(q, 10));
            List<VectorMatch> got = store.search(B, S, "c", VectorQuery.of(q, 10));
            assertEquals(10, got.size());
            assertExactScores("c", got, q, DistanceMetric.COSINE, m -> true);
            sum += recall(exact, got);
        }
        assertTrue(sum / 50 >= 0.95, "recall@10 " + sum / 50 + " seed " + seed);
        assertEquals(50, store.searchPaths()[0], "every search answered by the index");
        CollectionInfo info = store.stats(B, S, "c");
        assertEquals(4000, info.count());
        assertEquals("hnsw", info.indexType());
        assertTrue(info.memoryBytes() > 4000L * 48 * 4, "memory " + info.memoryBytes());
    }

    @Test
    void deletesAndUpdatesAreNeverMissedOrStale() {
        store.createCollection(B, S, "c", 16, DistanceMetric.EUCLIDEAN);
        float[][] base = TestData.clustered(rnd, 2000, 16, 10);
        load("c", base, 0);
        store.search(B, S, "c", VectorQuery.of(base[0], 1)); // builds the index
        store.settleIndexes();
        for (int i = 0; i < 2000; i += 3) {
            store.delete(B, S, "c", "k" + i);
        }
        for (int i = 1; i < 2000; i += 7) {
            store.upsert(B, S, "c", "k" + i, TestData.gaussian(rnd, 16), Value.object("updated", true));
        }
        for (int round = 0; round < 2; round++) {
            double sum = 0;
            for (int t = 0; t < 30; t++) {
                float[] q = t % 2 == 0 ? TestData.gaussian(rnd, 16) : base[rnd.nextInt(2000)];
                List<VectorMatch> got = store.search(B, S, "c", VectorQuery.of(q, 10).withEf(200));
                List<VectorMatch> exact = store.searchExact(storage.snapshot(B), S, "c", VectorQuery.of(q, 10));
                for (VectorMatch m : got) {
                    int i = Integer.parseInt(m.key().substring(1));
                    assertTrue(i % 3 != 0 || i % 7 == 1, "deleted row " + m.key() + " returned, seed " + seed);
                }
                assertExactScores("c", got, q, DistanceMetric.EUCLIDEAN, m -> true);
                sum += recall(exact, got);
            }
            assertTrue(sum / 30 >= 0.95, "round " + round + " recall " + sum / 30 + " seed " + seed);
            store.settleIndexes(); // second round: the same through the graph instead of the fresh set
        }
    }

    @Test
    void filtersIncludingVerySelectiveOnes() {
        store.createCollection(B, S, "c", 16, DistanceMetric.DOT_PRODUCT);
        float[][] base = TestData.clustered(rnd, 3000, 16, 10);
        load("c", base, 0);
        store.upsert(B, S, "c", "rare1", TestData.gaussian(rnd, 16), Value.object("rare", "yes", "i", -1L));
        store.upsert(B, S, "c", "rare2", TestData.gaussian(rnd, 16), Value.object("rare", "yes", "i", -2L));
        store.search(B, S, "c", VectorQuery.of(base[0], 1));
        store.settleIndexes();
        List<List<VectorFilter>> cases = List.of(
                List.of(VectorFilter.eq("tag", "even")),
                List.of(VectorFilter.ne("tag", "even")),
                List.of(VectorFilter.gt("i", 2500)),
                List.of(VectorFilter.gte("i", 2990L), VectorFilter.lt("i", 2995.5)),
                List.of(VectorFilter.lte("i", 4)),
                List.of(VectorFilter.in("mod", List.of(1L, 3L))),
                List.of(VectorFilter.contains("tags", "t2")),
                List.of(VectorFilter.contains("tag", "ve")),
                List.of(VectorFilter.eq("rare", "yes")),
                List.of(VectorFilter.eq("i", 1234L)),
                List.of(VectorFilter.eq("i", 1234.0)), // Int 1234 is not Float 1234.0
                List.of(VectorFilter.eq("missing", 1)));
        for (List<VectorFilter> f : cases) {
            var eval = io.stratadb.internal.vector.filter.FilterEvaluator.of(f);
            for (int t = 0; t < 5; t++) {
                float[] q = TestData.gaussian(rnd, 16);
                VectorQuery query = VectorQuery.of(q, 10).withFilters(f);
                List<VectorMatch> exact = store.searchExact(storage.snapshot(B), S, "c", query);
                List<VectorMatch> got = store.search(B, S, "c", query);
                assertEquals(exact.size(), got.size(), f + ": hit count, seed " + seed);
                assertExactScores("c", got, q, DistanceMetric.DOT_PRODUCT, m -> eval.matches(m.metadata()));
                assertTrue(recall(exact, got) >= 0.8, f + ": recall " + recall(exact, got) + " seed " + seed);
            }
        }
        assertEquals(2, store.search(B, S, "c", VectorQuery.of(base[0], 10)
                .withFilters(List.of(VectorFilter.eq("rare", "yes")))).size());
        assertEquals(0, store.search(B, S, "c", VectorQuery.of(base[0], 10)
                .withFilters(List.of(VectorFilter.eq("i", 1234.0)))).size());
        // a filter keeping 8% of the rows goes through the graph with a predicate and still fills k
        VectorStore narrow = new VectorStore(storage, VectorStoreOptions.defaults().withExactFilterRows(10));
        try {
            List<VectorFilter> f = List.of(VectorFilter.in("i", java.util.stream.LongStream.range(0, 240).boxed()
                    .toList()));
            for (int t = 0; t < 10; t++) {
                float[] q = TestData.gaussian(rnd, 16);
                List<VectorMatch> got = narrow.search(B, S, "c", VectorQuery.of(q, 20).withFilters(f));
                assertEquals(20, got.size(), "seed " + seed);
                for (VectorMatch m : got) {
                    assertTrue(((Value.Obj) m.metadata()).get("i").asLong() < 240);
                }
            }
        } finally {
            narrow.close();
        }
    }

    @Test
    void branchIsolation() {
        store.createCollection(B, S, "c", 8, DistanceMetric.EUCLIDEAN);
        float[][] base = TestData.clustered(rnd, 1000, 8, 5);
        load("c", base, 0);
        float[] q = base[17];
        List<VectorMatch> before = store.search(B, S, "c", VectorQuery.of(q, 5).withEf(200));
        assertEquals("k17", before.get(0).key());
        storage.fork(B, "child");
        long[] before0 = store.indexBuildsAndLoads();
        assertEquals(before, store.search("child", S, "c", VectorQuery.of(q, 5).withEf(200)), "child = parent");
        long[] after0 = store.indexBuildsAndLoads();
        assertEquals(before0[0], after0[0], "the fork reuses the parent's graph instead of building one");
        assertEquals(before0[1] + 1, after0[1]);
        store.delete("child", S, "c", "k17");
        store.upsert("child", S, "c", "only-child", q, Value.object("child", true));
        store.createCollection("child", S, "child-coll", 2, DistanceMetric.COSINE);
        List<VectorMatch> child = store.search("child", S, "c", VectorQuery.of(q, 5).withEf(200));
        assertEquals("only-child", child.get(0).key());
        assertFalse(keys(child).contains("k17"));
        assertEquals(before, store.search(B, S, "c", VectorQuery.of(q, 5).withEf(200)), "parent unaffected");
        assertTrue(store.get(B, S, "c", "only-child").isEmpty());
        assertThrows(NotFoundException.class, () -> store.stats(B, S, "child-coll"));
        // parent writes after the fork stay out of the child
        store.upsert(B, S, "c", "only-parent", q, null);
        assertFalse(keys(store.search("child", S, "c", VectorQuery.of(q, 5))).contains("only-parent"));
        assertEquals(1000, store.stats("child", S, "c").count());
        assertEquals(1001, store.stats(B, S, "c").count());
        // a re-created branch of the same name never sees the old branch's index
        storage.deleteBranch("child");
        storage.createBranch("child");
        assertThrows(NotFoundException.class, () -> store.search("child", S, "c", VectorQuery.of(q, 5)));
    }

    @Test
    void rowsThatDoNotFitTheConfigAreIgnoredBySearch() {
        store.createCollection(B, S, "c", 2, DistanceMetric.EUCLIDEAN);
        store.upsert(B, S, "c", "good", new float[]{1, 1}, null);
        // what a merge of two conflicting collection definitions could leave behind
        storage.commit(B, new io.stratadb.storage.WriteBatch().put(VectorKeys.row(S, "c", "odd"),
                new VectorRow(new float[]{1, 1, 1}, Value.nullValue()).encode()));
        assertEquals(List.of("good"), keys(store.search(B, S, "c", VectorQuery.of(new float[]{1, 1}, 5))));
        assertEquals(List.of("good"), keys(store.searchExact(storage.snapshot(B), S, "c",
                VectorQuery.of(new float[]{1, 1}, 5))));
        assertEquals(3, store.get(B, S, "c", "odd").orElseThrow().dimension());
    }

    @Test
    void asOfSearchSeesThePast() {
        store.createCollection(B, S, "c", 8, DistanceMetric.COSINE);
        float[][] base = TestData.clustered(rnd, 800, 8, 5);
        load("c", base, 0);
        long v1 = storage.latestVersion();
        float[] q = base[5];
        List<VectorMatch> then = store.search(B, S, "c", VectorQuery.of(q, 5).withEf(200));
        store.delete(B, S, "c", "k5");
        store.upsert(B, S, "c", "new", q, null);
        List<VectorMatch> past = store.searchAsOf(B, v1, S, "c", VectorQuery.of(q, 5));
        assertEquals(keys(then), keys(past));
        assertEquals(store.searchExact(storage.asOf(B, v1), S, "c", VectorQuery.of(q, 5)), past);
        List<VectorMatch> now = store.search(B, S, "c", VectorQuery.of(q, 5));
        assertEquals("new", now.get(0).key());
        assertFalse(keys(now).contains("k5"));
        // an as-of search of an older incarnation of the collection scans, and keeps the current index
        store.deleteCollection(B, S, "c");
        store.createCollection(B, S, "c", 8, DistanceMetric.COSINE);
        store.upsert(B, S, "c", "reborn", q, null);
        assertEquals(List.of("reborn"), keys(store.search(B, S, "c", VectorQuery.of(q, 5))));
        long builds = store.indexBuildsAndLoads()[0];
        assertEquals(keys(then), keys(store.searchAsOf(B, v1, S, "c", VectorQuery.of(q, 5))));
        assertEquals(List.of("reborn"), keys(store.search(B, S, "c", VectorQuery.of(q, 5))));
        assertEquals(builds, store.indexBuildsAndLoads()[0], "no rebuild for the past");
        assertThrows(ValidationException.class, () -> store.searchAsOf(B, storage.latestVersion() + 5, S, "c",
                VectorQuery.of(q, 5)));
        assertThrows(NotFoundException.class, () -> store.searchAsOf(B, 0, S, "c", VectorQuery.of(q, 5)));
    }

    @Test
    void transactionsAreAtomicWithReadYourWrites() {
        store.createCollection(B, S, "c", 4, DistanceMetric.EUCLIDEAN);
        store.upsert(B, S, "c", "a", new float[]{0, 0, 0, 0}, null);
        try (Transaction t = storage.begin(B)) {
            store.upsert(t, S, "c", "b", new float[]{1, 1, 1, 1}, null);
            store.delete(t, S, "c", "a");
            assertEquals(List.of("b"), keys(store.search(t, S, "c", VectorQuery.of(new float[4], 5))));
            assertEquals(List.of("a"), keys(store.search(B, S, "c", VectorQuery.of(new float[4], 5))));
            t.rollback();
        }
        assertEquals(List.of("a"), keys(store.search(B, S, "c", VectorQuery.of(new float[4], 5))));
        try (Transaction t = storage.begin(B)) {
            store.upsert(t, S, "c", "b", new float[]{1, 1, 1, 1}, null);
            t.commit();
        }
        assertEquals(List.of("a", "b"), keys(store.search(B, S, "c", VectorQuery.of(new float[4], 5))));
        // a concurrent collection delete conflicts with a transaction writing into it
        Transaction t = storage.begin(B);
        store.upsert(t, S, "c", "z", new float[]{2, 2, 2, 2}, null);
        store.deleteCollection(B, S, "c");
        assertThrows(io.stratadb.storage.CommitConflictException.class, t::commit);
    }

    @Test
    void reopenLoadsThePersistedIndexAndRebuildsWhenMissingOrCorrupt(@org.junit.jupiter.api.io.TempDir
                                                                        java.nio.file.Path dir) throws Exception {
        store.close();
        VectorStoreOptions opts = VectorStoreOptions.defaults().withIndexDir(dir).withFreshLimit(300);
        store = new VectorStore(storage, opts);
        store.createCollection(B, S, "c", 12, DistanceMetric.EUCLIDEAN);
        float[][] all = TestData.lowRank(rnd, 1520, 12, 6);
        float[][] base = java.util.Arrays.copyOf(all, 1500);
        load("c", base, 0);
        float[][] queries = java.util.Arrays.copyOfRange(all, 1500, 1520);
        store.search(B, S, "c", VectorQuery.of(queries[0], 10));
        store.close(); // persists
        // changes after the file was written must be picked up on load
        VectorStore writer = new VectorStore(storage, VectorStoreOptions.defaults());
        writer.delete(B, S, "c", "k3");
        writer.upsert(B, S, "c", "late", queries[1], null);
        writer.close();
        List<List<VectorMatch>> expected = new ArrayList<>();
        for (float[] q : queries) {
            expected.add(store.searchExact(storage.snapshot(B), S, "c", VectorQuery.of(q, 10)));
        }
        java.nio.file.Path file;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
            file = files.filter(p -> p.toString().endsWith(".svi")).findFirst().orElseThrow();
        }
        byte[] good = java.nio.file.Files.readAllBytes(file);
        for (String mode : List.of("load", "corrupt", "truncated", "missing")) {
            if (mode.equals("corrupt")) {
                byte[] bad = good.clone();
                bad[bad.length / 2] ^= 0x5a;
                java.nio.file.Files.write(file, bad);
            } else if (mode.equals("truncated")) {
                java.nio.file.Files.write(file, java.util.Arrays.copyOf(good, good.length / 3));
            } else if (mode.equals("missing")) {
                java.nio.file.Files.deleteIfExists(file);
            } else {
                java.nio.file.Files.write(file, good);
            }
            VectorStore reopened = new VectorStore(storage, opts);
            try {
                double sum = 0;
                for (int i = 0; i < queries.length; i++) {
                    List<VectorMatch> got = reopened.search(B, S, "c", VectorQuery.of(queries[i], 10).withEf(300));
                    assertEquals(10, got.size());
                    for (VectorMatch m : got) {
                        assertTrue(!m.key().equals("k3"), "deleted row returned after " + mode + ", seed " + seed);
                    }
                    sum += recall(expected.get(i), got);
                }
                // a file only proposes candidates: results are exact rows, recall as good as a fresh build
                assertTrue(sum / queries.length >= 0.95, mode + ": recall " + sum / queries.length + " seed " + seed);
                long[] bl = reopened.indexBuildsAndLoads();
                assertEquals(mode.equals("load") ? 0 : 1, bl[0], mode + ": builds");
                assertEquals(mode.equals("load") ? 1 : 0, bl[1], mode + ": loads");
                reopened.dropIndexes();
            } finally {
                reopened.close();
            }
            good = java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllBytes(file) : good;
        }
    }

    @Test
    void concurrentWritersAndSearchers() throws Exception {
        store.close();
        store = new VectorStore(storage, VectorStoreOptions.defaults().withFreshLimit(64));
        store.createCollection(B, S, "c", 8, DistanceMetric.EUCLIDEAN);
        load("c", TestData.clustered(rnd, 500, 8, 4), 0);
        store.search(B, S, "c", VectorQuery.of(new float[8], 1));
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            Random r = new Random(seed + 1);
            try {
                for (int i = 0; i < 400; i++) {
                    store.upsert(B, S, "c", "w" + (i % 150), TestData.gaussian(r, 8), null);
                    if (i % 5 == 0) {
                        store.delete(B, S, "c", "k" + i);
                    }
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
        writer.start();
        Random r = new Random(seed + 2);
        while (writer.isAlive()) {
            var view = storage.snapshot(B);
            float[] q = TestData.gaussian(r, 8);
            List<VectorMatch> got = store.search(view, S, "c", VectorQuery.of(q, 5).withEf(500));
            List<VectorMatch> exact = store.searchExact(view, S, "c", VectorQuery.of(q, 5));
            assertEquals(5, got.size());
            for (VectorMatch m : got) {
                assertTrue(view.get(VectorKeys.row(S, "c", m.key())).isPresent(), "invisible row " + m.key());
            }
            assertTrue(recall(exact, got) >= 0.6, "recall " + recall(exact, got) + " seed " + seed);
        }
        writer.join();
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
