package io.stratadb.bench.durable;

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

/**
 * {@code bench/run durable}: commits/s and latency of durable (fsynced) single-key commits with
 * 1, 2, 8 and 32 writer threads, Strata Strict beside RocksDB sync=true and a raw fsync loop.
 * Each point runs for {@code --seconds}; the fsync loop at 1 thread is the reference ("× fsync").
 */
public final class DurableSuite {
    public static final Set<String> OPTIONS = Set.of("threads", "seconds", "targets", "value-size");

    private DurableSuite() {
    }

    public static SuiteReport run(Args a) {
        boolean quick = a.quick();
        List<Integer> threads = a.intList("threads", List.of(1, 2, 8, 32));
        double seconds = a.doubleValue("seconds", quick ? 2 : 10);
        int valueSize = a.intValue("value-size", 1024);
        Map<String, DurableTargets.Spec> specs = DurableTargets.all();
        List<String> targets = a.nameList("targets", new ArrayList<>(specs.keySet()), specs.keySet());
        SuiteReport rep = new SuiteReport("durable", "Durable commits (Strict / fsync per commit)");
        rep.setting("each point: " + seconds + " s of closed-loop single-key commits of " + valueSize
                + " B values; writer threads " + threads + (quick ? "; --quick" : ""));
        rep.setting("scratch folder " + a.workDir().toAbsolutePath() + " (the disk under test)");
        ResultTable table = rep.table(new ResultTable("Durable commits", "target", "threads", "commits",
                "commits/s", "p50 µs", "p99 µs", "× fsync reference", "status"));
        Map<String, Double> rate = new HashMap<>();
        byte[] pool = new byte[1 << 16];
        new SplittableRandom(a.seed()).nextBytes(pool);
        Path root = a.workDir().resolve("durable");
        // measure the reference first so every row can show its multiple
        List<String> order = new ArrayList<>(targets);
        if (order.remove("fsync")) {
            order.add(0, "fsync");
        }
        List<Object[]> rows = new ArrayList<>();
        for (String name : order) {
            DurableTargets.Spec spec = specs.get(name);
            rep.configuration(name, spec.configuration());
            Path dir = Files2.fresh(root.resolve(name));
            DurableTarget target;
            try {
                target = spec.opener().apply(dir);
            } catch (UnsupportedEngineException e) {
                for (int t : threads) {
                    rows.add(new Object[] {name, t, 0, "", "", "", "", "", "unsupported: " + e.getMessage()});
                }
                continue;
            }
            try {
                for (int t : threads) {
                    Runner.Result r = Runner.run(name + " t" + t, t, Long.MAX_VALUE, seconds, a.seed() + t,
                            a.quiet(), (tid, i, rnd) -> {
                                byte[] key = ("k" + tid + "-" + i).getBytes(StandardCharsets.US_ASCII);
                                int off = rnd.nextInt(pool.length - valueSize);
                                target.commit(key, Arrays.copyOfRange(pool, off, off + valueSize));
                            });
                    rate.put(name + "|" + t, r.opsPerSecond());
                    rows.add(new Object[] {name, t, r.ops(), r.opsPerSecond(), Fmt.micros(r.p50Nanos()),
                            Fmt.micros(r.p99Nanos()), null, "ok"});
                }
            } catch (RuntimeException e) {
                rows.add(new Object[] {name, "-", 0, "", "", "", "", "", "failed: " + e.getMessage()});
            } finally {
                target.close();
                Files2.deleteTree(dir);
            }
        }
        // the disk is shared and noisy: measure the 1-thread fsync reference again at the end and use the mean
        double ref = rate.getOrDefault("fsync|1", Double.NaN);
        if (order.contains("fsync")) {
            Path dir = Files2.fresh(root.resolve("fsync-repeat"));
            try (DurableTarget target = specs.get("fsync").opener().apply(dir)) {
                Runner.Result r = Runner.run("fsync repeat", 1, Long.MAX_VALUE, seconds, a.seed(), a.quiet(),
                        (tid, i, rnd) -> target.commit(("r" + i).getBytes(StandardCharsets.US_ASCII),
                                Arrays.copyOf(pool, valueSize)));
                rows.add(new Object[] {"fsync (repeat)", 1, r.ops(), r.opsPerSecond(), Fmt.micros(r.p50Nanos()),
                    Fmt.micros(r.p99Nanos()), null, "ok"});
                ref = (ref + r.opsPerSecond()) / 2;
            } finally {
                Files2.deleteTree(dir);
            }
        }
        rep.setting(String.format(java.util.Locale.ROOT, "reference: fsync loop, 1 thread, mean of a run before "
                + "and after the others = %.0f commits/s", ref));
        for (Object[] r : rows) {
            if (r.length == 8) {
                double v = (Double) r[3];
                table.add(r[0], r[1], r[2], Fmt.num(v), r[4], r[5], Fmt.ratio(v, ref), r[7]);
            } else {
                table.add(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8]);
            }
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String name : order) {
            List<double[]> pts = new ArrayList<>();
            for (int t : threads) {
                Double v = rate.get(name + "|" + t);
                if (v != null && !v.isNaN()) {
                    pts.add(new double[] {t, v});
                }
            }
            series.put(name, new double[][] {pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray()});
        }
        rep.chart(Charts.lines("Durable commits/s vs writer threads", "writer threads", "commits/s", series, true,
                true));
        rep.note("Goal (issue 6): Strict commits/s with 8+ threads >= 5x the 1-thread fsync loop (group commit), "
                + "and a single Strict writer within 10% of the fsync loop.");
        Files2.deleteTree(root);
        return rep;
    }
}
