package io.stratadb.storage.core;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.StorageRuntime;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fork is O(metadata): forking a branch with 1 key and with 1,000,000 keys adds exactly one entry
 * (the catalog record of the new branch) to the memtable and copies no data. Timings are printed,
 * not asserted (the benchmark module measures performance).
 */
class ForkCostTest {
    static Key key(int i) {
        return Key.of("default", 1, ByteBuffer.allocate(4).putInt(i).array());
    }

    @Test
    void forkCopiesNothing() {
        long seed = TestSeeds.seed();
        Random r = new Random(seed);
        for (int size : new int[] {1, 1_000_000}) {
            try (Storage db = Storage.open(StorageOptions.inMemory())) {
                StorageRuntime rt = (StorageRuntime) db;
                for (int start = 0; start < size; start += 10_000) {
                    WriteBatch batch = new WriteBatch();
                    for (int i = start; i < Math.min(size, start + 10_000); i++) {
                        batch.put(key(i), ByteBuffer.allocate(4).putInt(i).array());
                    }
                    db.commit("default", batch);
                }
                long before = rt.memtable().entryCount();
                assertEquals(size, before);
                long t0 = System.nanoTime();
                db.fork("default", "child");
                long forkNanos = System.nanoTime() - t0;
                assertEquals(before + 1, rt.memtable().entryCount(), "fork added only its catalog record");
                t0 = System.nanoTime();
                db.fork("child", "grandchild");
                long fork2Nanos = System.nanoTime() - t0;
                assertEquals(before + 2, rt.memtable().entryCount());
                for (int probe = 0; probe < 100; probe++) {
                    int i = r.nextInt(size);
                    var v = db.read("grandchild", key(i));
                    assertTrue(v.isPresent(), "seed " + seed + " key " + i);
                    assertArrayEquals(ByteBuffer.allocate(4).putInt(i).array(), v.get().value());
                }
                System.out.printf("fork of a branch with %,d keys: %.1f µs (fork of that fork: %.1f µs),"
                        + " memtable entries %,d -> %,d%n", size, forkNanos / 1e3, fork2Nanos / 1e3, before,
                        rt.memtable().entryCount());
            }
        }
    }
}
