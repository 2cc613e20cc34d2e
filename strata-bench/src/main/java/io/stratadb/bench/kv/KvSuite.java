package io.stratadb.bench.kv;

import io.stratadb.bench.Args;
import io.stratadb.bench.Files2;
import io.stratadb.bench.Runner;
import io.stratadb.bench.UnsupportedEngineException;
import io.stratadb.bench.report.Charts;
import io.stratadb.bench.report.Fmt;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run kv}: a YCSB-style driver. For each engine: an untimed warm-up on a scratch store
 * ({@code --warmup} puts, as many as the load by default, then up to 300,000 gets and a tenth as many scans;
 * discarded), then a fresh folder,
 * a load phase of {@code --records} 1 KB values, then the chosen workloads (YCSB order A, B, C, F, D, E)
 * at each thread count, each capped at {@code --ops} operations and {@code --seconds} seconds. With
 * {@code --rounds N} all of that is repeated N times, the engine order reversed every other round, and the
 * ratios and the chart use each point's median over the rounds: on a shared machine one round's short phase can
 * differ from the next by a third.
 */
public final class KvSuite {
    public static final Set<String> OPTIONS = Set.of("records", "ops", "threads", "engines", "mode", "workloads",
            "seconds", "value-size", "warmup", "rounds");
    static final int SCAN_MAX = 100;
    /** Most gets of a warm-up (and a tenth as many scans): read paths are compiled long before this. */
    static final long WARMUP_READS = 300_000;

    private KvSuite() {
    }

    public static SuiteReport run(Args a) {
        boolean quick = a.quick();
        long records = a.longValue("records", quick ? 20_000 : 1_000_000);
        long ops = a.longValue("ops", quick ? 100_000 : 1_000_000);
        double seconds = a.doubleValue("seconds", quick ? 1.5 : 60);
        int valueSize = a.intValue("value-size", 1024);
        List<Integer> threads = a.intList("threads", quick ? List.of(1) : List.of(1, 2));
        List<String> engines = a.nameList("engines", new ArrayList<>(KvEngines.defaults()),
                KvEngines.all().keySet());
        KvMode mode = KvMode.parse(a.string("mode", "buffered"));
        List<Workload> workloads = Workload.parse(a.string("workloads", "A..F"));
        int loadThreads = threads.stream().max(Integer::compare).orElse(1);
        // As many puts as the load (up to 1M): an LSM engine flushes and compacts through a whole load's worth of
        // data, so the JIT has compiled its background paths as well before the timed load. Measured with 300,000
        // (five 64 MiB memtables): C2 still compiled at 16% of a core through Strata's timed load, 2% after 1M.
        // Strict puts each wait for an fsync (SQLite's a few per ms): a smaller default keeps the warm-up short.
        long warmup = a.countValue("warmup", Math.min(mode == KvMode.STRICT ? 10_000 : 1_000_000, records));
        long warmupReads = Math.min(warmup, WARMUP_READS);
        int rounds = a.intValue("rounds", 1);

        SuiteReport rep = new SuiteReport(mode == KvMode.BUFFERED ? "kv" : "kv-" + mode.label(), "YCSB-style key-value benchmark (mode " + mode.label() + ")");
        rep.setting("records " + records + ", value " + valueSize + " B, keys \"user\" + FNV-1a(keynum) (~23 B)");
        rep.setting("per workload: up to " + ops + " operations or " + seconds + " s, whichever comes first; threads "
                + threads + " (load phase with " + loadThreads + ")");
        rep.setting("request distribution: scrambled Zipfian θ=" + Zipfian.THETA + " (D: latest, Zipfian distance "
                + "from the newest key); E scans 1.." + SCAN_MAX + " entries; workloads "
                + workloads.stream().map(w -> w.name() + " (" + w.description() + ")").toList());
        rep.setting("warm-up per engine, untimed, on a scratch store that is then deleted: " + warmup + " puts, "
                + warmupReads + " gets, " + Math.max(1, warmupReads / 10) + " scans (so the JIT has compiled each"
                + " engine's paths before its timed load, including an LSM engine's flushes and compactions,"
                + " whichever engine runs first)");
        rep.setting("mode " + mode.label() + "; seed " + a.seed() + (quick ? "; --quick" : ""));
        if (rounds > 1) {
            rep.setting(rounds + " rounds, the engine order reversed every other round; the ratios and the chart use"
                    + " each point's median ops/s over the rounds (the table below lists every round)");
        }

        List<String> columns = new ArrayList<>(List.of("engine", "mode", "workload", "threads", "ops", "seconds",
                "ops/s", "p50 µs", "p99 µs", "status"));
        if (rounds > 1) {
            columns.add(0, "round");
        }
        Rows table = new Rows(rep.table(new ResultTable("Throughput and latency", columns.toArray(String[]::new))),
                rounds > 1);
        Map<String, List<Double>> opsPerSec = new HashMap<>();
        for (int round = 1; round <= rounds; round++) {
            table.round = round;
            List<String> order = new ArrayList<>(engines);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            if (rounds > 1 && !a.quiet()) {
                System.err.println("[bench] kv round " + round + " of " + rounds + ": " + String.join(", ", order));
            }
            runRound(a, order, mode, records, ops, seconds, valueSize, threads, loadThreads, workloads, warmup,
                    warmupReads, rep, table, opsPerSec);
        }
        Map<String, Double> medians = new HashMap<>();
        opsPerSec.forEach((k, v) -> medians.put(k, median(v)));
        if (rounds > 1) {
            addMedians(rep, engines, workloads, threads, loadThreads, opsPerSec);
        }
        addRatios(rep, engines, workloads, threads, loadThreads, medians);
        addChart(rep, engines, workloads, threads, medians);
        return rep;
    }

