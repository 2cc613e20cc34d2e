package io.stratadb.storage.recovery;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The recovery oracle through the Storage API. For every counted backend operation N of a seeded
 * workload: crash at N (everything from N fails, then a power-loss image of the backend is taken:
 * unsynced data dropped, torn, reordered or garbled), reopen, and check that the recovered state is
 * exactly the model's state after some prefix of the commits: at least every acknowledged one in
 * STRICT, never more than were attempted. Then one more commit, close, reopen: it must be there
 * (nothing replays behind a repaired hole). Zero violations allowed. {@code -Dtests.long=true} runs
 * many more seeds and longer workloads.
 */
class CrashRecoveryTest {
    static final long SEGMENT_BYTES = 700; // small: segment rolls happen inside the workload

    static StorageOptions options(Durability d) {
        AtomicLong clock = new AtomicLong(1_000_000);
        // BUFFERED with a huge interval: syncs only on flush/roll/close, so the op sequence is deterministic
        return StorageOptions.durable(Path.of("unused")).withDurability(d).withSyncIntervalMillis(1_000_000).withMemtableBytes(4096)
                .withClock(clock::incrementAndGet);
    }

    static DurableStorage open(Durability d, Backend b) {
        return DurableStorage.open(options(d), b, new DurableStorage.Tuning(SEGMENT_BYTES, false));
    }

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"STRICT", "BUFFERED"})
    void crashAtEveryOperation(Durability mode) throws Exception {
        long base = TestSeeds.seed();
        int seeds = TestSeeds.longRun() ? 100 : 8;
        int steps = TestSeeds.longRun() ? 150 : 50;
        List<String> violations = new ArrayList<>();
        long points = 0;
        for (int si = 0; si < seeds; si++) {
            long seed = TestSeeds.mix(base, si);
            long total = dryRunOps(mode, seed, steps);
            for (long n = 1; n <= total && violations.size() <= 5; n++) {
                points++;
                String v = crashAt(mode, seed, steps, n);
                if (v != null) {
                    violations.add("seed " + seed + " (base -Dtests.seed=" + base + ") crash at op " + n + ": " + v);
                    if (violations.size() > 5) {
                        break;
                    }
                }
            }
        }
        System.out.println("[crash] " + mode + ": " + points + " crash points, " + violations.size() + " violations");
        assertEquals(List.of(), violations, "base seed " + base);
        assertTrue(points >= (TestSeeds.longRun() ? 10_000 : 1_000), "crash points: " + points);
    }

    /**
     * Compound failure: crash during the workload, then crash again at every operation of the recovery
     * that follows (its repairs, quarantine and garbage collection), then recover: the oracle must hold.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"STRICT", "BUFFERED"})
    void crashDuringRecovery(Durability mode) throws Exception {
        long base = TestSeeds.seed();
        int seeds = TestSeeds.longRun() ? 20 : 2;
        List<String> violations = new ArrayList<>();
        long points = 0;
        for (int si = 0; si < seeds && violations.isEmpty(); si++) {
            long seed = TestSeeds.mix(base, 9000 + si);
            long total = dryRunOps(mode, seed, 40);
            for (long n = 1; n <= total && violations.size() < 5; n += TestSeeds.longRun() ? 1 : 4) {
                FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend());
                f.failFrom(n);
                Workload w = new Workload(seed, 40);
                try (DurableStorage s = open(mode, f)) {
                    w.run(s);
                } catch (StorageException expected) {
                    // crashed
                }
                InMemoryBackend first = f.crashImage(new Random(TestSeeds.mix(seed, n)));
                FaultInjectingBackend probe = new FaultInjectingBackend(copy(first));
                open(mode, probe).close();
                long recoveryOps = probe.opCount();
                for (long m = 1; m <= recoveryOps && violations.size() < 5; m++) {
                    points++;
                    FaultInjectingBackend g = new FaultInjectingBackend(copy(first));
                    g.failFrom(m);
                    try (DurableStorage s = open(mode, g)) {
                        s.latestVersion();
                    } catch (StorageException expected) {
                        // crashed during recovery (or its close)
                    }
                    String v = check(mode, w, g.crashImage(new Random(TestSeeds.mix(seed ^ n, m))));
                    if (v != null) {
                        violations.add("seed " + seed + " (base -Dtests.seed=" + base + ") crash at op " + n
                                + ", then at recovery op " + m + ": " + v);
                    }
                }
            }
        }
        System.out.println("[crash-in-recovery] " + mode + ": " + points + " double-crash points, "
                + violations.size() + " violations");
        assertEquals(List.of(), violations, "base seed " + base);
    }

    static InMemoryBackend copy(InMemoryBackend b) {
        InMemoryBackend c = new InMemoryBackend();
        b.snapshot().forEach(c::write);
        return c;
    }

    static long dryRunOps(Durability mode, long seed, int steps) throws Exception {
        FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend());
        Workload w = new Workload(seed, steps);
        DurableStorage s = open(mode, f);
        RuntimeException e = w.run(s);
        s.close();
        if (e != null) {
            throw new AssertionError("dry run failed, seed " + seed, e);
        }
        return f.opCount();
    }

    /** Returns a violation description, or null. */
    static String crashAt(Durability mode, long seed, int steps, long n) throws Exception {
        FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend());
        f.failFrom(n);
        Workload w = new Workload(seed, steps);
        DurableStorage s = null;
        try {
            s = open(mode, f);
        } catch (StorageException expected) {
            // crashed while opening a new database: nothing acknowledged
        }
        if (s != null) {
            RuntimeException e = w.run(s);
            if (e != null && !(e instanceof StorageException)) {
                return "untyped exception " + e;
            }
            try {
                s.close();
                if (e == null) {
                    w.flushedAck = w.acked;
                }
            } catch (StorageException ignored) {
                // the crash hit close's sync
            }
        }
        Backend image = f.crashImage(new Random(TestSeeds.mix(seed, n)));
        String v = check(mode, w, image);
        if (v != null) {
            return v;
        }
        return null;
    }

    static String check(Durability mode, Workload w, Backend image) {
        long recovered;
        try (DurableStorage r = open(mode, image)) {
            recovered = r.latestVersion();
            if (recovered > w.attempted) {
                return "recovered version " + recovered + " > attempted " + w.attempted;
            }
            if (mode == Durability.STRICT && recovered < w.acked) {
                return "STRICT lost acknowledged commits: recovered " + recovered + " < acked " + w.acked;
            }
            if (recovered < w.flushedAck) {
                return "lost commits acknowledged before a successful flush/close: recovered " + recovered + " < "
                        + w.flushedAck;
            }
            String expected = w.expected(recovered);
            if (expected == null) {
                return "no model state for recovered version " + recovered;
            }
            String got = Workload.dump(r);
            if (!expected.equals(got)) {
                return "state at version " + recovered + " differs from the model\nexpected:\n" + expected + "got:\n" + got;
            }
            if (r.branch(Storage.DEFAULT_BRANCH).isPresent()) {
                r.commit(Storage.DEFAULT_BRANCH, new WriteBatch().put(Key.of("default", 1, "after"),
                        "crash".getBytes(StandardCharsets.UTF_8)));
            }
        } catch (StorageException e) {
            return "recovery failed: " + e;
        }
        try (DurableStorage again = open(mode, image)) {
            if (again.latestVersion() != recovered + 1) {
                return "commit after recovery not durable across reopen: " + again.latestVersion() + " vs "
                        + (recovered + 1);
            }
            if (again.read(Storage.DEFAULT_BRANCH, Key.of("default", 1, "after")).isEmpty()) {
                return "commit after recovery lost";
            }
        } catch (StorageException e) {
            return "second reopen failed: " + e;
        }
        return null;
    }
}
