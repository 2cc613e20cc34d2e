package io.stratadb.storage.recovery;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Durability;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Error paths: for every backend operation N (reads included) of a seeded workload that closes and
 * reopens twice, operation N fails once. Every failure must surface as a typed
 * {@link StorageException} (never anything else, never a hang), and reopening afterwards (the disk is
 * intact: no power loss) must show every acknowledged commit, in every mode.
 */
class ErrorPathSweepTest {
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"STRICT", "BUFFERED"})
    void failEveryOperationOnce(Durability mode) throws Exception {
        long base = TestSeeds.seed();
        int seeds = TestSeeds.longRun() ? 40 : 4;
        List<String> violations = new ArrayList<>();
        long points = 0;
        for (int si = 0; si < seeds && violations.isEmpty(); si++) {
            long seed = TestSeeds.mix(base, 1000 + si);
            long total = run(mode, seed, -1, violations);
            for (long n = 1; n <= total + 1 && violations.size() < 5; n++) {
                points++;
                run(mode, seed, n, violations);
            }
        }
        System.out.println("[sweep] " + mode + ": " + points + " failure points, " + violations.size() + " violations");
        assertEquals(List.of(), violations, "base -Dtests.seed=" + base);
        assertTrue(points > 200, "points " + points);
    }

    /** Runs the workload in three sessions with op {@code failAt} failing once; returns the op count. */
    private static long run(Durability mode, long seed, long failAt, List<String> violations) throws Exception {
        InMemoryBackend disk = new InMemoryBackend();
        FaultInjectingBackend f = new FaultInjectingBackend(disk, true);
        if (failAt > 0) {
            f.failOnce(failAt);
        }
        Workload w = new Workload(seed, 60);
        String where = "seed " + seed + " fail op " + failAt + ": ";
        for (int session = 0; session < 3; session++) {
            DurableStorage s;
            try {
                s = CrashRecoveryTest.open(mode, f);
            } catch (StorageException e) {
                continue; // the failed op was in open: typed, fine; the next session retries
            } catch (RuntimeException e) {
                violations.add(where + "untyped exception from open: " + e);
                return f.opCount();
            }
            try {
                long recovered = s.latestVersion();
                if (recovered < w.acked || recovered > w.attempted) {
                    violations.add(where + "reopen recovered version " + recovered + ", acknowledged " + w.acked
                            + ", attempted " + w.attempted);
                    return f.opCount();
                }
                String expected = w.expected(recovered);
                String got;
                try {
                    got = Workload.dump(s);
                } catch (StorageException e) {
                    continue; // the failed op was a read of the check itself (a value block's first read): typed, fine
                }
                if (!got.equals(expected)) {
                    violations.add(where + "state at " + recovered + " differs\nexpected:\n" + expected + "got:\n" + got);
                    return f.opCount();
                }
                w.resumeAt(recovered);
                RuntimeException e = w.runSome(s, 20);
                if (e != null && !(e instanceof StorageException)) {
                    violations.add(where + "untyped exception: " + e);
                    return f.opCount();
                }
            } finally {
                try {
                    s.close();
                } catch (StorageException e) {
                    // typed: fine
                } catch (RuntimeException e) {
                    violations.add(where + "untyped exception from close: " + e);
                }
            }
        }
        return f.opCount();
    }
}