    /** The main table, with a round column when there is more than one round. */
    private static final class Rows {
        private final ResultTable table;
        private final boolean numbered;
        int round;

        Rows(ResultTable table, boolean numbered) {
            this.table = table;
            this.numbered = numbered;
        }

        void add(Object... cells) {
            if (!numbered) {
                table.add(cells);
                return;
            }
            Object[] row = new Object[cells.length + 1];
            row[0] = round;
            System.arraycopy(cells, 0, row, 1, cells.length);
            table.add(row);
        }
    }

    static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void runRound(Args a, List<String> engines, KvMode mode, long records, long ops, double seconds,
                                 int valueSize, List<Integer> threads, int loadThreads, List<Workload> workloads,
                                 long warmup, long warmupReads, SuiteReport rep, Rows table,
                                 Map<String, List<Double>> opsPerSec) {
        Path root = a.workDir().resolve("kv");
        for (String name : engines) {
            KvEngineFactory f = KvEngines.all().get(name);
            rep.configuration(name, f.configuration(mode));
            KvEngine engine;
            try {
                warmUp(a, name, f, mode, root.resolve(name + "-warmup"), warmup, warmupReads, valueSize, loadThreads);
            } catch (RuntimeException e) {
                Files2.deleteTree(root.resolve(name + "-warmup"));
                // unsupported or failing: reported below, when the measured instance fails the same way
            }
            Path dir = Files2.fresh(root.resolve(name));
            try {
                engine = f.open(dir, mode);
            } catch (UnsupportedEngineException e) {
                for (int t : threads) {
                    table.add(name, mode.label(), "load", loadThreads, 0, "", "", "", "", "unsupported: "
                            + e.getMessage());
                    for (Workload w : workloads) {
                        table.add(name, mode.label(), w.name(), t, 0, "", "", "", "", "unsupported");
                    }
                }
                continue;
            }
            try {
                runEngine(a, name, engine, mode, records, ops, seconds, valueSize, threads, loadThreads, workloads,
                        table, opsPerSec);
            } catch (RuntimeException e) {
                table.add(name, mode.label(), "-", "-", 0, "", "", "", "", "failed: " + e.getMessage());
            } finally {
                engine.close();
                Files2.deleteTree(dir);
            }
        }
    }

