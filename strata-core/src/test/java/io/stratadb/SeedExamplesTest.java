package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every code example of the seed documents ({@code shared/seeds/}), translated to Java. Seeds 000 and 002
 * are the Python README (same examples), 001 the Python SDK reference, 003 the Rust README; 004 (the
 * web page) has no code. Examples that need hybrid search or auto-embedding are written out and
 * disabled until those features are built. Where the Java API deliberately differs (a missing key
 * is an empty result, not NotFoundError), the test shows the Java form; docs/parity.md lists every case.
 */
class SeedExamplesTest {
    @TempDir
    Path dir;

    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    /** Opens a durable directory database. */
    private Strata openDir(Path path) {
        return Strata.open(path);
    }

    @Test
    @DisplayName("000/002 README Quick Start: KV, branch isolation, spaces")
    void readmeQuickStart() {
        try (Strata db = openDir(dir.resolve("data"))) {
            db.kv().put("user:123", "Alice");
            assertEquals(Value.of("Alice"), db.kv().get("user:123").orElseThrow()); // print -> "Alice"
            db.branches().create("experiment");
            db.branches().use("experiment");
            assertEquals(Optional.empty(), db.kv().get("user:123")); // None - isolated
            db.spaces().use("conversations");
            db.kv().put("msg_001", "hello");
            assertEquals(Value.of("hello"), db.kv().get("msg_001").orElseThrow());
        }
        try (Strata mem = Strata.cache()) { // "or use Strata.cache() for in-memory"
            assertTrue(mem.kv().list().isEmpty());
        }
    }

    @Test
    @DisplayName("000/001/002 Transactions: context manager, read-only, manual")
    void readmeTransactions() {
        db.transaction(tx -> { // with db.transaction(): auto-commit on success
            tx.kv().put("key1", "value1");
            tx.kv().put("key2", "value2");
        });
        db.transaction(TxOptions.READ_ONLY, tx -> { // with db.transaction(read_only=True)
            Value value = tx.kv().get("key1").orElseThrow();
            assertEquals(Value.of("value1"), value);
        });
        db.begin(); // manual control
        db.kv().put("a", 1);
        db.commit(); // or db.rollback()
        assertEquals(Value.of(1L), db.kv().get("a").orElseThrow());
        assertThrows(IllegalStateException.class, () -> db.transaction(tx -> { // auto-rollback on exception
            tx.kv().put("key1", "changed");
            throw new IllegalStateException("fail");
        }));
        assertEquals(Value.of("value1"), db.kv().get("key1").orElseThrow());
    }

    @Test
    @Disabled("hybrid search is not built yet (no open issue covers it)")
    @DisplayName("000/002 Hybrid search across primitives")
    void readmeSearch() {
        // results = db.search("weather forecast", k=10); for hit: print(hit.primitive, hit.entity, hit.score)
        // results = db.search("config", primitives=["kv", "json"])
        // Java (future): db.search("weather forecast", 10, List.of()) / db.search("config", 10, List.of("kv", "json"))
    }

    @Test
    @DisplayName("000/002 Vector search with metadata filters (NumPy arrays are float[] in Java)")
    void readmeVectors() {
        // db.vector_create_collection("embeddings", 384, metric="cosine")
        db.vectors().create("embeddings", 384, DistanceMetric.COSINE);
        // embedding = np.random.rand(384).astype(np.float32)
        float[] embedding = randomVector(384, 1);
        // db.vector_upsert("embeddings", "doc-1", embedding, metadata={"title": "Hello"})
        db.vectors().upsert("embeddings", "doc-1", embedding, Map.of("title", "Hello"));
        db.vectors().upsert("embeddings", "doc-2", randomVector(384, 2), Map.of("category", "science"));
        // results = db.vector_search("embeddings", embedding, k=10); for match: print(match['key'], match['score'])
        List<VectorMatch> results = db.vectors().search("embeddings", embedding, 10);
        assertEquals(2, results.size());
        assertEquals("doc-1", results.get(0).key());
        assertEquals(1.0, results.get(0).score(), 1e-5);
        // db.vector_search_filtered("embeddings", q, k=10, metric="cosine",
        //     filter=[{"field": "category", "op": "eq", "value": "science"}])
        List<VectorMatch> filtered = db.vectors().search("embeddings", embedding, 10,
                List.of(VectorFilter.of("category", "eq", "science")));
        assertEquals(List.of("doc-2"), filtered.stream().map(VectorMatch::key).toList());
    }

