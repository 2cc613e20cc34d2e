package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State cells, event log and JSON documents through the facade. */
class StateEventsJsonFacadeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    // ---- state -------------------------------------------------------------------------------------

    @Test
    void stateInitIsIdempotentAndCasComparesVersions() {
        StateCells st = db.state();
        assertEquals(1, st.init("counter", 0));
        assertEquals(1, st.init("counter", 99), "init again keeps the cell");
        assertEquals(Value.of(0L), st.get("counter").orElseThrow());
        long v = st.set("counter", 1);
        assertEquals(2, v);
        assertEquals(OptionalLong.of(3), st.cas("counter", 2, v));
        assertEquals(OptionalLong.empty(), st.cas("counter", 5, v), "stale version: no, not an exception");
        assertEquals(Value.of(2L), st.get("counter").orElseThrow());
        assertEquals(3, st.getVersioned("counter").orElseThrow().version());
    }

    @Test
    void casWithoutExpectedVersionCreatesIfAbsent() {
        assertEquals(OptionalLong.of(1), db.state().cas("lock", "acquired", null));
        assertEquals(OptionalLong.empty(), db.state().cas("lock", "again", null));
        assertEquals(OptionalLong.empty(), db.state().cas("missing", "x", 1L), "CAS on a missing cell is a no");
    }

    @Test
    void stateDeleteListHistory() {
        db.state().set("a:1", 1);
        db.state().set("a:2", 2);
        db.state().set("b", 3);
        assertEquals(List.of("a:1", "a:2"), db.state().list("a:"));
        assertTrue(db.state().delete("a:1"));
        assertFalse(db.state().delete("a:1"));
        assertEquals(Optional.empty(), db.state().get("a:1"));
        db.state().set("b", 4);
        List<Versioned> h = db.state().history("b");
        assertEquals(2, h.size());
        assertEquals(Value.of(4L), h.get(0).value());
        assertEquals(List.of(), db.state().history("nope"));
    }

    // ---- events ------------------------------------------------------------------------------------

    @Test
    void eventsAppendGetListCountAndVerify() {
        EventLog ev = db.events();
        assertEquals(0, ev.append("tool_call", Map.of("tool", "search", "query", "weather")));
        assertEquals(1, ev.append("tool_call", Map.of("tool", "calculator", "expr", "2+2")));
        assertEquals(2, ev.append("note", Value.object("text", "hi")));
        Event e0 = ev.get(0).orElseThrow();
        assertEquals("tool_call", e0.type());
        assertEquals("search", e0.payload().asMap().get("tool").asString());
        assertEquals("0".repeat(64), e0.prevHash());
        assertEquals(e0.hash(), ev.get(1).orElseThrow().prevHash());
        assertEquals(Optional.empty(), ev.get(99));
        assertEquals(2, ev.list("tool_call").size());
        assertEquals(3, ev.list(null).size());
        assertEquals(3, ev.count());
        assertEquals(2, ev.count("tool_call"));
        assertEquals(List.of(1L), ev.list("tool_call", 10, 0L).stream().map(Event::sequence).toList());
        ChainVerification ok = ev.verifyChain();
        assertTrue(ok.valid());
        assertEquals(3, ok.eventsChecked());
    }

    @Test
    void eventPagesFollowNextAfter() {
        for (int i = 0; i < 7; i++) {
            db.events().append("t", Map.of("i", i));
        }
        EventLog.EventPage p1 = db.events().listPaginated("t", 3, null);
        assertEquals(List.of(0L, 1L, 2L), p1.events().stream().map(Event::sequence).toList());
        EventLog.EventPage p2 = db.events().listPaginated("t", 3, p1.nextAfter());
        EventLog.EventPage p3 = db.events().listPaginated("t", 3, p2.nextAfter());
        assertEquals(List.of(6L), p3.events().stream().map(Event::sequence).toList());
        assertFalse(p3.hasMore());
    }

    @Test
    void eventPayloadMustBeAnObject() {
        ValidationException e = assertThrows(ValidationException.class, () -> db.events().append("t", "text"));
        assertTrue(e.getMessage().contains("payload"), e.getMessage());
        assertThrows(ValidationException.class, () -> db.events().append("t", List.of(1)));
        assertThrows(ValidationException.class, () -> db.events().append("", Map.of()));
    }

    // ---- json --------------------------------------------------------------------------------------

    @Test
    void jsonSetGetPathsAndVersions() {
        JsonDocs js = db.json();
        assertEquals(1, js.set("config", "$", Map.of("debug", true, "timeout", 30)));
        assertEquals(2, js.set("config", "$.timeout", 60));
        assertEquals(Value.of(60L), js.get("config", "$.timeout").orElseThrow());
        js.set("config", "$.servers[0].host", "a");
        assertEquals(Value.of("a"), js.get("config", "$.servers[0].host").orElseThrow());
        js.set("config", "$.servers[1]", Map.of("host", "b"));
        assertEquals(2, js.get("config", "$.servers").orElseThrow().asList().size(), "index == length appends");
        assertEquals(Optional.empty(), js.get("config", "$.nope"));
        assertEquals(Optional.empty(), js.get("missing", "$"));
        assertEquals(4, js.getVersioned("config").orElseThrow().version());
        assertTrue(js.delete("config", "$.debug"));
        assertEquals(Optional.empty(), js.get("config", "$.debug"));
        assertTrue(js.delete("config", "$"), "deleting $ deletes the document");
        assertEquals(Optional.empty(), js.get("config"));
        assertEquals(6, js.history("config").size());
    }

    @Test
    void jsonBadPathsAreValidationErrors() {
        db.json().set("d", "$", Map.of("a", 1));
        ValidationException e = assertThrows(ValidationException.class, () -> db.json().get("d", "$..a"));
        assertTrue(e.getMessage().contains("$..a"), e.getMessage());
        assertThrows(ValidationException.class, () -> db.json().set("d", "a.b", 1));
    }

    @Test
    void jsonListPagesAndBatches() {
        List<Long> versions = db.json().batchSet(List.of(JsonDocs.item("doc:1", "$", Map.of("n", 1)),
                JsonDocs.item("doc:2", "$", Map.of("n", 2)), JsonDocs.item("other", "$", Map.of())));
        assertEquals(List.of(1L, 1L, 1L), versions);
        Page<String> p = db.json().list("doc:", 1, null);
        assertEquals(List.of("doc:1"), p.items());
        assertEquals(List.of("doc:2"), db.json().list("doc:", 1, p.nextCursor()).items());
        assertEquals(List.of("doc:1", "doc:2", "other"), db.json().list(null));
        List<Optional<Value>> got = db.json().batchGet(List.of(JsonDocs.item("doc:1", "$.n"),
                JsonDocs.item("nope", "$")));
        assertEquals(Optional.of(Value.of(1L)), got.get(0));
        assertEquals(Optional.empty(), got.get(1));
        assertEquals(List.of(true, false), db.json().batchDelete(List.of(JsonDocs.item("doc:1", "$"),
                JsonDocs.item("nope", "$"))));
        assertNull(db.json().getVersioned("doc:1").orElse(null));
    }
}
