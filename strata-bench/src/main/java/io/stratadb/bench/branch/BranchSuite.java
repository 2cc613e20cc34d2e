package io.stratadb.bench.branch;

import io.stratadb.Options;
import io.stratadb.bench.Args;
import io.stratadb.bench.Files2;
import io.stratadb.bench.kv.KvMode;
import io.stratadb.bench.kv.StrataKv;
import io.stratadb.bench.report.Charts;
import io.stratadb.bench.report.Fmt;
import io.stratadb.bench.report.Progress;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import io.stratadb.storage.Storage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * {@code bench/run branch}: Strata's branch operations (no peer has branches). Fork time vs
 * branch size, diff and merge time vs changed keys, as-of read latency vs history depth.
 */
public final class BranchSuite {
    public static final Set<String> OPTIONS = Set.of("max-keys", "base-keys", "max-depth", "scan-keys", "mode",
            "value-size");
    static final String MAIN = Storage.DEFAULT_BRANCH;

    private BranchSuite() {
    }

    public static SuiteReport run(Args a) {
        boolean quick = a.quick();
        int maxKeys = a.intValue("max-keys", quick ? 50_000 : 1_000_000);
        int baseKeys = a.intValue("base-keys", quick ? 10_000 : 100_000);
        int maxDepth = a.intValue("max-depth", quick ? 1_000 : 10_000);
        int valueSize = a.intValue("value-size", 100);
        int scanKeys = a.intValue("scan-keys", quick ? 20_000 : 200_000);
        SuiteReport rep = new SuiteReport("branch", "Branch operations (Strata)");
        Path dir = Files2.fresh(a.workDir().resolve("branch"));
        KvMode mode = KvMode.parse(a.string("mode", "buffered"));
        Storage storage = StrataKv.openStorage(dir, StrataKv.durability(mode));
        rep.setting("mode " + mode.label() + ", values " + valueSize + " B, loads in batches of 1000 keys"
                + (quick ? "; --quick" : ""));
        rep.setting("fork sizes 1 .. " + maxKeys + " keys (median of 5 forks each); diff/merge over a " + baseKeys
                + "-key branch; history depths 1 .. " + maxDepth + "; scans over " + scanKeys + " keys with history");
        rep.configuration("strata", new StrataKv.Factory().configuration(mode) + "; diff = merge-join of the keys "
                + "either branch changed since their shared history (ReadView.changes / sharedHistory; the storage API "
                + "has no diff), merge = the differing keys written to the target as one commit (source wins)");
        Options.Durability apiDurability = switch (mode) {
            case INMEMORY -> Options.Durability.IN_MEMORY;
            case BUFFERED -> Options.Durability.BUFFERED;
            case STRICT -> Options.Durability.STRICT;
        };
        String apiOpen = mode == KvMode.INMEMORY ? "io.stratadb.Strata.cache() (in-memory)"
                : "io.stratadb.Strata.open(dir, Options.defaults().withDurability(" + apiDurability + "))";
        rep.configuration("strata engine", "public API " + apiOpen + ": branches().diff, "
                + "branches().merge(source, target, last_writer_wins) (three-way, against the fork point); loads in "
                + "transactions of 1000 kv puts");
        Path apiDir = Files2.fresh(a.workDir().resolve("branch-engine"));
        try (StrataBranch eng = new StrataBranch(storage)) {
            forkTable(rep, eng, maxKeys, valueSize, a.quiet());
            try (StrataApiBranch api = StrataApiBranch.open(apiDir, apiDurability)) {
                diffTable(rep, List.of(Map.entry("storage API", (BranchEngine) eng),
                        Map.entry("engine (public API, " + mode.label() + ")", (BranchEngine) api)), baseKeys,
                        valueSize, a.quiet());
            }
            asOfTable(rep, eng, maxDepth, valueSize, a.seed(), a.quiet());
            scanTable(rep, storage, scanKeys, valueSize, a.seed(), quick, a.quiet());
        } catch (UnsupportedOperationException e) {
            rep.note("stopped: " + e.getMessage());
        } finally {
            Files2.deleteTree(dir);
            Files2.deleteTree(apiDir);
        }
        rep.note("Goal (issue 6): fork time flat in branch size (O(metadata)).");
        return rep;
    }

