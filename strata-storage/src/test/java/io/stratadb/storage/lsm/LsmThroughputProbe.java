package io.stratadb.storage.lsm;

import io.stratadb.storage.internal.backend.LocalFsBackend;
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

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough throughput figures (printed, never asserted). Off by default: {@code -Dlsm.probe=true}.
 * Real benchmarks belong to the bench module.
 */
class LsmThroughputProbe {
    @TempDir
    Path dir;

    private static Iterator<TableEntry> entries(int from, int n, long version) {
        return new Iterator<>() {
            int i = 0;
            final Random rnd = new Random(from);

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public TableEntry next() {
                byte[] k = InternalKeys.of(Keys.prefix(String.format("user%010d", i * 4L + from)), version);
                i++;
                byte[] value = new byte[100]; // half random, half repetitive: compresses about 2:1
                rnd.nextBytes(value);
                java.util.Arrays.fill(value, 50, 100, (byte) 'x');
                return TableEntry.put(k, value, version);
            }
        };
    }

    @Test
    void probe() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("lsm.probe"), "set -Dlsm.probe=true to run");
        int n = 250_000;
        AtomicLong ids = new AtomicLong();
        try (LocalFsBackend backend = new LocalFsBackend(dir);
             LsmTree tree = new LsmTree(new BackendTableStore(backend), new BlockCache(64L << 20), TableSet.empty(4),
                     TableOptions.defaults(), new LevelOptions(4, 4, 20, 256L << 20, 10, 64L << 20),
                     ids::incrementAndGet)) {
            long t0 = System.nanoTime();
            long bytes = 0;
            for (int f = 0; f < 4; f++) {
                TableMeta t = tree.writeTable(entries(f, n, f + 1)); // interleaved keys: the four tables overlap fully
                bytes += t.fileSize();
                tree.apply(TableEdit.flush(t));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("write: %d entries (116 B raw) in %.2f s = %.0f entries/s, %.1f MB/s on disk%n",
                    4 * n, s, 4 * n / s, bytes / s / 1e6);
            TableSet set = tree.acquire();
            Random rnd = new Random(1);
            t0 = System.nanoTime();
            int lookups = 200_000;
            int found = 0;
            for (int i = 0; i < lookups; i++) {
                int k = rnd.nextInt(4 * n);
                if (tree.get(set, Keys.prefix(String.format("user%010d", (long) k)), Long.MAX_VALUE) != null) {
                    found++;
                }
            }
            s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("point lookups over 4 L0 tables: %.0f/s (found %d), cache hit rate %.2f%n",
                    lookups / s, found, tree.cache().hitRate());
            t0 = System.nanoTime();
            int misses = 0;
            for (int i = 0; i < lookups; i++) {
                int k = rnd.nextInt(4 * n);
                if (tree.get(set, Keys.prefix(String.format("user%010dx", (long) k)), Long.MAX_VALUE) == null) {
                    misses++;
                }
            }
            s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("absent-key lookups (bloom): %.0f/s (%d absent)%n", lookups / s, misses);
            t0 = System.nanoTime();
            long count = 0;
            try (EntryCursor c = tree.cursor(set)) {
                for (c.seekToFirst(); c.valid(); c.next()) {
                    count++;
                }
            }
            s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("merged scan of 4 tables: %d entries in %.2f s = %.0f entries/s%n", count, s, count / s);
            tree.release(set);
            CompactionPlan plan = tree.pickCompaction().orElseThrow();
            t0 = System.nanoTime();
            CompactionResult r = tree.compact(plan, VersionFilter.keepAll());
            s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("compaction L0->L1: %d entries, %.1f MB in, %.1f MB out in %.2f s = %.1f MB/s%n",
                    r.entriesIn(), plan.inputBytes() / 1e6, r.bytesOut() / 1e6, s, plan.inputBytes() / s / 1e6);
            tree.apply(r.edit());
            tree.retire(r.obsolete());
        }
    }
}
