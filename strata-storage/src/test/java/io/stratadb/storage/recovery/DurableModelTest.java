package io.stratadb.storage.recovery;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model-based random test of the durable engine: the seeded {@link Workload} (its reference model is
 * the oracle) runs in all three durability modes; the durable ones are closed and reopened at random
 * points, over the local file system and in memory, with a tiny memtable so flushes and compactions
 * happen. After every step the state must equal the model, and the transcript of observations (state
 * dumps, histories, as-of-version and as-of-timestamp reads) must be identical in every mode.
 */
class DurableModelTest {
    @TempDir
    Path dir;

    @Test
    void sameResultsInEveryModeWithReopens() throws Exception {
        long base = TestSeeds.seed();
        int seeds = TestSeeds.longRun() ? 40 : 8;
        for (int i = 0; i < seeds; i++) {
            long seed = TestSeeds.mix(base, 5000 + i);
            String msg = "seed " + seed + " (base -Dtests.seed=" + base + ")";
            // the local file system for the first seeds (real fsyncs are slow), the in-memory backend after
            boolean fs = i < 2 || TestSeeds.longRun();
            List<String> mem = transcript(Durability.IN_MEMORY, seed, null);
            List<String> buffered = transcript(Durability.BUFFERED, seed, fs ? dir.resolve("b" + i) : null);
            List<String> strict = transcript(Durability.STRICT, seed, fs ? dir.resolve("s" + i) : null);
            assertSame(mem, buffered, msg + ": BUFFERED differs from IN_MEMORY");
            assertSame(mem, strict, msg + ": STRICT differs from IN_MEMORY");
        }
    }

    /** Compares transcripts and reports the first difference only (they are long). */
    private static void assertSame(List<String> expected, List<String> actual, String msg) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), msg + " at observation " + i);
        }
        assertEquals(expected.size(), actual.size(), msg);
    }

    private static StorageOptions options(Durability d, Path root) {
        AtomicLong clock = new AtomicLong(5_000_000);
        StorageOptions o = root == null && d == Durability.IN_MEMORY ? StorageOptions.inMemory()
                : StorageOptions.durable(root == null ? Path.of("unused") : root).withDurability(d);
        return o.withMemtableBytes(4096).withSyncIntervalMillis(5).withClock(() -> clock.addAndGet(10));
    }

    /** Runs the workload and records what a user could observe after each step. */
    private static List<String> transcript(Durability mode, long seed, Path root) {
        StorageOptions opts = options(mode, root);
        InMemoryBackend memDisk = new InMemoryBackend();
        Random reopen = new Random(seed ^ 0x5DEECE66DL);
        Workload w = new Workload(seed, 120);
        List<String> out = new ArrayList<>();
        Storage s = open(mode, opts, root, memDisk);
        try {
            for (int step = 0; step < 120; step++) {
                RuntimeException e = w.runSome(s, 1);
                assertNull(e, "seed " + seed + " mode " + mode + " step " + step);
                String dump = Workload.dump(s);
                assertEquals(w.expected(s.latestVersion()), dump, "seed " + seed + " mode " + mode + " step " + step);
                out.add(dump);
                out.add(observe(s, step));
                if (mode != Durability.IN_MEMORY && reopen.nextInt(10) == 0) {
                    s.close();
                    s = open(mode, opts, root, memDisk);
                    assertTrue(s.recoveryHealth().isHealthy(), s.recoveryHealth().toString());
                }
            }
        } finally {
            s.close();
        }
        return out;
    }

    private static Storage open(Durability mode, StorageOptions opts, Path root, InMemoryBackend memDisk) {
        if (mode == Durability.IN_MEMORY || root != null) {
            return Storage.open(opts);
        }
        return DurableStorage.open(opts, memDisk, new DurableStorage.Tuning(2048, true));
    }

    /** Histories of a few keys, an as-of-version view and an as-of-timestamp view. */
    private static String observe(Storage s, int step) {
        StringBuilder sb = new StringBuilder();
        long latest = s.latestVersion();
        for (BranchInfo b : s.listBranches()) {
            sb.append(b.name()).append(" fork@").append(b.forkVersion()).append(" parent=").append(b.parent().orElse("-"))
                    .append('\n');
            for (String k : new String[] {"k" + (step % 8), "k" + ((step + 3) % 8)}) {
                sb.append(" h ").append(k);
                for (VersionedValue v : s.history(b.name(), Workload.key(k))) {
                    sb.append(' ').append(v.isTombstone() ? "<del>" : new String(v.value(), StandardCharsets.UTF_8))
                            .append('@').append(v.version()).append('/').append(v.timestampMicros());
                }
                sb.append('\n');
            }
            long asOf = latest / 2;
            if (asOf >= 0) {
                sb.append(" asOf ").append(asOf).append(' ')
                        .append(s.getVersioned(b.name(), Workload.key("k1"), asOf).map(v -> v.version()).orElse(-1L));
                long ts = asOf == 0 ? 0 : s.timestampOf(asOf);
                sb.append(" ts ").append(ts).append("->").append(s.versionAt(ts)).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void keyHelperIsStable() {
        assertEquals(Key.of("default", 1, "k1"), Workload.key("k1"));
    }
}
