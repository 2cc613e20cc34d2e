package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
    private final long seed = TestSeeds.seed();

    @Test
    void budgetIsRespectedUnderConcurrentReads() throws Exception {
        Random rnd = new Random(seed);
        MemoryTableStore store = new MemoryTableStore();
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 3000);
        TableWriter.write(store, 1, TableOptions.defaults(), model.values().iterator());
        long budget = 64 * 1024;
        BlockCache cache = new BlockCache(budget);
        List<byte[]> keys = new ArrayList<>(model.keySet());
        try (TableReader r = TableReader.open(store, 1, cache)) {
            assertTrue((r.properties().dataBlocks() + r.historyBlocks()) * 4096L > 4 * budget,
                    "table must be larger than the cache");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long s = seed + t;
                    fs.add(pool.submit(() -> {
                        Random tr = new Random(s);
                        for (int i = 0; i < 3000; i++) {
                            byte[] k = keys.get(tr.nextInt(keys.size()));
                            TableEntry e = r.get(InternalKeys.prefix(k), InternalKeys.version(k));
                            assertEquals(model.get(k), e, "seed=" + seed);
                            assertTrue(cache.usedBytes() <= budget, "cache over budget, seed=" + seed);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(cache.usedBytes() <= budget && cache.usedBytes() > budget / 4,
                    "used " + cache.usedBytes() + " of " + budget);
            assertTrue(cache.hits() > 0 && cache.misses() > 0, "hits " + cache.hits() + " misses " + cache.misses());
            // a hot block is served from the cache
            byte[] k = keys.get(0);
            long h = cache.hits();
            r.get(InternalKeys.prefix(k), Long.MAX_VALUE);
            r.get(InternalKeys.prefix(k), Long.MAX_VALUE);
            assertTrue(cache.hits() > h);
        }
        assertEquals(0, cache.usedBytes(), "closing a table evicts its blocks");
    }

    @Test
    void zeroBudgetCachesNothing() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] k = Keys.key("a", 1);
        TableWriter.write(store, 1, TableOptions.defaults(), List.of(TableEntry.put(k, new byte[10], 1_700_000_000_000_000L)).iterator());
        BlockCache cache = new BlockCache(0);
        try (TableReader r = TableReader.open(store, 1, cache)) {
            r.get(Keys.prefix("a"), 5);
            r.get(Keys.prefix("a"), 5);
            assertEquals(0, cache.usedBytes());
            assertEquals(0, cache.hits());
        }
    }
}
