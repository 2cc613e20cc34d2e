package io.stratadb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineResultTypesTest {
    @Test
    void versionedTombstoneInvariant() {
        assertTrue(Versioned.tombstone(0, 5, 10).deleted());
        assertNull(Versioned.tombstone(0, 5, 10).value());
        assertFalse(Versioned.of(Value.of(1), 1, 5, 10).deleted());
        assertThrows(IllegalArgumentException.class, () -> new Versioned(null, 1, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Versioned(Value.of(1), 1, 1, 1, true));
    }

    @Test
    void mergeStrategyParsing() {
        assertEquals(MergeStrategy.STRICT, MergeStrategy.parse("STRICT"));
        assertEquals(MergeStrategy.LAST_WRITER_WINS, MergeStrategy.parse("last-writer-wins"));
        assertEquals(MergeStrategy.LAST_WRITER_WINS, MergeStrategy.parse("source_wins"));
        assertEquals(MergeStrategy.TARGET_WINS, MergeStrategy.parse(" target_wins "));
        assertEquals("last_writer_wins", MergeStrategy.LAST_WRITER_WINS.wireName());
        ValidationException e = assertThrows(ValidationException.class, () -> MergeStrategy.parse("ours"));
        assertTrue(e.getMessage().contains("ours"));
        assertThrows(ValidationException.class, () -> MergeStrategy.parse(null));
    }

    @Test
    void pagesAndDiffsAreImmutable() {
        List<String> items = new ArrayList<>(List.of("a"));
        Page<String> p = new Page<>(items, null);
        items.add("b");
        assertEquals(List.of("a"), p.items());
        assertFalse(p.hasMore());
        assertTrue(new Page<>(List.of(), "c").hasMore());
        BranchDiff d = new BranchDiff("a", "b", List.of(), new BranchDiff.Summary(0, 0, 0));
        assertTrue(d.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> d.entries().add(null));
    }

    @Test
    void chainVerificationFactories() {
        assertTrue(ChainVerification.ok(3).valid());
        assertEquals(-1, ChainVerification.ok(3).firstBrokenSequence());
        ChainVerification b = ChainVerification.broken(2, 2, "hash");
        assertFalse(b.valid());
        assertEquals(2, b.firstBrokenSequence());
    }
}
