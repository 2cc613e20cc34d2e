package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReaders;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.TableWriter;
import io.stratadb.storage.internal.record.CorruptionException;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableSetTest {
    private final MemoryTableStore store = new MemoryTableStore();

    private TableMeta table(long id, String... users) throws Exception {
        java.util.TreeMap<byte[], TableEntry> m = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
        for (String u : users) {
            byte[] k = Keys.key(u, id);
            m.put(k, TableEntry.put(k, u.getBytes(), id));
        }
        return TableWriter.write(store, id, TableOptions.defaults(), m.values().iterator());
    }

    @Test
    void editsApplyAndRoundTripThroughBytes() throws Exception {
        TableMeta a = table(1, "a", "b");
        TableMeta b = table(2, "c", "d");
        TableMeta c = table(3, "a", "z");
        TableMeta d = table(4, "m");
        TableSet s = TableSet.empty(3)
                .apply(new TableEdit(List.of(new TableEdit.Added(1, b), new TableEdit.Added(1, a)), List.of()))
                .apply(TableEdit.flush(c))
                .apply(TableEdit.flush(d));
        assertEquals(List.of(d, c), s.level(0), "L0 newest first");
        assertEquals(List.of(a, b), s.level(1), "L1 by key");
        assertEquals(List.of(c, a), s.candidates(Keys.prefix("a")));
        assertEquals(List.of(c), s.candidates(Keys.prefix("x")));
        TableSet back = TableSet.decode(s.encode(), "manifest/x");
        assertEquals(s.level(0), back.level(0));
        assertEquals(s.level(1), back.level(1));
        TableEdit e = new TableEdit(List.of(new TableEdit.Added(2, d)), List.of(1L, 4L));
        assertEquals(e, TableEdit.decode(e.encode(), "manifest/y"));
        TableSet s2 = s.apply(e);
        assertEquals(List.of(c), s2.level(0));
        assertEquals(List.of(b), s2.level(1));
        assertEquals(List.of(d), s2.level(2));
        assertEquals(s.generation() + 1, s2.generation());
    }

    @Test
    void badEditsAreRejectedWithTheTableNamed() throws Exception {
        TableMeta a = table(1, "a", "c");
        TableMeta b = table(2, "b");
        TableSet s = TableSet.empty(3).apply(new TableEdit(List.of(new TableEdit.Added(1, a)), List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.apply(new TableEdit(List.of(new TableEdit.Added(1, b)), List.of())));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.apply(new TableEdit(List.of(), List.of(9L))));
        assertTrue(e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> s.apply(new TableEdit(List.of(new TableEdit.Added(5, b)), List.of())));
        assertTrue(e.getMessage().contains("level 5"), e.getMessage());
        // no checksum of its own (the manifest's record framing has one), but truncation is caught
        byte[] full = s.encode();
        byte[] junk = java.util.Arrays.copyOf(full, full.length - 3);
        assertThrows(CorruptionException.class, () -> TableSet.decode(junk, "manifest/z"));
    }

    @Test
    void readerRejectsAnObjectThatDoesNotMatchTheManifest() throws Exception {
        TableMeta a = table(1, "a");
        TableMeta other = table(2, "b");
        store.replace(1, store.bytes(2));
        try (TableReaders readers = new TableReaders(store, new BlockCache(0))) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> readers.get(a));
            assertTrue(e.getMessage().contains("does not match its manifest entry"), e.getMessage());
            assertEquals(other.props(), readers.get(other).properties());
        }
        assertEquals(8, InternalKeys.SUFFIX);
    }
}