    /**
     * Scans of 50 entries from random start keys, of the current state and of the state after the first of five
     * write rounds (every key, then a random half of them four times, each round flushed; then a full
     * compaction). Tables keep each key's older entries apart from its newest (table format 5), which a read of
     * the current state skips and a read of an older state merges back in.
     */
    private static void scanTable(SuiteReport rep, Storage storage, int keys, int valueSize, long seed, boolean quick,
                                  boolean quiet) {
        ResultTable t = rep.table(new ResultTable("Scan latency, current and older state", "read", "scans",
                "p50 µs", "p99 µs", "entries per scan", "status"));
        SplittableRandom r = new SplittableRandom(seed);
        long first = 0;
        try (Progress p = Progress.start("scan history", 5, quiet)) {
            for (int round = 0; round < 5; round++) {
                io.stratadb.storage.WriteBatch batch = new io.stratadb.storage.WriteBatch();
                int inBatch = 0;
                for (int i = 0; i < keys; i++) {
                    if (round > 0 && r.nextBoolean()) {
                        continue;
                    }
                    byte[] v = new byte[valueSize];
                    r.nextBytes(v);
                    batch.put(scanKey(i), v);
                    if (++inBatch == 1000) {
                        storage.commit(MAIN, batch);
                        batch = new io.stratadb.storage.WriteBatch();
                        inBatch = 0;
                    }
                }
                if (!batch.isEmpty()) {
                    storage.commit(MAIN, batch);
                }
                if (round == 0) {
                    first = storage.latestVersion();
                }
                storage.flush();
                p.step(1);
            }
        }
        storage.compact();
        int scans = quick ? 5_000 : 20_000;
        Histogram[] hs = {new Histogram(60_000_000_000L, 2), new Histogram(60_000_000_000L, 2)};
        long[] entries = new long[2];
        for (int pass = 0; pass < 3; pass++) { // two untimed passes over both reads warm them up, then one timed
            for (int read = 0; read < 2; read++) {
                entries[read] = 0;
                for (int q = 0; q < scans; q++) {
                    io.stratadb.storage.KeyRange range = io.stratadb.storage.KeyRange.interval("scan", 1,
                            scanKey(r.nextInt(keys)).userKey(), scanKey(keys).userKey());
                    long s = System.nanoTime();
                    io.stratadb.storage.ReadView view = read == 0 ? storage.snapshot(MAIN) : storage.asOf(MAIN, first);
                    try (var it = view.scan(range)) {
                        for (int k = 0; k < 50 && it.hasNext(); k++) {
                            it.next();
                            entries[read]++;
                        }
                    }
                    if (pass == 2) {
                        hs[read].recordValue(Math.max(1, System.nanoTime() - s));
                    }
                }
            }
        }
        for (int read = 0; read < 2; read++) {
            t.add(read == 0 ? "current state" : "as of the first round", scans,
                    Fmt.micros(hs[read].getValueAtPercentile(50)), Fmt.micros(hs[read].getValueAtPercentile(99)),
                    String.format("%.1f", entries[read] / (double) scans), entries[read] > 0 ? "ok" : "no entries");
        }
    }

    private static io.stratadb.storage.Key scanKey(int i) {
        return io.stratadb.storage.Key.of("scan", 1, String.format("key%09d", i));
    }

    static List<Integer> decades(int max) {
        List<Integer> out = new ArrayList<>();
        for (long n = 1; n <= max; n *= 10) {
            out.add((int) n);
        }
        if (out.get(out.size() - 1) != max) {
            out.add(max);
        }
        return out;
    }

    private static void forkTable(SuiteReport rep, StrataBranch eng, int maxKeys, int valueSize, boolean quiet) {
        ResultTable t = rep.table(new ResultTable("Fork time vs branch size", "keys", "fork µs (median)",
                "fork µs (max)", "first read on fork µs", "status"));
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int loaded = 0;
        String src = "sized";
        eng.fork(MAIN, src);
        try (Progress p = Progress.start("fork vs size", maxKeys, quiet)) {
            for (int size : decades(maxKeys)) {
                if (size > loaded) {
                    eng.loadRange(src, "k", loaded, size, valueSize);
                    p.step(size - loaded);
                    loaded = size;
                }
                long[] ns = new long[5];
                long firstRead = 0;
                for (int i = 0; i < ns.length; i++) {
                    String child = "f" + size + "-" + i;
                    long s = System.nanoTime();
                    eng.fork(src, child);
                    ns[i] = System.nanoTime() - s;
                    if (i == 0) {
                        long r = System.nanoTime();
                        eng.read(child, "k0");
                        firstRead = System.nanoTime() - r;
                    }
                    eng.deleteBranch(child);
                }
                Arrays.sort(ns);
                t.add(size, Fmt.micros(ns[2]), Fmt.micros(ns[4]), Fmt.micros(firstRead), "ok");
                xs.add((double) size);
                ys.add(ns[2] / 1000.0);
            }
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("fork (median)", new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray()});
        rep.chart(Charts.lines("Strata fork time vs branch size", "keys in branch", "fork µs", s, true, true));
    }

