package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonOpsTest extends EngineTestBase {
    @Test
    void seedExample() {
        assertEquals(1, json().set("config", "$", Value.object("debug", true, "timeout", 30)));
        assertEquals(2, json().set("config", "$.timeout", Value.of(60)));
        assertEquals(Value.of(60), json().get("config", "$.timeout").orElseThrow());
        assertEquals(Value.object("debug", true, "timeout", 60), json().get("config", "$").orElseThrow());
        Versioned v = json().getVersioned("config").orElseThrow();
        assertEquals(2, v.version());
    }

    @Test
    void pathCreationAndAppend() {
        json().set("d", "$.a.b[0].c", Value.of(1));
        assertEquals(Value.object("a", Value.object("b", List.of(Value.object("c", 1L)))),
                json().get("d", "$").orElseThrow());
        json().set("d", "$.a.b[1]", Value.of("appended"));
        assertEquals(Value.of("appended"), json().get("d", "$.a.b[1]").orElseThrow());
        assertEquals(Value.of("appended"), json().get("d", "$.a.b[-1]").orElseThrow());
        json().set("d", "$['a']['weird key']", Value.of(true));
        assertEquals(Value.of(true), json().get("d", "$.a['weird key']").orElseThrow());
        ValidationException e = assertThrows(ValidationException.class,
                () -> json().set("d", "$.a.b[5]", Value.of(1)));
        assertTrue(e.getMessage().contains("out of bounds"), e.getMessage());
        e = assertThrows(ValidationException.class, () -> json().set("d", "$.a.b.c", Value.of(1)));
        assertTrue(e.getMessage().contains("object"), e.getMessage());
        assertTrue(json().get("d", "$.nope.deeper").isEmpty());
        assertTrue(json().get("missing", "$").isEmpty());
    }

    @Test
    void unsupportedPathsNamePathAndPosition() {
        for (String p : List.of("$.*", "$..a", "$[?(@.a)]", "a.b", "$[1:2]", "$.a[", "", "$.", "$['a','b']")) {
            ValidationException e = assertThrows(ValidationException.class, () -> json().get("d", p), p);
            assertTrue(e.getMessage().contains("position") || e.getMessage().contains("must start"), e.getMessage());
        }
    }

    @Test
    void deletePathsAndDocument() {
        json().set("d", "$", Value.object("a", 1, "b", List.of(1L, 2L, 3L)));
        assertTrue(json().delete("d", "$.a"));
        assertFalse(json().delete("d", "$.a"));
        assertTrue(json().delete("d", "$.b[0]"));
        assertEquals(Value.object("b", List.of(2L, 3L)), json().get("d", "$").orElseThrow());
        assertTrue(json().delete("d", "$"));
        assertTrue(json().get("d", "$").isEmpty());
        assertFalse(json().delete("d", "$"));
        List<Versioned> h = json().history("d");
        assertEquals(4, h.size());
        assertTrue(h.get(0).deleted());
        assertEquals(3, h.get(1).version());
    }

    @Test
    void listPaginatedAndBatches() {
        List<Long> vs = json().batchSet(List.of(new JsonOps.SetOp("doc:1", "$", Value.object("x", 1)),
                new JsonOps.SetOp("doc:2", "$.y", Value.of(2)), new JsonOps.SetOp("doc:1", "$.z", Value.of(3))));
        assertEquals(List.of(1L, 1L, 2L), vs);
        json().set("other", "$", Value.object());
        assertEquals(List.of("doc:1", "doc:2"), json().list("doc:"));
        List<String> all = new ArrayList<>();
        String c = null;
        do {
            Page<String> p = json().listPaginated(null, 1, c);
            all.addAll(p.items());
            c = p.nextCursor();
        } while (c != null);
        assertEquals(List.of("doc:1", "doc:2", "other"), all);
        List<Optional<Value>> got = json().batchGet(List.of(new JsonOps.PathOp("doc:1", "$.z"),
                new JsonOps.PathOp("nope", "$")));
        assertEquals(Optional.of(Value.of(3)), got.get(0));
        assertTrue(got.get(1).isEmpty());
        assertEquals(List.of(true, false), json().batchDelete(List.of(new JsonOps.PathOp("doc:1", "$"),
                new JsonOps.PathOp("nope", "$"))));
        assertEquals(List.of("doc:2", "other"), json().list(null));
    }

    private static Value nest(int arrays) {
        Value v = Value.of(1);
        for (int i = 0; i < arrays; i++) {
            v = new Value.Array(List.of(v));
        }
        return v;
    }

    @Test
    void nestingLimitEnforcedOnTheWholeDocument() {
        json().set("ok", "$", nest(128)); // 128 levels of containers: at the limit
        assertThrows(ValidationException.class, () -> json().set("deep", "$", nest(129)));
        json().set("obj", "$.a", nest(127)); // the root object adds a level
        ValidationException e = assertThrows(ValidationException.class, () -> json().set("obj", "$.b", nest(128)));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        assertEquals(1, json().getVersioned("obj").orElseThrow().version()); // the failed set changed nothing
    }
}
