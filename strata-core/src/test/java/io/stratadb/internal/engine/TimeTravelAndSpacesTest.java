package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConstraintException;
import io.stratadb.NotFoundException;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeTravelAndSpacesTest extends EngineTestBase {
    @Test
    void asOfVersionAndTimestampSeeEveryPrimitive() {
        long v1 = kv().put("k", Value.of(1));
        long ts1 = kv().getVersioned("k").orElseThrow().timestampMicros();
        state().set("c", Value.of("one"));
        json().set("d", "$.a", Value.of(1));
        events().append("t", Value.object("n", 1));
        long mid = storage.latestVersion();
        kv().put("k", Value.of(2));
        state().set("c", Value.of("two"));
        json().set("d", "$.a", Value.of(2));
        events().append("t", Value.object("n", 2));

        EngineView old = engine.at("default", AsOf.version(mid));
        assertEquals(mid, old.version());
        assertEquals(Value.of(1), old.kv("default").get("k").orElseThrow());
        assertEquals(Value.of("one"), old.state("default").get("c").orElseThrow());
        assertEquals(Value.of(1), old.json("default").get("d", "$.a").orElseThrow());
        assertEquals(1, old.events("default").count());
        assertEquals(1, old.kv("default").history("k").size());
        assertEquals(Value.of(1), engine.at("default", AsOf.version(v1)).kv("default").get("k").orElseThrow());
        assertEquals(Value.of(1), engine.at("default", AsOf.timestamp(ts1)).kv("default").get("k").orElseThrow());
        assertEquals(Value.of(2), engine.at("default", AsOf.latest()).kv("default").get("k").orElseThrow());
        assertThrows(AccessDeniedException.class, () -> old.kv("default").put("k", Value.of(3)));
        assertThrows(ValidationException.class, () -> engine.at("default", AsOf.version(storage.latestVersion() + 5)));
        assertThrows(NotFoundException.class, () -> engine.at("nope", AsOf.latest()));
    }

    @Test
    void asOfBeforeTheFirstCommitIsEmpty() {
        kv().put("k", Value.of(1));
        EngineView before = engine.at("default", AsOf.timestamp(1));
        assertEquals(0, before.version());
        assertTrue(before.kv("default").get("k").isEmpty());
        assertTrue(before.kv("default").list(null).isEmpty());
        assertTrue(before.kv("default").history("k").isEmpty());
        assertEquals(0, before.events("default").count());
        assertTrue(engine.at("default", AsOf.version(0)).kv("default").get("k").isEmpty());
    }

    @Test
    void spaceRules() {
        SpaceOps sp = engine.spaces("default");
        assertEquals(List.of("default"), sp.list());
        assertTrue(sp.exists("default"));
        for (String bad : List.of("", "Upper", "1abc", "a b", "a".repeat(65), "_system", "a.b")) {
            assertThrows(ValidationException.class, () -> sp.create(bad), bad);
        }
        assertTrue(sp.create("a-b_c1"));
        assertFalse(sp.create("a-b_c1"));
        sp.create("z".repeat(64));
        engine.kv("default", "implicit").put("k", Value.of(1)); // created on first write
        assertEquals(List.of("a-b_c1", "default", "implicit", "z".repeat(64)), sp.list());
        assertThrows(ConstraintException.class, () -> sp.delete("default", true));
        assertThrows(ConstraintException.class, () -> sp.delete("implicit", false));
        assertThrows(NotFoundException.class, () -> sp.delete("never", false));
        sp.delete("a-b_c1", false); // empty: fine
        sp.delete("implicit", true);
        assertFalse(sp.exists("implicit"));
        assertTrue(engine.kv("default", "implicit").get("k").isEmpty());
        assertEquals(List.of("default", "z".repeat(64)), sp.list());
    }

    @Test
    void forksInheritSpaces() {
        engine.kv("default", "mem").put("k", Value.of(1));
        engine.branches().fork("default", "f");
        assertTrue(engine.spaces("f").exists("mem"));
        engine.spaces("f").delete("mem", true);
        assertTrue(engine.spaces("default").exists("mem"));
    }

    @Test
    void infoCounts() {
        kv().put("a", Value.of(1));
        kv().put("b", Value.of(1));
        engine.state("default", "x").set("c", Value.of(1));
        events().append("t", Value.object());
        EngineInfo info = engine.info("default");
        assertEquals(2, info.perPrimitive().get("kv"));
        assertEquals(1, info.perPrimitive().get("state"));
        assertEquals(1, info.perPrimitive().get("event"));
        assertEquals(0, info.perPrimitive().get("json"));
        assertEquals(2, info.spaces());
        assertEquals(1, info.branches());
    }
}