    /** Each point's median ops/s over the rounds, with the lowest and highest round. */
    private static void addMedians(SuiteReport rep, List<String> engines, List<Workload> workloads,
                                   List<Integer> threads, int loadThreads, Map<String, List<Double>> ops) {
        ResultTable m = rep.table(new ResultTable("Median over rounds", "engine", "workload", "threads", "rounds",
                "median ops/s", "lowest", "highest"));
        for (String e : engines) {
            for (Point pt : points(workloads, threads, loadThreads)) {
                List<Double> xs = ops.get(pt.id(e));
                if (xs == null || xs.isEmpty()) {
                    continue;
                }
                m.add(e, pt.workload(), pt.threads(), xs.size(), Fmt.num(median(xs)),
                        Fmt.num(java.util.Collections.min(xs)), Fmt.num(java.util.Collections.max(xs)));
            }
        }
    }

    /** One measured point: a workload (or the load) at a thread count. */
    private record Point(String workload, int threads) {
        /** The key of {@code engine}'s figure for this point (as {@link #row} files it). */
        String id(String engine) {
            return engine + "|" + workload + "|" + threads;
        }
    }

    /** The load (at {@code loadThreads}), then every workload at each thread count: the tables' row order. */
    private static List<Point> points(List<Workload> workloads, List<Integer> threads, int loadThreads) {
        List<Point> points = new ArrayList<>(List.of(new Point("load", loadThreads)));
        for (int t : threads) {
            workloads.forEach(w -> points.add(new Point(w.name(), t)));
        }
        return points;
    }

    /** Untimed: {@code n} puts, {@code reads} gets and a tenth as many short scans on a scratch instance, then deleted. */
    private static void warmUp(Args a, String name, KvEngineFactory f, KvMode mode, Path scratch, long n, long reads,
                               int valueSize, int threads) {
        if (n == 0) {
            return;
        }
        Path dir = Files2.fresh(scratch);
        KvEngine e = f.open(dir, mode);
        try {
            load(a, name + " warm-up", e, threads, n, valuePool(a.seed()), valueSize);
            Runner.run(name + " warm-up", threads, reads, Double.MAX_VALUE, a.seed(), a.quiet(),
                    (t, i, rnd) -> e.get(key(rnd.nextLong(n))));
            Runner.run(name + " warm-up", threads, Math.max(1, reads / 10), Double.MAX_VALUE, a.seed(), a.quiet(),
                    (t, i, rnd) -> e.scan(key(rnd.nextLong(n)), 1 + rnd.nextInt(SCAN_MAX)));
        } finally {
            e.close();
            Files2.deleteTree(dir);
        }
    }

    private static void runEngine(Args a, String name, KvEngine e, KvMode mode, long records, long ops,
                                  double seconds, int valueSize, List<Integer> threads, int loadThreads,
                                  List<Workload> workloads, Rows table, Map<String, List<Double>> opsPerSec) {
        byte[] pool = valuePool(a.seed());
        AtomicLong keyCount = new AtomicLong(records);
        Runner.Result load = load(a, name + " load", e, loadThreads, records, pool, valueSize);
        row(table, name, mode, "load", loadThreads, load, opsPerSec);
        Zipfian base = Zipfian.scrambledBase();
        Zipfian latest = Zipfian.over(records, Zipfian.THETA);
        for (int t : threads) {
            for (Workload w : workloads) {
                Runner.Result r = Runner.run(name + " " + w.name() + " t" + t, t, ops, seconds,
                        a.seed() + w.name().charAt(0) * 31L + t, a.quiet(), (tid, i, rnd) -> {
                            double x = rnd.nextDouble();
                            if (x < w.read()) {
                                long k = w.latest()
                                        ? Math.max(0, keyCount.get() - 1 - latest.next(rnd))
                                        : Zipfian.scrambled(base, records, rnd);
                                e.get(key(k));
                                return;
                            }
                            x -= w.read();
                            if (x < w.update()) {
                                e.put(key(Zipfian.scrambled(base, records, rnd)), value(pool, valueSize, rnd));
                                return;
                            }
                            x -= w.update();
                            if (x < w.insert()) {
                                e.put(key(keyCount.getAndIncrement()), value(pool, valueSize, rnd));
                                return;
                            }
                            x -= w.insert();
                            if (x < w.scan()) {
                                e.scan(key(Zipfian.scrambled(base, records, rnd)), 1 + rnd.nextInt(SCAN_MAX));
                                return;
                            }
                            e.readModifyWrite(key(Zipfian.scrambled(base, records, rnd)),
                                    value(pool, valueSize, rnd));
                        });
                row(table, name, mode, w.name(), t, r, opsPerSec);
            }
        }
    }

