package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.StateException;
import io.stratadb.Value;
import io.stratadb.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionTest extends EngineTestBase {
    @Test
    void allPrimitivesCommitTogetherWithReadYourWrites() {
        long v;
        try (EngineTxn tx = engine.begin("default", false)) {
            tx.kv("default").put("a", Value.of(1));
            assertEquals(Value.of(1), tx.kv("default").get("a").orElseThrow());
            assertTrue(kv().get("a").isEmpty()); // invisible outside until commit
            assertEquals(1, tx.state("default").set("c", Value.of(1)));
            assertEquals(0, tx.events("default").append("t", Value.object()));
            assertEquals(1, tx.events("default").count());
            tx.json("docs").set("d", "$.x", Value.of(1));
            assertEquals(Value.of(1), tx.json("docs").get("d", "$.x").orElseThrow());
            assertTrue(tx.spaces().exists("docs"));
            v = tx.commit();
            assertFalse(tx.isActive());
        }
        assertEquals(v, kv().getVersioned("a").orElseThrow().version());
        assertEquals(v, state().getVersioned("c").orElseThrow().commitVersion());
        assertEquals(1, events().count());
        assertTrue(engine.spaces("default").exists("docs"));
    }

    @Test
    void rollbackUndoesEverything() {
        try (EngineTxn tx = engine.begin("default", false)) {
            tx.kv("default").put("a", Value.of(1));
            tx.state("default").set("c", Value.of(1));
            tx.events("default").append("t", Value.object());
            tx.json("s2").set("d", "$", Value.object());
            tx.rollback();
            assertThrows(StateException.class, () -> tx.kv("default").get("a"));
            tx.rollback(); // idempotent
        }
        assertTrue(kv().get("a").isEmpty());
        assertTrue(state().get("c").isEmpty());
        assertEquals(0, events().count());
        assertFalse(engine.spaces("default").exists("s2"));
        try (EngineTxn tx = engine.begin("default", false)) {
            tx.kv("default").put("b", Value.of(1));
        } // close without commit = rollback
        assertTrue(kv().get("b").isEmpty());
    }

    @Test
    void conflictingCommitAppliesNothing() {
        state().set("c", Value.of(0));
        EngineTxn a = engine.begin("default", false);
        a.state("default").set("c", Value.of(1)); // reads and writes c
        a.kv("default").put("side", Value.of("a"));
        state().set("c", Value.of(99)); // concurrent commit
        assertThrows(ConflictException.class, a::commit);
        assertTrue(kv().get("side").isEmpty());
        assertEquals(Value.of(99), state().get("c").orElseThrow());
        assertThrows(StateException.class, a::commit);
    }

    @Test
    void readOnlyTransactionsRefuseWrites() {
        kv().put("a", Value.of(1));
        try (EngineTxn tx = engine.begin("default", true)) {
            assertEquals(Value.of(1), tx.kv("default").get("a").orElseThrow());
            assertThrows(AccessDeniedException.class, () -> tx.kv("default").put("a", Value.of(2)));
            assertThrows(AccessDeniedException.class, () -> tx.events("default").append("t", Value.object()));
            tx.commit();
        }
        assertEquals(Value.of(1), kv().get("a").orElseThrow());
    }

    @Test
    void retryHelperRetriesConflicts() {
        AtomicInteger calls = new AtomicInteger();
        int r = Engine.retry(5, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConflictException("boom");
            }
            return 42;
        });
        assertEquals(42, r);
        assertEquals(3, calls.get());
        assertThrows(ConflictException.class, () -> Engine.retry(2, () -> {
            throw new ConflictException("always");
        }));
        assertThrows(ValidationException.class, () -> Engine.retry(0, () -> 1));
        assertEquals(2L, (long) engine.transaction("default", 3, tx -> {
            tx.kv("default").put("x", Value.of(2));
            return 2L;
        }));
        assertEquals(Value.of(2), kv().get("x").orElseThrow());
    }

    @Test
    void bodyExceptionRollsBack() {
        assertThrows(IllegalStateException.class, () -> engine.transaction("default", 3, tx -> {
            tx.kv("default").put("x", Value.of(2));
            throw new IllegalStateException("user error");
        }));
        assertTrue(kv().get("x").isEmpty());
    }

    @Test
    void concurrentTransfersKeepTheTotal() throws Exception {
        state().set("a", Value.of(100));
        state().set("b", Value.of(100));
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                for (int j = 0; j < 25; j++) {
                    String from = (id + j) % 2 == 0 ? "a" : "b";
                    String to = from.equals("a") ? "b" : "a";
                    engine.transaction("default", 10_000, tx -> {
                        StateOps st = tx.state("default");
                        long x = st.get(from).orElseThrow().asLong();
                        long y = st.get(to).orElseThrow().asLong();
                        st.set(from, Value.of(x - 1));
                        st.set(to, Value.of(y + 1));
                        return null;
                    });
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long total = state().get("a").orElseThrow().asLong() + state().get("b").orElseThrow().asLong();
        assertEquals(200, total);
        assertEquals(101, state().getVersioned("a").orElseThrow().version());
    }

    @Test
    void storageTxnIsSharedForOtherEngineParts() {
        try (EngineTxn tx = engine.begin("default", false)) {
            tx.registerSpace("vecs");
            tx.storageTxn().put(io.stratadb.storage.Key.of("vecs", 5, "x"), new byte[] {1});
            tx.kv("default").put("k", Value.of(1));
            tx.commit();
        }
        assertTrue(engine.spaces("default").exists("vecs"));
        assertTrue(storage.read("default", io.stratadb.storage.Key.of("vecs", 5, "x")).isPresent());
    }
}
