package io.stratadb.internal.engine;

import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateOpsTest extends EngineTestBase {
    @Test
    void setCountsPerCellVersionsFromOne() {
        assertEquals(1, state().set("c", Value.of(1)));
        assertEquals(2, state().set("c", Value.of(2)));
        assertEquals(1, state().set("other", Value.of(0)));
        Versioned v = state().getVersioned("c").orElseThrow();
        assertEquals(2, v.version());
        assertTrue(v.commitVersion() > 0);
        assertEquals(Value.of(2), state().get("c").orElseThrow());
    }

    @Test
    void initIsIdempotent() {
        assertEquals(1, state().init("counter", Value.of(0)));
        state().set("counter", Value.of(5));
        assertEquals(2, state().init("counter", Value.of(0)));
        assertEquals(Value.of(5), state().get("counter").orElseThrow());
    }

    @Test
    void casByVersion() {
        long v = state().set("counter", Value.of(1));
        assertEquals(OptionalLong.of(v + 1), state().cas("counter", Value.of(2), v));
        assertEquals(OptionalLong.empty(), state().cas("counter", Value.of(3), v)); // stale
        assertEquals(Value.of(2), state().get("counter").orElseThrow());
        assertThrows(ValidationException.class, () -> state().cas("counter", Value.of(3), -1L));
    }

    @Test
    void casOnMissingCell() {
        assertEquals(OptionalLong.empty(), state().cas("missing", Value.of(1), 1L));
        assertEquals(OptionalLong.empty(), state().cas("missing", Value.of(1), 0L));
        assertTrue(state().get("missing").isEmpty());
        assertEquals(OptionalLong.of(1), state().cas("missing", Value.of(1), null)); // create-if-absent
        assertEquals(OptionalLong.empty(), state().cas("missing", Value.of(2), null)); // exists now
    }

    @Test
    void deleteListHistory() {
        state().set("a:1", Value.of(1));
        state().set("a:2", Value.of(2));
        state().set("b:1", Value.of(3));
        assertEquals(List.of("a:1", "a:2"), state().list("a:"));
        assertTrue(state().delete("a:1"));
        assertFalse(state().delete("a:1"));
        assertEquals(List.of("a:2", "b:1"), state().list(null));
        List<Versioned> h = state().history("a:1");
        assertEquals(2, h.size());
        assertTrue(h.get(0).deleted());
        assertEquals(1, h.get(1).version());
        assertTrue(state().history("nope").isEmpty());
        assertEquals(1, state().set("a:1", Value.of(9))); // restarts at 1 after delete
    }

    @Test
    void concurrentCasIncrementsNeverLoseUpdates() throws Exception {
        state().init("n", Value.of(0));
        int threads = 4;
        int per = 50;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                int done = 0;
                while (done < per) {
                    Versioned cur = state().getVersioned("n").orElseThrow();
                    if (state().cas("n", Value.of(cur.value().asLong() + 1), cur.version()).isPresent()) {
                        done++;
                    }
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(Value.of((long) threads * per), state().get("n").orElseThrow());
        assertEquals(threads * per + 1, state().getVersioned("n").orElseThrow().version());
    }
}