    private static void row(Rows table, String name, KvMode mode, String workload, int threads,
                            Runner.Result r, Map<String, List<Double>> opsPerSec) {
        table.add(name, mode.label(), workload, threads, r.ops(), Fmt.fixed(r.seconds(), 2),
                Fmt.num(r.opsPerSecond()), Fmt.micros(r.p50Nanos()), Fmt.micros(r.p99Nanos()), "ok");
        opsPerSec.computeIfAbsent(new Point(workload, threads).id(name), k -> new ArrayList<>()).add(r.opsPerSecond());
    }

    /** YCSB-style key: "user" + decimal FNV-1a of the key number, so insertion order is not key order. */
    static byte[] key(long keynum) {
        return ("user" + Long.toUnsignedString(Zipfian.fnv1a64(keynum))).getBytes(StandardCharsets.US_ASCII);
    }

    /** 1 MiB of seeded random bytes that values are cut from. */
    private static byte[] valuePool(long seed) {
        byte[] pool = new byte[1 << 20];
        new SplittableRandom(seed).nextBytes(pool);
        return pool;
    }

    /** Puts keys 0 .. n-1 with values cut from {@code pool}: the load phase, and the warm-up's first step. */
    private static Runner.Result load(Args a, String label, KvEngine e, int threads, long n, byte[] pool,
                                      int valueSize) {
        return Runner.run(label, threads, n, Double.MAX_VALUE, a.seed(), a.quiet(),
                (t, i, rnd) -> e.put(key(i), value(pool, valueSize, rnd)));
    }

    private static byte[] value(byte[] pool, int size, SplittableRandom rnd) {
        int off = rnd.nextInt(pool.length - size);
        return Arrays.copyOfRange(pool, off, off + size);
    }

    private static void addRatios(SuiteReport rep, List<String> engines, List<Workload> workloads,
                                  List<Integer> threads, int loadThreads, Map<String, Double> ops) {
        List<String> peers = engines.stream().filter(n -> !n.startsWith("strata")).toList();
        List<String> ours = engines.stream().filter(n -> n.startsWith("strata")).toList();
        if (ours.isEmpty() || peers.isEmpty()) {
            return;
        }
        List<String> cols = new ArrayList<>(List.of("workload", "threads"));
        ours.forEach(o -> peers.forEach(p -> cols.add(o + "/" + p)));
        ResultTable r = rep.table(new ResultTable("Strata / peer throughput ratio (>1 = Strata faster)",
                cols.toArray(String[]::new)));
        for (Point pt : points(workloads, threads, loadThreads)) {
            List<Object> row = new ArrayList<>(List.of(pt.workload(), pt.threads()));
            for (String o : ours) {
                for (String p : peers) {
                    row.add(Fmt.ratio(ops.getOrDefault(pt.id(o), Double.NaN), ops.getOrDefault(pt.id(p), Double.NaN)));
                }
            }
            r.add(row.toArray());
        }
    }

    private static void addChart(SuiteReport rep, List<String> engines, List<Workload> workloads,
                                 List<Integer> threads, Map<String, Double> ops) {
        List<String> cats = new ArrayList<>();
        for (int t : threads) {
            for (Workload w : workloads) {
                cats.add(threads.size() > 1 ? w.name() + " t" + t : w.name());
            }
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String e : engines) {
            List<Double> v = new ArrayList<>();
            for (int t : threads) {
                for (Workload w : workloads) {
                    v.add(ops.getOrDefault(new Point(w.name(), t).id(e), Double.NaN));
                }
            }
            series.put(e, v);
        }
        rep.chart(Charts.bars("YCSB throughput by workload (higher is better)", "workload", "ops/s", cats, series,
                true));
    }
}