    /** np.random.rand(n).astype(np.float32), seeded. */
    private static float[] randomVector(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    @DisplayName("000/002 Branch operations: fork, diff, merge")
    void readmeBranchOperations() {
        db.kv().put("a", 1);
        db.branches().fork("experiment"); // fork current branch (copies all data)
        db.branches().use("experiment");
        db.kv().put("b", 2);
        db.branches().use("default");
        BranchDiff diff = db.branches().diff("default", "experiment");
        assertEquals(1, diff.summary().totalAdded()); // print(f"Added: {diff['summary']['total_added']}")
        MergeResult result = db.branches().merge("experiment", MergeStrategy.LAST_WRITER_WINS);
        assertEquals(1, result.keysApplied()); // print(f"Keys applied: {result['keys_applied']}")
        assertEquals(Value.of(2L), db.kv().get("b").orElseThrow());
    }

    @Test
    @DisplayName("000/002 Event log: append, get, list, paginated")
    void readmeEventLog() {
        db.events().append("tool_call", Map.of("tool", "search", "query", "weather"));
        db.events().append("tool_call", Map.of("tool", "calculator", "expr", "2+2"));
        Event event = db.events().get(0).orElseThrow();
        assertEquals("search", event.payload().asMap().get("tool").asString());
        List<Event> toolCalls = db.events().list("tool_call");
        assertEquals(2, toolCalls.size());
        for (int i = 0; i < 8; i++) {
            db.events().append("tool_call", Map.of("i", i));
        }
        EventLog.EventPage page = db.events().listPaginated("tool_call", 10, 5L); // limit=10, after=5
        assertEquals(6L, page.events().get(0).sequence());
        assertEquals(4, page.events().size());
    }

    @Test
    @DisplayName("000/002 Compare-and-swap (version-based)")
    void readmeCas() {
        db.state().init("counter", 0);
        long version = db.state().set("counter", 1);
        OptionalLong newVersion = db.state().cas("counter", 2, version); // (cell, new_value, expected_version)
        assertTrue(newVersion.isPresent());
        OptionalLong again = db.state().cas("counter", 3, version); // stale version
        if (again.isEmpty()) {
            // print("CAS failed - version mismatch")
            assertEquals(Value.of(2L), db.state().get("counter").orElseThrow());
        } else {
            throw new AssertionError("a stale version must not match");
        }
    }

    @Test
    @DisplayName("000/002 Error handling: StrataError hierarchy")
    void readmeErrors() {
        // Python raises NotFoundError for kv_get("missing_key"); in Java reading a missing item is empty
        // (DESIGN: missing reads return empty); NotFound is for entities that must exist.
        assertEquals(Optional.empty(), db.kv().get("missing_key"));
        StrataException e = assertThrows(NotFoundException.class, () -> db.branches().use("missing_branch"));
        assertTrue(e instanceof StrataException); // except StrataError: catches every subclass
        for (Class<?> c : List.of(NotFoundException.class, ValidationException.class, ConflictException.class,
                StateException.class, ConstraintException.class, AccessDeniedException.class, IoException.class)) {
            assertTrue(StrataException.class.isAssignableFrom(c), c.getName());
        }
    }

    @Test
    @Disabled("auto-embedding (local MiniLM model) is not built yet (no open issue covers it)")
    @DisplayName("000 Auto-embedding: Strata.open(path, auto_embed=True), stratadb.setup()")
    void readmeAutoEmbed() {
        // db = Strata.open("/path/to/data", auto_embed=True); stratadb.setup()
        // Java (future): Strata.open(path, Options.defaults().withAutoEmbed(true)); Strata.setup()
    }

    @Test
    @DisplayName("001 SDK reference Quick Start (non-vector part)")
    void referenceQuickStart() {
        try (Strata db = openDir(dir.resolve("ref"))) {
            db.kv().put("greeting", "Hello, World!");
            assertEquals(Value.of("Hello, World!"), db.kv().get("greeting").orElseThrow());
            db.transaction(tx -> {
                tx.kv().put("a", 1);
                tx.kv().put("b", 2);
            });
            assertEquals(List.of("a", "b", "greeting"), db.kv().list());
        }
        // the vector part of this example is in referenceVectors
    }

    @Test
    @DisplayName("001 Opening a database: Strata.open(path), Strata.cache()")
    void referenceOpening() {
        try (Strata opened = openDir(dir.resolve("data")); Strata cache = Strata.cache()) {
            assertEquals("default", opened.branches().current());
            assertFalse(cache.info().persistent());
        }
    }

    @Test
    @DisplayName("001 KV example: complex values, get_versioned, list_paginated")
    void referenceKv() {
        db.kv().put("user:123", Map.of("name", "Alice", "age", 30));
        Versioned result = db.kv().getVersioned("user:123").orElseThrow();
        assertEquals("v" + result.version() + ": " + result.value(), "v" + result.version() + ": "
                + Value.of(Map.of("name", "Alice", "age", 30)));
        Page<String> page = db.kv().listPaginated("user:", 100, null);
        assertEquals(List.of("user:123"), page.items()); // for key in result["keys"]
    }

    @Test
    @DisplayName("001 State example: atomic counter")
    void referenceState() {
        db.state().init("counter", 0);
        Versioned current = db.state().getVersioned("counter").orElseThrow();
        // Python passes the value as `expected`; CAS compares versions, so Java passes the version
        OptionalLong r = db.state().cas("counter", current.value().asLong() + 1, current.version());
        if (r.isEmpty()) {
            throw new AssertionError("Concurrent modification!");
        }
        assertEquals(Value.of(1L), db.state().get("counter").orElseThrow());
    }

    @Test
    @DisplayName("001 Event example: append, list by type with limit")
    void referenceEvents() {
        long seq = db.events().append("user_action", Map.of("action", "click", "target", "button"));
        assertEquals(0, seq);
        for (Event event : db.events().list("user_action", 10, null)) {
            assertTrue(event.timestampMicros() > 0); // print(f"[{event['timestamp']}] {event['value']}")
            assertEquals("click", event.payload().asMap().get("action").asString());
        }
        assertEquals(1, db.events().count()); // event_len()
    }

    @Test
    @DisplayName("001 JSON example: set document, update nested path, read path")
    void referenceJson() {
        db.json().set("config", "$", Map.of("debug", true, "timeout", 30));
        db.json().set("config", "$.timeout", 60);
        Value timeout = db.json().get("config", "$.timeout").orElseThrow();
        assertEquals(Value.of(60L), timeout);
    }

    @Test
    @DisplayName("001 Quick Start vector part; vector store with NumPy and filters; vector method table")
    void referenceVectors() {
        // db.vector_create_collection("docs", 384)  (default metric: cosine)
        db.vectors().create("docs", 384);
        float[] embedding = randomVector(384, 3);
        // db.vector_upsert("docs", "doc-1", embedding); results = db.vector_search("docs", embedding, k=5)
        assertTrue(db.vectors().upsert("docs", "doc-1", embedding) > 0);
        assertEquals("doc-1", db.vectors().search("docs", embedding, 5).get(0).key());
        // db.vector_upsert("docs", "doc-1", embedding, {"title": "Hello"})
        db.vectors().upsert("docs", "doc-1", embedding, Map.of("title", "Hello", "category", "science"));
        db.vectors().upsert("docs", "doc-2", randomVector(384, 4), Map.of("category", "art"));
        // results = db.vector_search("docs", query_embedding, k=10,
        //     filters=[{"field": "category", "op": "eq", "value": "science"}])
        float[] queryEmbedding = randomVector(384, 5);
        assertEquals(List.of("doc-1"), db.vectors().search("docs", queryEmbedding, 10,
                List.of(VectorFilter.eq("category", "science"))).stream().map(VectorMatch::key).toList());
        // vector_get(coll, key) -> dict | None
        VectorEntry got = db.vectors().get("docs", "doc-1").orElseThrow();
        assertEquals(384, got.dimension());
        assertTrue(db.vectors().get("docs", "nope").isEmpty());
        // vector_list_collections(), vector_collection_stats(collection)
        assertEquals("docs", db.vectors().list().get(0).name());
        assertEquals(2, db.vectors().stats("docs").count());
        // vector_batch_upsert(coll, entries)
        db.vectors().batchUpsert("docs", List.of(new VectorEntry("doc-3", randomVector(384, 6), null),
                new VectorEntry("doc-4", randomVector(384, 7), Value.object("category", "science"))));
        assertEquals(4, db.vectors().stats("docs").count());
        // vector_delete(coll, key) -> bool; vector_delete_collection(name) -> bool
        assertTrue(db.vectors().delete("docs", "doc-3"));
        assertTrue(db.vectors().delete("docs"));
        assertTrue(db.vectors().list().isEmpty());
    }

    @Test
    @Disabled("search is not built yet (no open issue covers it)")
    @DisplayName("001 search(query, k, primitives)")
    void referenceSearch() {
        // results = db.search("hello world", k=20, primitives=["kv", "json"]); hit.primitive/entity/snippet
    }

    @Test
    @DisplayName("001 Value types: Python <-> Strata conversion table")
    void referenceValueTypes() {
        Map<Object, Value.Type> table = Map.of("s", Value.Type.STRING, 1, Value.Type.INT, 1.5, Value.Type.FLOAT,
                true, Value.Type.BOOL, List.of(1), Value.Type.ARRAY, Map.of("k", 1), Value.Type.OBJECT,
                new byte[] {1}, Value.Type.BYTES);
        table.forEach((java, type) -> {
            db.kv().put("v", java);
            assertEquals(type, db.kv().get("v").orElseThrow().type());
        });
        db.kv().put("v", null);
        assertEquals(Value.Type.NULL, db.kv().get("v").orElseThrow().type());
    }

    @Test
    @DisplayName("003 Rust README: kv_put, event_append, state_cas(lock, None, acquired)")
    void rustReadmeIntro() {
        db.kv().put("agent:status", "thinking");
        db.events().append("tool_call", Value.object("tool", "search", "query", "docs"));
        OptionalLong lock = db.state().cas("lock", "acquired", null); // expected None = create if absent
        assertEquals(OptionalLong.of(1), lock);
    }

    @Test
    @DisplayName("003 Rust README Quick Example: runs are branches")
    void rustQuickExample() {
        try (Strata db = openDir(dir.resolve("my-data"))) {
            db.kv().put("user:name", "Alice");
            db.kv().put("user:score", 42L);
            db.branches().create("experiment-1"); // create_run
            db.branches().use("experiment-1"); // set_run
            assertTrue(db.kv().get("user:name").isEmpty());
            db.branches().use("default");
            assertEquals(Optional.of(Value.of("Alice")), db.kv().get("user:name"));
        }
    }
}
