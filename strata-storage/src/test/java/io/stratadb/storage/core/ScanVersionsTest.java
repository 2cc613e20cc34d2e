package io.stratadb.storage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.WriteBatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans over keys with many versions (more than the scan path steps over before it seeks), with
 * tombstones and a fork, read at many versions, in memory and on disk with a small memtable (so the
 * versions are spread over memtables and tables). Also scans cut short and closed early.
 */
class ScanVersionsTest {
    private static final int KEYS = 12;
    private final long seed = TestSeeds.seed();

    /** key index -> version -> value (null = tombstone), per branch (own writes only). */
    private final Map<String, TreeMap<Integer, TreeMap<Long, String>>> writes = new TreeMap<>();

    @Test
    void inMemory() {
        try (Storage s = Storage.open(StorageOptions.inMemory())) {
            run(s);
        }
    }

    @Test
    void durable(@TempDir Path dir) {
        try (Storage s = Storage.open(StorageOptions.durable(dir).withMemtableBytes(32 * 1024))) {
            run(s);
        }
    }

    private static Key key(int i) {
        return Key.of("default", 1, String.format("k%02d", i));
    }

    private void write(Storage s, Random rnd, String branch, int commits) {
        for (int c = 0; c < commits; c++) {
            int k = rnd.nextInt(KEYS);
            boolean delete = rnd.nextInt(7) == 0;
            String v = "v" + c + "-" + "x".repeat(rnd.nextInt(600));
            WriteBatch b = delete ? new WriteBatch().delete(key(k)) : new WriteBatch().put(key(k),
                    v.getBytes(StandardCharsets.UTF_8));
            long version = s.commit(branch, b).version();
            writes.computeIfAbsent(branch, x -> new TreeMap<>()).computeIfAbsent(k, x -> new TreeMap<>())
                    .put(version, delete ? null : v);
        }
    }

    private void run(Storage s) {
        Random rnd = new Random(seed);
        String msg = "seed=" + seed;
        write(s, rnd, "default", 300);
        long fork = s.fork("default", "child").forkVersion();
        write(s, rnd, "default", 150);
        write(s, rnd, "child", 150);
        long latest = s.latestVersion();
        for (int probe = 0; probe < 60; probe++) {
            String branch = rnd.nextBoolean() ? "default" : "child";
            long v = 1 + (long) (rnd.nextDouble() * latest);
            if (branch.equals("child") && v <= fork) {
                v = fork + 1 + rnd.nextInt((int) (latest - fork));
            }
            List<String> want = expected(branch, v, fork);
            ReadView view = s.asOf(branch, v);
            int lo = rnd.nextInt(KEYS);
            int hi = lo + rnd.nextInt(KEYS - lo + 1);
            KeyRange range = KeyRange.interval("default", 1, key(lo).userKey(), hi == KEYS ? null : key(hi).userKey());
            List<String> wantRange = new ArrayList<>();
            for (String w : want) {
                int k = Integer.parseInt(w.substring(1, 3));
                if (k >= lo && k < hi) {
                    wantRange.add(w);
                }
            }
            assertEquals(wantRange, read(view, range, Integer.MAX_VALUE), msg + " " + branch + "@" + v + " [" + lo + "," + hi + ")");
            int limit = rnd.nextInt(4);
            assertEquals(wantRange.subList(0, Math.min(limit, wantRange.size())), read(view, range, limit), msg);
        }
    }

    /** The live entries of {@code branch} at {@code v} as "kNN=value" strings in key order. */
    private List<String> expected(String branch, long v, long fork) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            Map.Entry<Long, String> e = newest(branch, k, v);
            if (e == null && branch.equals("child")) {
                e = newest("default", k, Math.min(v, fork));
            }
            if (e != null && e.getValue() != null) {
                out.add(String.format("k%02d=", k) + brief(e.getValue()));
            }
        }
        return out;
    }

    private Map.Entry<Long, String> newest(String branch, int k, long v) {
        TreeMap<Long, String> vs = writes.getOrDefault(branch, new TreeMap<>()).get(k);
        return vs == null ? null : vs.floorEntry(v);
    }

    /** "vC-xxx..." as "vC/length" (short failure messages). */
    private static String brief(String v) {
        return v.substring(0, v.indexOf('-')) + "/" + v.length();
    }

    private static List<String> read(ReadView view, KeyRange range, int limit) {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = view.scan(range)) {
            while (out.size() < limit && it.hasNext()) {
                KeyValue kv = it.next();
                out.add(kv.key().userKeyString() + "=" + brief(new String(kv.value(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }
}
