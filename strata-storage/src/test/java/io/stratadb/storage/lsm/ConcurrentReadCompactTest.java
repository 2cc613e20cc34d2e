package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.CompactionResult;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.VersionFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers pin sets and read while flushes, compactions and table deletions run: no read ever
 * fails or sees a wrong value, and every retired table is deleted once unpinned.
 */
class ConcurrentReadCompactTest {
    private final long seed = TestSeeds.seed();

    @Test
    void readersNeverSeeDeletedTables() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        LevelOptions levels = new LevelOptions(4, 2, 8, 8 * 1024, 4, 4 * 1024);
        AtomicLong ids = new AtomicLong();
        // key i has value "i@v" for its versions v = 1..; readers check whatever version they see is well formed
        ConcurrentHashMap<Integer, Long> published = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (LsmTree tree = new LsmTree(store, new BlockCache(64 * 1024), TableSet.empty(4),
                new TableOptions(512, 8, 10), levels, ids::incrementAndGet)) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long s = seed + t;
                Thread th = new Thread(() -> {
                    Random r = new Random(s);
                    try {
                        while (!stop.get()) {
                            TableSet set = tree.acquire();
                            try {
                                for (int i = 0; i < 50; i++) {
                                    int key = r.nextInt(200);
                                    Long v = published.get(key);
                                    TableEntry e = tree.get(set, Keys.prefix("k" + key), Long.MAX_VALUE);
                                    if (v != null && set.generation() > 0) {
                                        if (e != null) {
                                            assertArrayEquals(("k" + key + "@" + e.version()).getBytes(), e.value());
                                        }
                                    }
                                }
                            } finally {
                                tree.release(set);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                th.start();
                readers.add(th);
            }
            Random rnd = new Random(seed);
            long version = 0;
            for (int flush = 0; flush < 40 && failure.get() == null; flush++) {
                TreeMap<byte[], TableEntry> batch = new TreeMap<>(java.util.Arrays::compareUnsigned);
                for (int i = 0; i < 100; i++) {
                    version++;
                    int key = rnd.nextInt(200);
                    byte[] k = InternalKeys.of(Keys.prefix("k" + key), version);
                    batch.put(k, TableEntry.put(k, ("k" + key + "@" + version).getBytes(), version));
                    published.put(key, version);
                }
                tree.apply(TableEdit.flush(tree.writeTable(batch.values().iterator())));
                var plan = tree.pickCompaction();
                while (plan.isPresent()) {
                    CompactionResult r = tree.compact(plan.get(), VersionFilter.keepAll());
                    tree.apply(r.edit());
                    tree.retire(r.obsolete());
                    plan = tree.pickCompaction();
                }
            }
            stop.set(true);
            for (Thread th : readers) {
                th.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("reader failed, seed=" + seed, failure.get());
            }
            tree.collectObsolete();
            assertEquals(0, tree.pendingDeletions(), "seed=" + seed);
            assertEquals(tree.current().tableCount(), store.count(), "seed=" + seed);
            TableSet set = tree.acquire();
            for (var e : published.entrySet()) {
                TableEntry got = tree.get(set, Keys.prefix("k" + e.getKey()), Long.MAX_VALUE);
                assertNotNull(got);
                assertEquals((long) e.getValue(), got.version(), "seed=" + seed);
            }
            tree.release(set);
        }
    }
}
