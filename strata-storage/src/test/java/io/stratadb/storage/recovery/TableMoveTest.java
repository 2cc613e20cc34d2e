package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import io.stratadb.storage.internal.lsm.LevelOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A compaction whose one input table overlaps nothing one level down relinks the table instead of
 * rewriting it. Keys written in order give exactly that shape: every flushed table covers new keys.
 */
class TableMoveTest {
    /** L0 compacts at one table, L1 holds 32 KiB, each level 2x the previous: tables go down fast. */
    private static final LevelOptions LEVELS = new LevelOptions(7, 1, 20, 32 << 10, 2, 16 << 10);
    private static final DurableStorage.Tuning TUNING = new DurableStorage.Tuning(64 << 10, false, LEVELS);
    private static final int N = 2_000;

    private static StorageOptions options() {
        return StorageOptions.durable(Path.of("unused")).withDurability(Durability.BUFFERED)
                .withMemtableBytes(16 << 10);
    }

    private static Key key(int i) {
        return Key.of("s", 1, String.format("k%06d", i));
    }

    private static byte[] value(long seed, int i) {
        byte[] v = new byte[200];
        new Random(seed * 31 + i).nextBytes(v);
        return v;
    }

    private static void put(Storage s, Key k, byte[] v) {
        WriteBatch b = new WriteBatch();
        b.put(k, v);
        s.commit(Storage.DEFAULT_BRANCH, b);
    }

    /** The backend, counting the tables written (every table is written through one appender). */
    private static Backend counting(Backend real, AtomicInteger tablesWritten) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("openAppender") && ((String) args[0]).startsWith(Layout.TABLES_DIR)) {
                        tablesWritten.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** An in-memory backend and the number of tables written through it. */
    private static final class Counted {
        final InMemoryBackend real = new InMemoryBackend();
        final AtomicInteger written = new AtomicInteger();

        Backend backend() {
            return counting(real, written);
        }

        int live() throws java.io.IOException {
            return real.list(Layout.TABLES_DIR).size();
        }
    }

    private static void writeInOrder(Storage s, long seed) {
        for (int i = 0; i < N; i++) {
            put(s, key(i), value(seed, i));
        }
    }

    private static void readBackInOrder(Storage s, long seed, int step, String when) {
        for (int i = 0; i < N; i += step) {
            assertArrayEquals(value(seed, i), s.read(Storage.DEFAULT_BRANCH, key(i)).orElseThrow().value(),
                    "seed=" + seed + " key " + i + when);
        }
    }

    @Test
    void tablesThatOverlapNothingBelowMoveDownWithoutARewrite() throws Exception {
        long seed = TestSeeds.seed();
        Counted c = new Counted();
        try (DurableStorage s = DurableStorage.open(options(), c.backend(), TUNING)) {
            writeInOrder(s, seed);
            List<Long> levels = s.stats().bytesPerLevel();
            assertTrue(levels.stream().skip(2).mapToLong(Long::longValue).sum() > 0,
                    "tables reached L2 and below: " + levels);
            assertTrue(c.written.get() > 4, "several tables were flushed: " + c.written.get());
            assertEquals(c.written.get(), c.live(), "every table written is still live: compaction only moved tables "
                    + "(a rewrite writes a new table and deletes its inputs); levels " + levels);
            readBackInOrder(s, seed, 7, "");
        }
        try (DurableStorage s = DurableStorage.open(options(), c.backend(), TUNING)) {
            readBackInOrder(s, seed, 1, " after reopen");
            assertEquals(N, s.stats().keys(), "seed=" + seed);
        }
    }

    /** Nothing is moved into the last level, which only a manual compaction merges again. */
    @Test
    void tablesAreMergedIntoTheLastLevelNotMoved() throws Exception {
        long seed = TestSeeds.seed();
        Counted c = new Counted();
        LevelOptions threeLevels = new LevelOptions(3, 1, 20, 16 << 10, 2, 16 << 10);
        DurableStorage.Tuning tuning = new DurableStorage.Tuning(64 << 10, false, threeLevels);
        try (DurableStorage s = DurableStorage.open(options(), c.backend(), tuning)) {
            writeInOrder(s, seed);
            List<Long> levels = s.stats().bytesPerLevel();
            assertTrue(levels.get(2) > 0, "data reached the last level: " + levels);
            assertTrue(c.written.get() > c.live(),
                    "tables going into the last level were merged (inputs deleted): " + levels);
            readBackInOrder(s, seed, 5, "");
        }
    }

    @Test
    void overlappingTablesAreStillMergedAndAManualCompactionRewrites() throws Exception {
        long seed = TestSeeds.seed();
        int n = N;
        Counted c = new Counted();
        Random r = new Random(seed);
        int[] order = r.ints(n, 0, n / 2).toArray(); // random keys, many overwritten: tables overlap
        try (DurableStorage s = DurableStorage.open(options(), c.backend(), TUNING)) {
            for (int i = 0; i < n; i++) {
                put(s, key(order[i]), value(seed, i));
            }
            assertTrue(c.written.get() > c.live(), "overlapping tables were merged (inputs deleted)");
            int before = c.written.get();
            s.compact();
            assertTrue(c.written.get() > before, "a manual compaction rewrites even a lone table");
            byte[][] expected = new byte[n / 2][];
            for (int i = 0; i < n; i++) {
                expected[order[i]] = value(seed, i);
            }
            for (int k = 0; k < n / 2; k++) {
                if (expected[k] != null) {
                    assertArrayEquals(expected[k], s.read(Storage.DEFAULT_BRANCH, key(k)).orElseThrow().value(),
                            "seed=" + seed + " key " + k);
                }
            }
        }
    }
}
