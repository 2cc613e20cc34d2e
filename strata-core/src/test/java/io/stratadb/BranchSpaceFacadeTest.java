package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Branches and spaces through the facade, including session switching. */
class BranchSpaceFacadeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void createdBranchIsEmptyAndIsolated() {
        db.kv().put("user:123", "Alice");
        BranchInfo info = db.branches().create("experiment");
        assertEquals("experiment", info.name());
        db.branches().use("experiment");
        assertEquals("experiment", db.branches().current());
        assertEquals(Optional.empty(), db.kv().get("user:123"));
        db.kv().put("user:123", "Bob");
        db.branches().use("default");
        assertEquals(Value.of("Alice"), db.kv().get("user:123").orElseThrow());
        assertEquals(List.of("default", "experiment"), db.branches().names());
        assertTrue(db.branches().exists("experiment"));
        assertFalse(db.branches().exists("nope"));
        assertEquals(Optional.empty(), db.branches().get("nope"));
    }

    @Test
    void forkCopiesDataAndRecordsParent() {
        db.kv().put("k", "v");
        db.state().set("s", 1);
        db.events().append("e", Map.of("a", 1));
        db.json().set("d", "$", Map.of("x", 1));
        BranchInfo f = db.branches().fork("exp");
        assertEquals("default", f.parent());
        assertTrue(f.forkVersion() > 0);
        db.branches().use("exp");
        assertEquals(Value.of("v"), db.kv().get("k").orElseThrow());
        assertEquals(Value.of(1L), db.state().get("s").orElseThrow());
        assertEquals(1, db.events().count());
        assertEquals(Value.of(1L), db.json().get("d", "$.x").orElseThrow());
        db.kv().put("k", "changed");
        db.branches().use("default");
        assertEquals(Value.of("v"), db.kv().get("k").orElseThrow(), "the parent does not see the fork's write");
    }

    @Test
    void nestedForks() {
        db.kv().put("a", 1);
        db.branches().fork("b1");
        db.branches().use("b1");
        db.kv().put("b", 2);
        db.branches().fork("b2");
        db.branches().use("b2");
        assertEquals(List.of("a", "b"), db.kv().list());
        assertEquals("b1", db.branches().get("b2").orElseThrow().parent());
    }

    @Test
    void diffReportsAddedRemovedModified() {
        db.kv().put("same", 1);
        db.kv().put("mod", 1);
        db.kv().put("gone", 1);
        db.branches().fork("exp");
        BranchDiff none = db.branches().diff("default", "exp");
        assertTrue(none.isEmpty(), "diff of identical branches is empty: " + none);
        db.branches().use("exp");
        db.kv().put("mod", 2);
        db.kv().delete("gone");
        db.kv().put("new", 3);
        BranchDiff d = db.branches().diff("default", "exp");
        assertEquals(1, d.summary().totalAdded());
        assertEquals(1, d.summary().totalRemoved());
        assertEquals(1, d.summary().totalModified());
        BranchDiff.SpaceDiff kv = d.entries().stream().filter(s -> s.primitive().equals("kv")).findFirst().orElseThrow();
        assertEquals("default", kv.space());
        assertEquals("new", kv.added().get(0).key());
        assertEquals(Value.of(3L), kv.added().get(0).valueB());
        assertEquals(Value.of(1L), kv.modified().get(0).valueA());
        assertEquals(Value.of(2L), kv.modified().get(0).valueB());
    }

    @Test
    void mergeAppliesChangesAndPropagatesDeletes() {
        db.kv().put("keep", 1);
        db.kv().put("drop", 1);
        db.branches().fork("exp");
        db.branches().use("exp");
        db.kv().put("added", 2);
        db.kv().delete("drop");
        db.events().append("e", Map.of("from", "exp"));
        db.branches().use("default");
        MergeResult preview = db.branches().preview("exp", MergeStrategy.LAST_WRITER_WINS);
        assertTrue(preview.preview());
        assertFalse(preview.applied());
        assertEquals(Optional.empty(), db.kv().get("added"), "a preview writes nothing");
        MergeResult r = db.branches().merge("exp", MergeStrategy.LAST_WRITER_WINS);
        assertTrue(r.applied());
        assertEquals(1, r.keysApplied());
        assertEquals(1, r.keysDeleted());
        assertEquals(1, r.eventsAppended());
        assertEquals(Value.of(2L), db.kv().get("added").orElseThrow());
        assertEquals(Optional.empty(), db.kv().get("drop"));
        assertEquals(1, db.events().count());
    }

    @Test
    void mergeConflictsUnderEachStrategy() {
        for (MergeStrategy s : MergeStrategy.values()) {
            try (Strata d = TestDb.open()) {
                d.kv().put("k", "base");
                d.branches().fork("src");
                d.kv().put("k", "target");
                d.branches().use("src");
                d.kv().put("k", "source");
                d.branches().use("default");
                MergeResult r = d.branches().merge("src", s);
                assertEquals(1, r.conflicts().size(), s.toString());
                MergeResult.Conflict c = r.conflicts().get(0);
                assertEquals(Value.of("base"), c.baseValue());
                String expected = switch (s) {
                    case STRICT -> "target";
                    case LAST_WRITER_WINS -> "source";
                    case TARGET_WINS -> "target";
                };
                assertEquals(s != MergeStrategy.STRICT, r.applied() || s == MergeStrategy.TARGET_WINS, s.toString());
                assertEquals(Value.of(expected), d.kv().get("k").orElseThrow(), s.toString());
            }
        }
    }

    @Test
    void branchErrors() {
        assertThrows(StateException.class, () -> db.branches().create("default"));
        assertThrows(NotFoundException.class, () -> db.branches().use("nope"));
        assertThrows(ConstraintException.class, () -> db.branches().delete("default"));
        db.branches().create("x");
        db.branches().use("x");
        assertThrows(StateException.class, () -> db.branches().delete("x"), "cannot delete the current branch");
        db.branches().use("default");
        db.branches().delete("x");
        assertFalse(db.branches().exists("x"));
        assertThrows(ValidationException.class, () -> db.branches().create("bad name!"));
        assertThrows(ValidationException.class, () -> db.branches().merge("default", MergeStrategy.STRICT));
    }

    @Test
    void spacesPartitionDataAndFollowTheSession() {
        assertEquals("default", db.spaces().current());
        db.kv().put("k", "in default");
        db.spaces().use("conversations");
        db.kv().put("msg_001", "hello");
        assertEquals(Optional.empty(), db.kv().get("k"));
        assertTrue(db.spaces().exists("conversations"), "created on first write");
        assertEquals(List.of("conversations", "default"), db.spaces().list());
        db.spaces().use("default");
        assertEquals(Optional.empty(), db.kv().get("msg_001"));
        db.spaces().create("empty");
        db.spaces().delete("empty");
        assertFalse(db.spaces().exists("empty"));
        assertThrows(ConstraintException.class, () -> db.spaces().delete("conversations"), "non-empty needs force");
        db.spaces().delete("conversations", true);
        assertFalse(db.spaces().exists("conversations"));
        assertThrows(StrataException.class, () -> db.spaces().delete("default", true));
    }

    @Test
    void spaceNameRules() {
        for (String bad : List.of("Upper", "1abc", "", "has space", "x".repeat(65), "_sys")) {
            assertThrows(ValidationException.class, () -> db.spaces().use(bad), bad);
        }
        db.spaces().use("a-b_c9");
    }

    @Test
    void switchingBranchResetsSpace() {
        db.spaces().use("s1");
        db.branches().create("b");
        db.branches().use("b");
        assertEquals("default", db.spaces().current());
    }

    @Test
    void sessionsAreIndependent() {
        Strata other = db.newSession();
        db.branches().create("b");
        other.branches().use("b");
        assertEquals("default", db.branches().current());
        assertEquals("b", other.branches().current());
        other.kv().put("only-in-b", 1);
        assertEquals(Optional.empty(), db.kv().get("only-in-b"));
        other.close();
        assertEquals(Optional.empty(), db.kv().get("x"), "closing a secondary session keeps the database open");
    }
}
