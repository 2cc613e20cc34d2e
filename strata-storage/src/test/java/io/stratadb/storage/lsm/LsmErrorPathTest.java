package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lsm.BackendTableStore;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.CompactionPlan;
import io.stratadb.storage.internal.lsm.CompactionResult;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Error-path sweep: the same flush + compaction workload, with backend operation N failing once,
 * for every N until the workload no longer reaches N. Every failure surfaces as an IOException,
 * leaves the live set untouched and no orphan table objects; retrying the step completes it,
 * and the final contents equal the model.
 */
class LsmErrorPathTest {
    private final long seed = TestSeeds.seed();

    private static final LevelOptions LEVELS = new LevelOptions(3, 2, 8, 4 * 1024, 4, 4 * 1024);

    private List<List<TableEntry>> workload(TreeMap<byte[], TableEntry> model) {
        Random rnd = new Random(seed);
        List<List<TableEntry>> batches = new ArrayList<>();
        long version = 0;
        for (int b = 0; b < 5; b++) {
            TreeMap<byte[], TableEntry> batch = new TreeMap<>(Arrays::compareUnsigned);
            for (int i = 0; i < 60; i++) {
                version++;
                byte[] k = InternalKeys.of(Keys.prefix("k" + rnd.nextInt(80)), version);
                TableEntry e = rnd.nextInt(6) == 0 ? TableEntry.delete(k, version)
                        : TableEntry.put(k, ("val" + version + "-".repeat(rnd.nextInt(40))).getBytes(), version);
                batch.put(k, e);
                model.put(k, e);
            }
            batches.add(new ArrayList<>(batch.values()));
        }
        return batches;
    }

    /** Runs the workload; returns the number of injected failures seen. */
    private int run(InMemoryBackend inner, FaultInjectingBackend backend, TreeMap<byte[], TableEntry> model) throws Exception {
        List<List<TableEntry>> batches = workload(model);
        AtomicLong ids = new AtomicLong();
        int failures = 0;
        try (LsmTree tree = new LsmTree(new BackendTableStore(backend), new BlockCache(1 << 16),
                TableSet.empty(LEVELS.levelCount()), new TableOptions(256, 4, 10), LEVELS, ids::incrementAndGet)) {
            for (List<TableEntry> batch : batches) {
                for (int attempt = 0; ; attempt++) {
                    TableSet before = tree.current();
                    try {
                        TableMeta t = tree.writeTable(batch.iterator());
                        tree.apply(TableEdit.flush(t));
                        break;
                    } catch (IOException e) {
                        failures++;
                        assertEquals(before, tree.current(), "failed flush must not change the set, seed=" + seed);
                        assertNoOrphans(inner, tree);
                        assertTrue(attempt < 3, "seed=" + seed);
                    }
                }
                for (int step = 0; step < 20; step++) {
                    Optional<CompactionPlan> plan = tree.pickCompaction();
                    if (plan.isEmpty()) {
                        break;
                    }
                    TableSet before = tree.current();
                    CompactionResult r;
                    try {
                        r = tree.compact(plan.get(), VersionFilter.keepEverything());
                    } catch (IOException e) {
                        failures++;
                        assertEquals(before, tree.current(), "failed compaction must not change the set, seed=" + seed);
                        assertNoOrphans(inner, tree);
                        continue;
                    }
                    tree.apply(r.edit());
                    try {
                        tree.retire(r.obsolete());
                    } catch (IOException e) {
                        failures++;
                        tree.retire(List.of()); // the failed deletion is retried
                    }
                    assertNoOrphans(inner, tree);
                }
            }
            // contents equal the model
            TableSet set = tree.acquire();
            List<TableEntry> all = new ArrayList<>();
            for (int attempt = 0; ; attempt++) {
                all.clear();
                try (EntryCursor c = tree.cursor(set)) {
                    for (c.seekToFirst(); c.valid(); c.next()) {
                        all.add(c.entry());
                    }
                    break;
                } catch (IOException e) {
                    failures++;
                    assertTrue(attempt < 3);
                }
            }
            tree.release(set);
            assertEquals(new ArrayList<>(model.values()), all, "seed=" + seed);
        }
        return failures;
    }

    private void assertNoOrphans(InMemoryBackend backend, LsmTree tree) throws IOException {
        TreeSet<String> live = new TreeSet<>();
        for (TableMeta t : tree.current().all()) {
            live.add(Layout.table(t.id()));
        }
        assertEquals(live, new TreeSet<>(backend.list(Layout.TABLES_DIR)), "orphan or missing tables, seed=" + seed);
    }

    @Test
    void everyFailingOperationIsReportedAndRecoverable() throws Exception {
        InMemoryBackend cleanInner = new InMemoryBackend();
        FaultInjectingBackend clean = new FaultInjectingBackend(cleanInner, true);
        run(cleanInner, clean, new TreeMap<>(Arrays::compareUnsigned));
        long total = clean.opCount();
        assertTrue(total > 50, "workload too small: " + total);
        int injected = 0;
        for (long n = 1; n <= total; n++) {
            InMemoryBackend inner = new InMemoryBackend();
            FaultInjectingBackend b = new FaultInjectingBackend(inner, true);
            b.failOnce(n);
            injected += run(inner, b, new TreeMap<>(Arrays::compareUnsigned));
        }
        System.out.println("error-path sweep: " + total + " operations, " + injected + " injected failures handled");
        assertTrue(injected >= total / 2, "most operations should have been hit, injected " + injected);
    }
}
