package io.stratadb.storage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.Memtable;
import org.junit.jupiter.api.Test;

/** The memtable's key filter admits every held key and lookups stay exact through replacements and removals. */
class MemtableKeyCountTest {
    @Test
    void countsFollowPutsReplacementsAndRemovals() {
        Memtable m = new Memtable();
        Key a = Key.of("s", 1, new byte[] {1});
        Key b = Key.of("s", 1, new byte[] {2});
        byte[] a5 = InternalKeyCodec.encode(7, a, 5);
        byte[] a9 = InternalKeyCodec.encode(7, a, 9);
        assertFalse(m.mayHold(a5));
        m.put(a5, new byte[] {5}, 1);
        m.put(a9, new byte[] {9}, 2);
        m.put(a9, new byte[] {10}, 3); // the same version again: replaces, one entry
        assertEquals(2, m.entryCount());
        assertTrue(m.mayHold(InternalKeyCodec.encode(7, a, Long.MAX_VALUE)));
        assertFalse(m.mayHold(InternalKeyCodec.encode(8, a, Long.MAX_VALUE)), "another branch");
        assertFalse(m.mayHold(InternalKeyCodec.encode(7, b, Long.MAX_VALUE)), "another key");
        assertEquals(10, m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 100)).value()[0]);
        assertEquals(5, m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 8)).value()[0]);
        assertNull(m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 4)));
        assertTrue(m.remove(a9));
        assertTrue(m.mayHold(a5));
        assertTrue(m.remove(a5));
        // the filter keeps its bits (a false positive costs one skip-list search); lookups stay exact
        assertNull(m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 100)));
    }

    /** After its newest version is removed, an older version put later does not pass for the newest. */
    @Test
    void anOlderPutAfterTheNewestWasRemovedDoesNotHideTheVersionsLeft() {
        Memtable m = new Memtable();
        Key a = Key.of("s", 1, new byte[] {1});
        m.put(InternalKeyCodec.encode(7, a, 5), new byte[] {5}, 1);
        m.put(InternalKeyCodec.encode(7, a, 9), new byte[] {9}, 2);
        assertTrue(m.remove(InternalKeyCodec.encode(7, a, 9)));
        m.put(InternalKeyCodec.encode(7, a, 3), new byte[] {3}, 3);
        assertEquals(5, m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 100)).value()[0]);
        m.put(InternalKeyCodec.encode(7, a, 12), new byte[] {12}, 4);
        assertEquals(12, m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 100)).value()[0]);
        assertEquals(5, m.newestAtOrBelow(InternalKeyCodec.encode(7, a, 11)).value()[0]);
    }
}
