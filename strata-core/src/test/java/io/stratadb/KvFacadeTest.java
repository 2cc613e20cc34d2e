package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvFacadeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void putGetDeleteWithEveryValueType() {
        Kv kv = db.kv();
        long v1 = kv.put("s", "Alice");
        long v2 = kv.put("i", 42);
        assertTrue(v2 > v1, "commit versions grow");
        kv.put("f", 1.5);
        kv.put("b", true);
        kv.put("n", null);
        kv.put("bytes", new byte[] {0, 1, (byte) 255});
        kv.put("obj", Map.of("name", "Alice", "age", 30));
        kv.put("arr", List.of(1, "two", 3.0));
        assertEquals(Value.of("Alice"), kv.get("s").orElseThrow());
        assertEquals(Value.of(42L), kv.get("i").orElseThrow());
        assertEquals(Value.of(1.5), kv.get("f").orElseThrow());
        assertEquals(Value.of(true), kv.get("b").orElseThrow());
        assertEquals(Value.Null.INSTANCE, kv.get("n").orElseThrow(), "a stored null is found");
        assertArrayEquals(new byte[] {0, 1, (byte) 255}, kv.get("bytes").orElseThrow().asBytes());
        assertEquals(30L, kv.get("obj").orElseThrow().asMap().get("age").asLong());
        assertEquals(Value.of(List.of(1, "two", 3.0)), kv.get("arr").orElseThrow());
        assertEquals(Optional.empty(), kv.get("missing"));
        assertTrue(kv.delete("s"));
        assertFalse(kv.delete("s"), "second delete finds nothing");
        assertEquals(Optional.empty(), kv.get("s"));
    }

    @Test
    void intAndFloatStayDistinct() {
        db.kv().put("x", 1);
        assertTrue(db.kv().get("x").orElseThrow() instanceof Value.Int);
        db.kv().put("x", 1.0);
        assertTrue(db.kv().get("x").orElseThrow() instanceof Value.Float);
    }

    @Test
    void listWithPrefixIsSorted() {
        for (String k : List.of("user:2", "user:1", "item:1", "user:10")) {
            db.kv().put(k, k);
        }
        assertEquals(List.of("user:1", "user:10", "user:2"), db.kv().list("user:"));
        assertEquals(4, db.kv().list().size());
        assertEquals(List.of(), db.kv().list("nope"));
    }

    @Test
    void paginationCursorWalksEveryKeyOnce() {
        Map<String, Object> batch = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            batch.put(String.format("k%03d", i), i);
        }
        db.kv().batchPut(batch);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<String> p = db.kv().listPaginated("k", 10, cursor);
            seen.addAll(p.items());
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(new ArrayList<>(batch.keySet()), seen);
    }

    @Test
    void batchPutIsOneCommit() {
        long v = db.kv().batchPut(Map.of("a", 1, "b", 2));
        assertEquals(v, db.kv().getVersioned("a").orElseThrow().commitVersion());
        assertEquals(v, db.kv().getVersioned("b").orElseThrow().commitVersion());
    }

    @Test
    void getVersionedAndHistoryNewestFirst() {
        long v1 = db.kv().put("k", "a");
        long v2 = db.kv().put("k", "b");
        db.kv().delete("k");
        long v4 = db.kv().put("k", "c");
        Versioned cur = db.kv().getVersioned("k").orElseThrow();
        assertEquals(Value.of("c"), cur.value());
        assertEquals(v4, cur.version());
        assertTrue(cur.timestampMicros() > 0);
        List<Versioned> h = db.kv().history("k");
        assertEquals(4, h.size());
        assertEquals(Value.of("c"), h.get(0).value());
        assertTrue(h.get(1).deleted());
        assertNull(h.get(1).value());
        assertEquals(v2, h.get(2).version());
        assertEquals(v1, h.get(3).version());
        assertEquals(List.of(), db.kv().history("never"), "history of a missing key is empty");
    }

    @Test
    void asOfReadsByVersionAndTimestamp() {
        long v1 = db.kv().put("k", "old");
        long t1 = db.kv().getVersioned("k").orElseThrow().timestampMicros();
        db.kv().put("k", "new");
        db.kv().put("other", 1);
        assertEquals(Value.of("old"), db.kv().get("k", AsOf.version(v1)).orElseThrow());
        assertEquals(Value.of("old"), db.kv().get("k", AsOf.timestamp(t1)).orElseThrow());
        assertEquals(List.of("k"), db.kv().list(null, AsOf.version(v1)));
        assertEquals(Optional.empty(), db.kv().get("k", AsOf.version(0)));
        assertThrows(ValidationException.class, () -> db.kv().get("k", AsOf.version(v1 + 1000)));
    }

    @Test
    void badKeysAreValidationErrorsNamingTheInput() {
        ValidationException e = assertThrows(ValidationException.class, () -> db.kv().put("", 1));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
        ValidationException big = assertThrows(ValidationException.class, () -> db.kv().put("x".repeat(2000), 1));
        assertTrue(big.getMessage().contains("1024") || big.getMessage().contains("limit"), big.getMessage());
        assertThrows(ValidationException.class, () -> db.kv().put("k", new Object()));
    }

    @Test
    void useAfterCloseIsAStateError() {
        Strata other = TestDb.open();
        other.close();
        other.close(); // idempotent
        StateException e = assertThrows(StateException.class, () -> other.kv().get("a"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
