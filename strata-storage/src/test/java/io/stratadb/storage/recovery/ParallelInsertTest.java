package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Committers insert their writes into the memtable after leaving the commit lock, in parallel and
 * possibly out of version order. These tests mix blind writes (which never wait for other inserts) with
 * OCC transactions (whose validation waits for every earlier insert), under a tiny memtable so that
 * memtable swaps race the inserts too.
 */
class ParallelInsertTest {
    private static final Key HOT = Key.of("s", 1, "hot");

    private static StorageOptions options() {
        return StorageOptions.durable(Path.of("unused")).withDurability(Durability.BUFFERED)
                .withMemtableBytes(16 << 10).withSyncIntervalMillis(5);
    }

    private static DurableStorage.Tuning tuning() {
        return new DurableStorage.Tuning(64 << 10, true);
    }

    private static Thread start(String name, CountDownLatch go, ConcurrentLinkedQueue<Throwable> errors,
                                ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                go.await();
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * First committer wins against blind writes still being inserted: a transaction that read the hot
     * key at version r and committed at version c must not have any other version of that key in (r, c).
     */
    @Test
    void validationSeesBlindWritesStillBeingInserted() throws Exception {
        long seed = TestSeeds.seed();
        int blindPerThread = TestSeeds.longRun() ? 20_000 : 3_000;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> committed = new ConcurrentLinkedQueue<>(); // {read version, commit version}
        AtomicBoolean stop = new AtomicBoolean();
        try (Storage s = DurableStorage.open(options(), new InMemoryBackend(), tuning())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> blind = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Random r = new Random(seed + w);
                blind.add(start("blind-" + w, go, errors, () -> {
                    for (int i = 0; i < blindPerThread; i++) {
                        WriteBatch b = new WriteBatch();
                        b.put(HOT, new byte[1 + r.nextInt(300)]);
                        s.commit(Storage.DEFAULT_BRANCH, b);
                    }
                }));
            }
            List<Thread> txs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int id = t;
                txs.add(start("tx-" + t, go, errors, () -> {
                    for (int i = 0; !stop.get(); i++) {
                        try (Transaction tx = s.begin(Storage.DEFAULT_BRANCH)) {
                            Optional<VersionedValue> read = tx.get(HOT);
                            tx.put(Key.of("s", 1, "seen-" + id + "-" + i), new byte[] {1});
                            CommitResult c = tx.commit();
                            committed.add(new long[] {read.map(VersionedValue::version).orElse(0L), c.version()});
                        } catch (CommitConflictException e) {
                            // a blind write came first: expected
                        }
                    }
                }));
            }
            go.countDown();
            for (Thread t : blind) {
                t.join();
            }
            stop.set(true);
            for (Thread t : txs) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "seed=" + seed + ": " + errors.peek());
            List<VersionedValue> history = s.history(Storage.DEFAULT_BRANCH, HOT);
            assertEquals(3L * blindPerThread, history.size(), "seed=" + seed + ": every blind write is kept");
            long[] versions = history.stream().mapToLong(VersionedValue::version).sorted().toArray();
            for (long[] c : committed) {
                int at = java.util.Arrays.binarySearch(versions, c[0] + 1);
                int next = at >= 0 ? at : -at - 1;
                assertTrue(next == versions.length || versions[next] > c[1], () -> "seed=" + seed
                        + ": a transaction read the hot key at version " + c[0] + " and committed at " + c[1]
                        + " although another write of it committed in between");
            }
            System.out.printf("parallel inserts: %d transactions committed beside %d blind writes (seed %d)%n",
                    committed.size(), 3 * blindPerThread, seed);
        }
    }

    /**
     * Concurrent batches of {@link #BATCH} keys: a reader probing the batch each writer is committing
     * right now never sees it in part, every batch a writer finished is in every later snapshot, and
     * after the run (and after reopening) every batch is there.
     */
    @Test
    void concurrentBatchesAreWholeAndSurviveReopen() throws Exception {
        long seed = TestSeeds.seed();
        int perThread = TestSeeds.longRun() ? 10_000 : 1_500;
        int writers = 4;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray finished = new AtomicLongArray(writers); // per writer: batches committed
        InMemoryBackend backend = new InMemoryBackend();
        try (Storage s = DurableStorage.open(options(), backend, tuning())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ws = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                Random r = new Random(seed + w);
                ws.add(start("writer-" + w, go, errors, () -> {
                    for (int i = 0; i < perThread; i++) {
                        WriteBatch b = new WriteBatch();
                        for (int j = 0; j < BATCH; j++) {
                            b.put(batchKey(id, i, j), new byte[1 + r.nextInt(200)]);
                        }
                        s.commit(Storage.DEFAULT_BRANCH, b);
                        finished.set(id, i + 1);
                    }
                }));
            }
            Thread reader = start("reader", go, errors, () -> {
                long probes = 0;
                while (!stop.get()) {
                    long[] done = new long[writers];
                    for (int w = 0; w < writers; w++) {
                        done[w] = finished.get(w);
                    }
                    ReadView view = s.snapshot(Storage.DEFAULT_BRANCH);
                    for (int w = 0; w < writers; w++) {
                        if (done[w] > 0) {
                            assertTrue(view.get(batchKey(w, (int) done[w] - 1, BATCH - 1)).isPresent(),
                                    "seed=" + seed + ": a finished batch is missing at version " + view.version());
                        }
                        int current = (int) done[w]; // probably being committed right now
                        if (view.get(batchKey(w, current, 0)).isPresent()) {
                            probes++;
                            assertTrue(view.get(batchKey(w, current, BATCH - 1)).isPresent(),
                                    "seed=" + seed + ": batch " + w + "-" + current + " is partly visible at version "
                                            + view.version());
                        }
                    }
                }
                System.out.printf("parallel inserts: %d batches seen while being committed (seed %d)%n", probes, seed);
            });
            go.countDown();
            for (Thread t : ws) {
                t.join();
            }
            stop.set(true);
            reader.join();
            assertTrue(errors.isEmpty(), () -> "seed=" + seed + ": " + errors.peek());
            assertEquals(writers * perThread * BATCH, names(s.snapshot(Storage.DEFAULT_BRANCH), "p").size(),
                    "seed=" + seed);
        }
        try (Storage s = DurableStorage.open(options(), backend, tuning())) {
            assertEquals(writers * perThread * BATCH, names(s.snapshot(Storage.DEFAULT_BRANCH), "p").size(),
                    "seed=" + seed + ": after reopen");
        }
    }

    private static final int BATCH = 8;

    private static Key batchKey(int writer, int batch, int j) {
        return Key.of("p", 1, writer + "-" + batch + "-" + j);
    }

    private static Set<String> names(ReadView view, String space) {
        Set<String> out = new HashSet<>();
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.space(space))) {
            while (it.hasNext()) {
                out.add(new String(it.next().key().userKey()));
            }
        }
        return out;
    }
}
