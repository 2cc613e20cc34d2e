package io.stratadb.storage.core;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lost-update freedom of OCC read-modify-write and snapshot consistency of concurrent readers. */
class ConcurrencyTest {
    private static final int ACCOUNTS = 10;
    private static final long INITIAL = 100;

    static byte[] enc(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long dec(Optional<VersionedValue> v) {
        return v.map(x -> ByteBuffer.wrap(x.value()).getLong()).orElse(0L);
    }

    static Key counter(int i) {
        return Key.of("default", 1, "counter-" + i);
    }

    static Key account(int i) {
        return Key.of("bank", 1, "acct-" + i);
    }

    @Test
    void readModifyWriteLosesNoUpdate() throws Exception {
        long seed = TestSeeds.seed();
        int threads = 8;
        int perThread = TestSeeds.longRun() ? 3000 : 300;
        int counters = 4;
        AtomicLong conflicts = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            long[] expected = new long[counters];
            List<Thread> ts = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                Random r = new Random(seed + t);
                int[] picks = new int[perThread];
                for (int i = 0; i < perThread; i++) {
                    picks[i] = r.nextInt(counters);
                    expected[picks[i]]++;
                }
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int pick : picks) {
                            while (true) {
                                try (Transaction tx = db.begin("default")) {
                                    long v = dec(tx.get(counter(pick)));
                                    tx.put(counter(pick), enc(v + 1));
                                    tx.commit();
                                    break;
                                } catch (CommitConflictException e) {
                                    conflicts.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors.peek());
            long total = 0;
            for (int c = 0; c < counters; c++) {
                long v = dec(db.read("default", counter(c)));
                assertEquals(expected[c], v, "seed " + seed + " counter " + c);
                assertEquals(expected[c], db.history("default", counter(c)).size(), "one version per increment");
                total += v;
            }
            assertEquals((long) threads * perThread, total, "seed " + seed);
            System.out.printf("read-modify-write: %d increments, %d conflicts retried (seed %d)%n", total,
                    conflicts.get(), seed);
        }
    }

    @Test
    void readersSeeOnlyWholeCommits() throws Exception {
        long seed = TestSeeds.seed();
        int transfers = TestSeeds.longRun() ? 20_000 : 2_000;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            WriteBatch init = new WriteBatch();
            for (int i = 0; i < ACCOUNTS; i++) {
                init.put(account(i), enc(INITIAL));
            }
            db.commit("default", init);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Random r = new Random(seed + w);
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < transfers; i++) {
                            transfer(db, r);
                            if (r.nextInt(500) == 0) {
                                String name = "fork-" + Thread.currentThread().threadId() + "-" + i;
                                db.fork("default", name);
                                assertEquals(INITIAL * ACCOUNTS, sum(db.snapshot(name)), "fork " + name);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            List<Thread> readers = new ArrayList<>();
            for (int rd = 0; rd < 2; rd++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    long lastVersion = 0;
                    try {
                        while (!done.get()) {
                            ReadView view = db.snapshot("default");
                            assertTrue(view.version() >= lastVersion, "versions never go back");
                            lastVersion = view.version();
                            assertEquals(INITIAL * ACCOUNTS, sum(view), "scan sum at " + view.version());
                            long byGet = 0;
                            for (int i = 0; i < ACCOUNTS; i++) {
                                byGet += dec(view.get(account(i)));
                            }
                            assertEquals(INITIAL * ACCOUNTS, byGet, "get sum at " + view.version());
                            reads.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "seed " + seed + ": " + errors.peek());
            assertEquals(INITIAL * ACCOUNTS, sum(db.snapshot("default")));
            System.out.printf("snapshot readers: %d consistent reads during %d transfers (seed %d)%n", reads.get(),
                    3 * transfers, seed);
        }
    }

    private static void transfer(Storage db, Random r) {
        int from = r.nextInt(ACCOUNTS);
        int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + r.nextInt(20);
        while (true) {
            try (Transaction tx = db.begin("default")) {
                long a = dec(tx.get(account(from)));
                long b = dec(tx.get(account(to)));
                tx.put(account(from), enc(a - amount));
                tx.put(account(to), enc(b + amount));
                tx.commit();
                return;
            } catch (CommitConflictException e) {
                // first committer won; retry on a fresh snapshot
            }
        }
    }

    private static long sum(ReadView view) {
        long s = 0;
        int n = 0;
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.space("bank"))) {
            while (it.hasNext()) {
                s += ByteBuffer.wrap(it.next().value()).getLong();
                n++;
            }
        }
        assertEquals(ACCOUNTS, n);
        return s;
    }
}
