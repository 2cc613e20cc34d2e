package io.stratadb.internal.engine;

import io.stratadb.ChainVerification;
import io.stratadb.Event;
import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.Transaction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventOpsTest extends EngineTestBase {
    @Test
    void appendGetListCount() {
        assertEquals(0, events().append("tool_call", Value.object("tool", "search", "query", "weather")));
        assertEquals(1, events().append("tool_call", Value.object("tool", "calculator", "expr", "2+2")));
        assertEquals(2, events().append("note", Value.object("text", "hi")));
        Event e = events().get(0).orElseThrow();
        assertEquals("tool_call", e.type());
        assertEquals(Value.object("tool", "search", "query", "weather"), e.payload());
        assertEquals("0".repeat(64), e.prevHash());
        assertEquals(e.hash(), events().get(1).orElseThrow().prevHash());
        assertTrue(events().get(3).isEmpty());
        assertTrue(events().get(-1).isEmpty());
        assertEquals(3, events().count());
        assertEquals(2, events().count("tool_call"));
        assertEquals(2, events().list("tool_call", null, null).size());
        assertEquals(3, events().list(null, null, null).size());
        assertEquals(List.of(1L), events().list("tool_call", 10, 0L).stream().map(Event::sequence).toList());
        assertEquals(List.of(2L), events().list(null, 10, 1L).stream().map(Event::sequence).toList());
        assertTrue(events().verifyChain().valid());
    }

    @Test
    void paginatedListing() {
        for (int i = 0; i < 23; i++) {
            events().append(i % 2 == 0 ? "even" : "odd", Value.object("i", i));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Event> p = events().listPaginated("even", 5, cursor);
            p.items().forEach(ev -> seen.add(ev.sequence()));
            cursor = p.nextCursor();
        } while (cursor != null);
        assertEquals(12, seen.size());
        assertEquals(0L, seen.get(0));
        assertEquals(22L, seen.get(11));
        assertThrows(ValidationException.class, () -> events().listPaginated(null, 5, "x"));
    }

    @Test
    void payloadMustBeAnObjectAndTypeValid() {
        ValidationException e = assertThrows(ValidationException.class, () -> events().append("t", Value.of("str")));
        assertTrue(e.getMessage().contains("object"), e.getMessage());
        assertThrows(ValidationException.class, () -> events().append("t", Value.of(List.of(1))));
        assertThrows(ValidationException.class, () -> events().append("", Value.object()));
        assertThrows(ValidationException.class, () -> events().append("x".repeat(257), Value.object()));
        events().append("x".repeat(256), Value.object());
        assertEquals(1, events().count());
    }

    @Test
    void concurrentAppendsAreGapFree() throws Exception {
        int threads = 4;
        int per = 40;
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                for (int j = 0; j < per; j++) {
                    seqs.add(events().append("t" + id, Value.object("j", j)));
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        Set<Long> unique = new HashSet<>(seqs);
        assertEquals(threads * per, unique.size());
        for (long s = 0; s < threads * per; s++) {
            assertTrue(unique.contains(s), "missing sequence " + s);
        }
        assertEquals(threads * per, events().count());
        assertTrue(events().verifyChain().valid());
    }

    @Test
    void verifyChainFindsTampering() {
        for (int i = 0; i < 5; i++) {
            events().append("t", Value.object("i", i));
        }
        // tamper with event 2's payload bytes directly in storage
        try (Transaction t = storage.begin("default")) {
            var k = EventCodec.eventKey("default", 2);
            EventCodec.Stored s = EventCodec.decode(2, t.get(k).orElseThrow().value());
            byte[] other = io.stratadb.internal.codec.ValueCodec.encode(Value.object("i", 99));
            t.put(k, EventCodec.encode(new EventCodec.Stored(2, s.ts(), s.type(), s.hash(), s.prevHash(), other)));
            t.commit();
        }
        ChainVerification v = events().verifyChain();
        assertFalse(v.valid());
        assertEquals(2, v.firstBrokenSequence());
        assertEquals(2, v.eventsChecked());
        assertTrue(Keyspaces.EVENT > 0);
    }

    @Test
    void logsArePerSpace() {
        events().append("a", Value.object());
        assertEquals(0, engine.events("default", "other").append("a", Value.object()));
        assertEquals(1, engine.events("default", "other").count());
    }
}
