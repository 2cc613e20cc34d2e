package io.stratadb.bench.recovery;

import io.stratadb.bench.Args;
import io.stratadb.bench.BenchUsageException;
import io.stratadb.bench.Files2;
import io.stratadb.bench.UnsupportedEngineException;
import io.stratadb.bench.report.Charts;
import io.stratadb.bench.report.Fmt;
import io.stratadb.bench.report.Progress;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery suite's "at scale" series (issue 4): one folder per target grows through the data sizes
 * of {@code --data-gb} (values flushed into tables, BUFFERED), and at each size a child JVM writes a small
 * and a large WAL tail of single-key commits and halts. Each state is reopened once after the crash and
 * three times after a clean close; open (+ one read) and close are timed separately, because close flushes
 * the replayed tail into a table, which is work a reopen does not have to wait for.
 * Not thread-safe; runs on the suite's thread.
 */
final class ScaleSeries {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private ScaleSeries() {
    }

    static List<Double> dataGb(Args a, boolean quick) {
        String v = a.string("data-gb", quick ? "0.005,0.02" : "0.1,1,2.5");
        List<Double> out = new ArrayList<>();
        for (String p : v.split(",")) {
            try {
                double d = Double.parseDouble(p.trim());
                if (!(d >= 0) || d > 1024) {
                    throw new BenchUsageException("option --data-gb: " + p + " is out of range (0..1024)");
                }
                out.add(d);
            } catch (NumberFormatException e) {
                throw new BenchUsageException("option --data-gb needs comma-separated numbers of GiB, got '" + v
                        + "'");
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static void run(Args a, SuiteReport rep, Map<String, RecoveryTarget> all, List<String> targets, Path root,
                    int valueSize) {
        boolean quick = a.quick();
        List<Double> sizes = dataGb(a, quick);
        List<Integer> tails = a.intList("tails", quick ? List.of(100, 2000) : List.of(1000, 50_000));
        rep.setting("reopen at scale: data " + sizes + " GiB of " + valueSize + " B values in tables (loaded in "
                + "1000-key commits, BUFFERED, flush()), WAL tails " + tails + " single-key BUFFERED commits, then "
                + "Runtime.halt; one folder per target grows through the sizes (each tail becomes table data of "
                + "the next size); open = open + one read of the last tail key, timed apart from close");
        ResultTable t = rep.table(new ResultTable("Reopen at scale", "target", "data GiB", "keys in tables",
                "WAL tail commits", "WAL MiB", "folder MiB", "crash open ms", "crash close ms",
                "clean open ms", "clean close ms", "probe found", "status"));
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String name : targets) {
            RecoveryTarget target = all.get(name);
            Map<Integer, List<double[]>> byTail = new LinkedHashMap<>();
            tails.forEach(tail -> byTail.put(tail, new ArrayList<>()));
            Path dir = Files2.fresh(root.resolve(name + "-scale"));
            try (Progress p = Progress.start(name + " reopen at scale", (long) sizes.size() * tails.size(),
                    a.quiet())) {
                int keys = 0;
                for (double gb : sizes) {
                    int to = Math.max(keys, (int) Math.round(gb * GIB / valueSize));
                    for (int tail : tails) {
                        RecoverySuite.crashWrite(List.of("grow", name, dir.toString(), String.valueOf(keys),
                                String.valueOf(to), String.valueOf(tail), String.valueOf(valueSize)));
                        double ms = point(t, target, dir, to, tail);
                        byTail.get(tail).add(new double[] {Files2.size(dir) / GIB, ms});
                        keys = to + tail;
                        to = keys;
                        p.step(1);
                    }
                }
            } catch (UnsupportedEngineException e) {
                t.add(name, "-", "", "", "", "", "", "", "", "", "", "unsupported: " + e.getMessage());
            } catch (RuntimeException e) {
                t.add(name, "-", "", "", "", "", "", "", "", "", "", "failed: " + e.getMessage());
            } finally {
                Files2.deleteTree(dir);
            }
            byTail.forEach((tail, pts) -> series.put(name + ", tail " + tail, RecoverySuite.xy(pts)));
        }
        rep.chart(Charts.lines("Open after a crash vs data size (one line per WAL tail)", "GiB on disk",
                "open + first read ms", series, false, false));
    }

    /** Measures one crashed state; returns the crash open time in ms. */
    private static double point(ResultTable t, RecoveryTarget target, Path dir, int keysInTables, int tail) {
        long wal = target.walBytes(dir);
        long folder = Files2.size(dir);
        String probe = "key" + (keysInTables + tail - 1);
        long[] crash = target.reopenTimed(dir, probe);
        long[][] clean = new long[3][];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = target.reopenTimed(dir, probe);
        }
        Arrays.sort(clean, Comparator.comparingLong(c -> c[0]));
        boolean found = crash[2] == 1 && clean[1][2] == 1;
        t.add(target.name(), Fmt.fixed((folder - wal) / GIB, 3), keysInTables, tail, Fmt.mib(wal), Fmt.mib(folder),
                Fmt.millis(crash[0]), Fmt.millis(crash[1]), Fmt.millis(clean[1][0]), Fmt.millis(clean[1][1]),
                String.valueOf(found), found ? "ok" : "LOST the last commit");
        return crash[0] / 1e6;
    }
}
