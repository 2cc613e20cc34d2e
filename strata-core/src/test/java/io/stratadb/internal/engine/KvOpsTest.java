package io.stratadb.internal.engine;

import io.stratadb.NotFoundException;
import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvOpsTest extends EngineTestBase {
    @Test
    void putGetDeleteAndVersions() {
        long v1 = kv().put("user:1", Value.of("Alice"));
        long v2 = kv().put("user:1", Value.of("Bob"));
        assertTrue(v2 > v1 && v1 > 0);
        assertEquals(Value.of("Bob"), kv().get("user:1").orElseThrow());
        Versioned vv = kv().getVersioned("user:1").orElseThrow();
        assertEquals(v2, vv.version());
        assertEquals(v2, vv.commitVersion());
        assertTrue(vv.timestampMicros() > 0);
        assertTrue(kv().delete("user:1"));
        assertFalse(kv().delete("user:1"));
        assertTrue(kv().get("user:1").isEmpty());
        assertTrue(kv().get("never").isEmpty());
    }

    @Test
    void historyNewestFirstWithDeletions() {
        kv().put("k", Value.of(1));
        kv().put("k", Value.of(2));
        kv().delete("k");
        kv().put("k", Value.of(3));
        List<Versioned> h = kv().history("k");
        assertEquals(4, h.size());
        assertEquals(Value.of(3), h.get(0).value());
        assertTrue(h.get(1).deleted());
        assertEquals(Value.of(2), h.get(2).value());
        assertEquals(Value.of(1), h.get(3).value());
        assertTrue(h.get(0).version() > h.get(1).version());
        assertTrue(kv().history("missing").isEmpty());
    }

    @Test
    void everyValueTypeRoundTripsIncludingBytes() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80};
        Value doc = Value.object("s", "x", "i", 5L, "f", 1.5, "b", true, "n", null, "raw", bytes,
                "arr", List.of(1L, "two", List.of()));
        kv().put("doc", doc);
        kv().put("bytes", Value.of(bytes));
        assertEquals(doc, kv().get("doc").orElseThrow());
        assertArrayEquals(bytes, ((Value.Bytes) kv().get("bytes").orElseThrow()).value());
        assertEquals(Value.nullValue(), ((Value.Obj) kv().getVersioned("doc").orElseThrow().value()).get("n"));
    }

    @Test
    void listAndPaginationWithCursor() {
        for (int i = 0; i < 25; i++) {
            kv().put(String.format("user:%02d", i), Value.of(i));
        }
        kv().put("other", Value.of(0));
        assertEquals(25, kv().list("user:").size());
        assertEquals(26, kv().list(null).size());
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<String> p = kv().listPaginated("user:", 10, cursor);
            all.addAll(p.items());
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(kv().list("user:"), all);
        Page<String> exact = kv().listPaginated("other", 1, null);
        assertEquals(List.of("other"), exact.items());
        assertFalse(exact.hasMore());
        assertThrows(ValidationException.class, () -> kv().listPaginated(null, 0, null));
    }

    @Test
    void batchPutIsOneCommit() {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("a", Value.of(1));
        m.put("b", Value.of(2));
        long v = kv().batchPut(m);
        assertEquals(v, kv().getVersioned("a").orElseThrow().version());
        assertEquals(v, kv().getVersioned("b").orElseThrow().version());
    }

    @Test
    void badKeysAndValuesAreRejected() {
        ValidationException e = assertThrows(ValidationException.class, () -> kv().put("", Value.of(1)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        String big = "k".repeat(1025);
        e = assertThrows(ValidationException.class, () -> kv().put(big, Value.of(1)));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
        kv().put("k".repeat(1024), Value.of(1)); // exactly at the limit
        assertThrows(ValidationException.class, () -> kv().get(null));
        assertThrows(ValidationException.class, () -> kv().put("big", Value.of(new byte[16 << 20])));
        Value deep = Value.of(1);
        for (int i = 0; i < 130; i++) {
            deep = new Value.Array(List.of(deep));
        }
        Value tooDeep = deep;
        assertThrows(ValidationException.class, () -> kv().put("deep", tooDeep));
        assertThrows(ValidationException.class, () -> engine.kv("default", "Bad Space"));
        assertThrows(ValidationException.class, () -> engine.kv("no such", "default"));
        assertThrows(NotFoundException.class, () -> engine.kv("nosuch", "default").put("k", Value.of(1)));
    }

    @Test
    void spacesIsolateKeys() {
        engine.kv("default", "a").put("k", Value.of("in a"));
        assertTrue(kv().get("k").isEmpty());
        assertEquals(Value.of("in a"), engine.kv("default", "a").get("k").orElseThrow());
    }
}
