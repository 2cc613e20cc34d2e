package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers racing flushes and compactions (each on its own background thread): with a tiny memtable,
 * every few commits freeze the active memtable, write it as a table and drop it from the read sources,
 * and L0 tables are merged downwards, while readers hold snapshots. Each commit sets all keys
 * of a group to one counter value, so a snapshot must see every group whole (no key missing, none from
 * another commit), and a reader's successive snapshots never go back in time.
 */
class FlushVisibilityTest {
    private static final int GROUPS = 8;
    private static final int PER_GROUP = 12;

    private static Key key(int group, int i) {
        return Key.of("s", 1, String.format("g%02d-k%03d", group, i));
    }

    private static byte[] value(long counter, Random rnd) {
        byte[] v = new byte[8 + rnd.nextInt(200)]; // varied sizes: some flushes cut mid-group
        ByteBuffer.wrap(v).putLong(counter);
        return v;
    }

    private static long counter(byte[] v) {
        return ByteBuffer.wrap(v).getLong();
    }

    @Test
    void snapshotsSeeWholeCommitsWhileMemtablesAreFlushed() throws Exception {
        long seed = TestSeeds.seed();
        StorageOptions options = StorageOptions.durable(Path.of("unused")).withDurability(Durability.BUFFERED)
                .withMemtableBytes(8 << 10).withSyncIntervalMillis(5);
        try (Storage s = DurableStorage.open(options, new InMemoryBackend(), new DurableStorage.Tuning(64 << 10, true))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int reader = r;
                Thread t = new Thread(() -> {
                    long[] last = new long[GROUPS];
                    Random rnd = new Random(seed + reader);
                    try {
                        while (!stop.get()) {
                            ReadView view = s.snapshot(Storage.DEFAULT_BRANCH);
                            int g = rnd.nextInt(GROUPS);
                            long seen = -1;
                            int n = 0;
                            try (CloseableIterator<KeyValue> it = view.scan(KeyRange.interval("s", 1,
                                    String.format("g%02d-", g).getBytes(), String.format("g%02d.", g).getBytes()))) {
                                while (it.hasNext()) {
                                    long c = counter(it.next().value());
                                    if (seen >= 0) {
                                        assertEquals(seen, c, "seed=" + seed + ": group " + g + " mixes commits");
                                    }
                                    seen = c;
                                    n++;
                                }
                            }
                            if (n == 0) {
                                assertEquals(0, last[g], "seed=" + seed + ": group " + g + " vanished");
                                continue;
                            }
                            assertEquals(PER_GROUP, n, "seed=" + seed + ": group " + g + " incomplete");
                            assertTrue(seen >= last[g], "seed=" + seed + ": group " + g + " went back from "
                                    + last[g] + " to " + seen);
                            last[g] = seen;
                            // point reads through the same snapshot agree with the scan
                            int i = rnd.nextInt(PER_GROUP);
                            assertEquals(seen, counter(view.get(key(g, i)).orElseThrow().value()),
                                    "seed=" + seed + ": point read of group " + g);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "flush-visibility-reader-" + r);
                t.start();
                readers.add(t);
            }
            Random rnd = new Random(seed);
            for (long c = 1; c <= 1500 && failure.get() == null; c++) {
                int g = rnd.nextInt(GROUPS);
                WriteBatch b = new WriteBatch();
                for (int i = 0; i < PER_GROUP; i++) {
                    b.put(key(g, i), value(c, rnd));
                }
                s.commit(Storage.DEFAULT_BRANCH, b);
            }
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertNull(failure.get(), () -> "seed=" + seed + ": " + failure.get());
            List<Long> levels = s.stats().bytesPerLevel();
            assertTrue(levels.stream().skip(1).mapToLong(Long::longValue).sum() > 0,
                    "seed=" + seed + ": flushes and compactions below L0 happened while readers ran: " + levels);
        }
    }
}
