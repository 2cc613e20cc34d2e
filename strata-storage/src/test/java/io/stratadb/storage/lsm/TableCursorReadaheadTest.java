package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Cursors that read blocks ahead return exactly the model, from any seek, with or without filling the cache. */
class TableCursorReadaheadTest {
    private final long seed = TestSeeds.seed();

    @Test
    void walksFromRandomSeeksMatchTheModel() throws Exception {
        Random rnd = new Random(seed);
        MemoryTableStore store = new MemoryTableStore();
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 3000);
        TableWriter.write(store, 3, new TableOptions(256, 4, 10), model.values().iterator()); // many small blocks
        List<TableEntry> all = new ArrayList<>(model.values());
        String msg = "seed=" + seed;
        for (long budget : new long[] {0, 16 * 1024, 8 << 20}) {
            BlockCache cache = new BlockCache(budget);
            try (TableReader r = TableReader.open(store, 3, cache)) {
                assertTrue(r.properties().dataBlocks() > 100, "table must span many blocks");
                for (boolean fill : new boolean[] {true, false}) {
                    try (EntryCursor c = r.cursor(fill)) {
                        List<TableEntry> seen = TableRoundTripTest.scanAll(c);
                        assertEquals(all, seen, msg + " fill=" + fill + " budget=" + budget);
                        for (int i = 0; i < 200; i++) {
                            byte[] target = all.get(rnd.nextInt(all.size())).key();
                            c.seek(target);
                            Iterator<TableEntry> want = model.tailMap(target, true).values().iterator();
                            int walk = rnd.nextInt(200);
                            for (int j = 0; j < walk && want.hasNext(); j++) {
                                assertTrue(c.valid(), msg);
                                assertEquals(want.next(), c.entry(), msg);
                                c.next();
                            }
                            if (!want.hasNext()) {
                                assertFalse(c.valid(), msg);
                            }
                        }
                    }
                }
            }
            assertEquals(0, cache.usedBytes(), "closing the table empties the cache, " + msg);
        }
    }

    @Test
    void compactionCursorDoesNotFillTheCache() throws Exception {
        Random rnd = new Random(seed);
        MemoryTableStore store = new MemoryTableStore();
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 2000);
        TableWriter.write(store, 4, TableOptions.defaults(), model.values().iterator());
        BlockCache cache = new BlockCache(8 << 20);
        try (TableReader r = TableReader.open(store, 4, cache)) {
            int n = 0;
            try (EntryCursor c = r.cursor(false)) {
                for (c.seekToFirst(); c.valid(); c.next()) {
                    n++;
                }
            }
            assertEquals(model.size(), n);
            assertEquals(0, cache.usedBytes(), "seed=" + seed);
            Map.Entry<byte[], TableEntry> first = model.firstEntry();
            try (EntryCursor c = r.cursor()) {
                c.seek(first.getKey());
                assertEquals(first.getValue(), c.entry());
            }
            assertTrue(cache.usedBytes() > 0, "a read path cursor fills the cache, seed=" + seed);
        }
    }
}
