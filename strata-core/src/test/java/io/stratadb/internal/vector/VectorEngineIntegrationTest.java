package io.stratadb.internal.vector;

import io.stratadb.BranchDiff;
import io.stratadb.DistanceMetric;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.Value;
import io.stratadb.VectorMatch;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.engine.AsOf;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.EngineTxn;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vectors inside engine transactions, time travel, diff and three-way merge (the wiring the facade uses). */
class VectorEngineIntegrationTest {
    private static final String B = "default";
    private final Storage storage = Storage.open(StorageOptions.inMemory());
    private final Engine engine = new Engine(storage);
    private final VectorStore store = new VectorStore(storage);

    VectorEngineIntegrationTest() {
        engine.registerMergeKeyspace(Keyspaces.VECTOR, "vector");
    }

    @AfterEach
    void close() {
        store.close();
        storage.close();
    }

    private static List<String> keys(List<VectorMatch> ms) {
        List<String> out = new ArrayList<>();
        ms.forEach(m -> out.add(m.key()));
        return out;
    }

    private List<String> search(String branch, String space, float[] q) {
        return keys(store.search(engine.at(branch, AsOf.latest()).readView(), space, "c", VectorQuery.of(q, 10)));
    }

    @Test
    void vectorsJoinEngineTransactions() {
        engine.transaction(B, 3, t -> {
            t.registerSpace("agents");
            store.createCollection(t.storageTxn(), "agents", "c", 2, DistanceMetric.EUCLIDEAN);
            return null;
        });
        try (EngineTxn t = engine.begin(B, false)) {
            t.kv("agents").put("note", Value.of("hello"));
            t.registerSpace("agents");
            store.upsert(t.storageTxn(), "agents", "c", "v1", new float[]{1, 0}, Value.object("a", 1L));
            assertEquals(List.of("v1"), keys(store.search(t.storageTxn(), "agents", "c",
                    VectorQuery.of(new float[]{1, 0}, 5))), "read-your-writes");
            t.rollback();
        }
        assertTrue(search(B, "agents", new float[]{1, 0}).isEmpty(), "rollback undoes the vector write");
        assertTrue(engine.kv(B, "agents").get("note").isEmpty(), "and the KV write");
        long v = engine.transaction(B, 3, t -> {
            t.kv("agents").put("note", Value.of("hello"));
            store.upsert(t.storageTxn(), "agents", "c", "v1", new float[]{1, 0}, null);
            store.upsert(t.storageTxn(), "agents", "c", "v2", new float[]{0, 1}, null);
            return t;
        }).commitVersion();
        assertEquals(List.of("v1", "v2"), search(B, "agents", new float[]{1, 0}));
        assertEquals(Value.of("hello"), engine.kv(B, "agents").get("note").orElseThrow());
        store.delete(B, "agents", "c", "v1");
        assertEquals(List.of("v2"), search(B, "agents", new float[]{1, 0}));
        assertEquals(List.of("v1", "v2"), keys(store.search(engine.at(B, AsOf.version(v)).readView(), "agents", "c",
                VectorQuery.of(new float[]{1, 0}, 10))), "time travel through the engine's view");
    }

    @Test
    void forkDiffAndThreeWayMerge() {
        store.createCollection(B, "default", "c", 2, DistanceMetric.COSINE);
        store.upsert(B, "default", "c", "base", new float[]{1, 1}, null);
        store.upsert(B, "default", "c", "gone", new float[]{1, 2}, null);
        search(B, "default", new float[]{1, 1}); // the parent has an index the child will start from
        engine.branches().fork(B, "exp");
        store.upsert("exp", "default", "c", "new", new float[]{1, 0.9f}, Value.object("from", "exp"));
        store.delete("exp", "default", "c", "gone");
        assertEquals(List.of("base", "gone"), search(B, "default", new float[]{1, 1}));

        BranchDiff diff = engine.branches().diff(B, "exp");
        assertEquals(1, diff.summary().totalAdded());
        assertEquals(1, diff.summary().totalRemoved());
        BranchDiff.SpaceDiff d = diff.entries().get(0);
        assertEquals("vector", d.primitive());
        assertEquals("c/new", VectorEntities.name(d.added().get(0).key().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));

        MergeResult r = engine.branches().merge("exp", B, MergeStrategy.STRICT, false);
        assertTrue(r.applied(), r.toString());
        List<String> merged = search(B, "default", new float[]{1, 1});
        assertEquals(List.of("base", "new"), merged, "the merge commit reaches the target's index");
        assertFalse(merged.contains("gone"), "deletions propagate");
        assertEquals(Value.object("from", "exp"), store.get(B, "default", "c", "new").orElseThrow().metadata());
        assertEquals(2, store.stats(B, "default", "c").count());
    }

    @Test
    void diffValuesArePresentable() {
        byte[] key = VectorKeys.row("default", "c", "k").userKey();
        Value v = VectorEntities.value(key, new VectorRow(new float[]{1.5f, 2}, Value.object("m", 1L)).encode());
        assertEquals(Value.object("vector", List.of(1.5, 2.0), "metadata", Value.object("m", 1L)), v);
        assertEquals("c/k", VectorEntities.name(key));
        assertEquals("c", VectorEntities.name(VectorKeys.config("default", "c").userKey()));
    }
}