    private static void diffTable(SuiteReport rep, List<Map.Entry<String, BranchEngine>> engines, int baseKeys,
                                  int valueSize, boolean quiet) {
        ResultTable t = rep.table(new ResultTable("Diff and merge vs changed keys", "layer", "base keys",
                "changed keys", "diff ms", "diff found", "merge ms", "merged keys", "status"));
        Map<String, double[][]> s = new LinkedHashMap<>();
        for (Map.Entry<String, BranchEngine> e : engines) {
            try {
                diffRows(t, s, e.getKey(), e.getValue(), baseKeys, valueSize, quiet);
            } catch (RuntimeException ex) {
                t.add(e.getKey(), baseKeys, "-", "", "", "", "", "failed: " + ex);
            }
        }
        rep.chart(Charts.lines("Strata diff/merge time vs changed keys (" + baseKeys + "-key branch)",
                "changed keys", "ms", s, true, true));
    }

    private static void diffRows(ResultTable t, Map<String, double[][]> s, String layer, BranchEngine eng,
                                 int baseKeys, int valueSize, boolean quiet) {
        String base = "diffbase";
        eng.fork(MAIN, base);
        eng.load(base, "d", baseKeys, valueSize);
        SplittableRandom r = new SplittableRandom(11);
        List<Double> xs = new ArrayList<>();
        List<Double> diffMs = new ArrayList<>();
        List<Double> mergeMs = new ArrayList<>();
        try (Progress p = Progress.start("diff/merge (" + layer + ")", 1, quiet)) {
            for (int changed : decades(baseKeys)) {
                String child = "c" + changed;
                eng.fork(base, child);
                for (int i = 0; i < changed; i++) {
                    byte[] v = new byte[valueSize];
                    r.nextBytes(v);
                    eng.put(child, "d" + i, v);
                }
                long t0 = System.nanoTime();
                int found = eng.diff(child, base);
                long d = System.nanoTime() - t0;
                t0 = System.nanoTime();
                int merged = eng.merge(child, base);
                long m = System.nanoTime() - t0;
                eng.deleteBranch(child);
                t.add(layer, baseKeys, changed, Fmt.millis(d), found, Fmt.millis(m), merged,
                        found == changed ? "ok" : "diff found " + found + " != " + changed);
                xs.add((double) changed);
                diffMs.add(d / 1e6);
                mergeMs.add(m / 1e6);
            }
            p.step(1);
        }
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        s.put("diff (" + layer + ")", new double[][] {x,
            diffMs.stream().mapToDouble(Double::doubleValue).toArray()});
        s.put("merge (" + layer + ")", new double[][] {x,
            mergeMs.stream().mapToDouble(Double::doubleValue).toArray()});
    }

    private static void asOfTable(SuiteReport rep, StrataBranch eng, int maxDepth, int valueSize, long seed,
                                  boolean quiet) {
        ResultTable t = rep.table(new ResultTable("As-of read latency vs history depth", "versions of the key",
                "as-of p50 µs", "as-of p99 µs", "latest p50 µs", "status"));
        SplittableRandom r = new SplittableRandom(seed);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        try (Progress p = Progress.start("as-of vs depth", maxDepth, quiet)) {
            for (int depth : decades(maxDepth)) {
                String key = "hist-" + depth;
                long[] versions = new long[depth];
                for (int i = 0; i < depth; i++) {
                    byte[] v = new byte[valueSize];
                    r.nextBytes(v);
                    versions[i] = eng.put(MAIN, key, v);
                }
                p.step(depth);
                int samples = 2000;
                Histogram asOf = new Histogram(60_000_000_000L, 2);
                Histogram latest = new Histogram(60_000_000_000L, 2);
                boolean ok = true;
                for (int i = 0; i < samples; i++) {
                    long ver = versions[r.nextInt(depth)];
                    long s = System.nanoTime();
                    byte[] got = eng.readAsOf(MAIN, key, ver);
                    asOf.recordValue(Math.max(1, System.nanoTime() - s));
                    ok &= got != null;
                    s = System.nanoTime();
                    eng.read(MAIN, key);
                    latest.recordValue(Math.max(1, System.nanoTime() - s));
                }
                t.add(depth, Fmt.micros(asOf.getValueAtPercentile(50)), Fmt.micros(asOf.getValueAtPercentile(99)),
                        Fmt.micros(latest.getValueAtPercentile(50)), ok ? "ok" : "missing values");
                xs.add((double) depth);
                ys.add(asOf.getValueAtPercentile(50) / 1000.0);
            }
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("as-of p50", new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray()});
        rep.chart(Charts.lines("Strata as-of read latency vs history depth", "versions of the key", "µs", s, true,
                true));
    }
}
