package io.stratadb.bench.recovery;

import io.stratadb.bench.Args;
import io.stratadb.bench.Files2;
import io.stratadb.bench.UnsupportedEngineException;
import io.stratadb.bench.report.Charts;
import io.stratadb.bench.report.Fmt;
import io.stratadb.bench.report.Progress;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run recovery}: a child JVM writes data (flushed to tables) plus a WAL tail and halts
 * without closing; the harness then times reopening the folder (median of 3 reopens: the first
 * replays the crash, later ones see the state that recovery left).
 */
public final class RecoverySuite {
    public static final Set<String> OPTIONS = Set.of("max-keys", "max-tail", "targets", "value-size", "data-gb", "tails");

    private RecoverySuite() {
    }

    public static SuiteReport run(Args a) {
        boolean quick = a.quick();
        int maxKeys = a.intValue("max-keys", quick ? 20_000 : 1_000_000);
        int maxTail = a.intValue("max-tail", quick ? 5_000 : 100_000);
        int valueSize = a.intValue("value-size", 1024);
        Map<String, RecoveryTarget> all = RecoveryTargets.all();
        List<String> targets = a.nameList("targets", new ArrayList<>(all.keySet()), all.keySet());
        SuiteReport rep = new SuiteReport("recovery", "Reopen after a crash");
        rep.setting("the writer is a child JVM halted with Runtime.halt (no close, no final flush); values "
                + valueSize + " B" + (quick ? "; --quick" : ""));
        rep.setting("reopen vs data size: tail " + Math.min(1000, maxTail) + " commits, data up to " + maxKeys
                + " keys; reopen vs WAL tail: data " + Math.min(10_000, maxKeys) + " keys, tail up to " + maxTail);
        ResultTable t = rep.table(new ResultTable("Reopen time", "target", "series", "keys in tables",
                "WAL tail commits", "data MiB", "crash reopen ms", "clean reopen ms", "probe found", "status"));
        Map<String, double[][]> series = new LinkedHashMap<>();
        Path root = a.workDir().resolve("recovery");
        int tailForSize = Math.min(1000, maxTail);
        int keysForTail = Math.min(10_000, maxKeys);
        for (String name : targets) {
            RecoveryTarget target = all.get(name);
            rep.configuration(name, target.configuration());
            List<double[]> bySize = new ArrayList<>();
            List<double[]> byTail = new ArrayList<>();
            try (Progress p = Progress.start(name + " recovery", 1, a.quiet())) {
                // warm-up: load native code and classes so the first measured reopen is not a cold start
                Path warm = Files2.fresh(root.resolve(name + "-warmup"));
                target.reopen(warm, "none");
                Files2.deleteTree(warm);
                for (int keys : steps(maxKeys, 1000)) {
                    double ms = point(a, t, target, root, "data size", keys, tailForSize, valueSize);
                    bySize.add(new double[] {keys, ms});
                }
                for (int tail : steps(maxTail, 100)) {
                    double ms = point(a, t, target, root, "WAL tail", keysForTail, tail, valueSize);
                    byTail.add(new double[] {tail, ms});
                }
                p.step(1);
            } catch (UnsupportedEngineException e) {
                t.add(name, "-", "", "", "", "", "", "", "unsupported: " + e.getMessage());
            } catch (RuntimeException e) {
                t.add(name, "-", "", "", "", "", "", "", "failed: " + e.getMessage());
            }
            series.put(name + " vs keys", xy(bySize));
            series.put(name + " vs tail", xy(byTail));
        }
        rep.chart(Charts.lines("Crash reopen time (x = keys in tables, or WAL tail commits)", "keys / commits",
                "ms", series, true, true));
        ScaleSeries.run(a, rep, all, targets, root, valueSize);
        Files2.deleteTree(root);
        return rep;
    }

    static double[][] xy(List<double[]> pts) {
        List<double[]> ok = pts.stream().filter(p -> !Double.isNaN(p[1])).toList();
        return new double[][] {ok.stream().mapToDouble(p -> p[0]).toArray(),
            ok.stream().mapToDouble(p -> p[1]).toArray()};
    }

    static List<Integer> steps(int max, int first) {
        List<Integer> out = new ArrayList<>();
        if (first > max) {
            out.add(max);
            return out;
        }
        for (long n = first; n < max; n *= 10) {
            out.add((int) n);
        }
        out.add(max);
        if (first >= 100 && !out.contains(0)) {
            out.add(0, 0);
        }
        return out;
    }

    private static double point(Args a, ResultTable t, RecoveryTarget target, Path root, String series, int keys,
                                int tail, int valueSize) {
        Path dir = Files2.fresh(root.resolve(target.name() + "-" + keys + "-" + tail));
        try {
            crashWrite(target.name(), dir, keys, tail, valueSize);
            long mib = Files2.size(dir);
            String probe = "key" + (keys + tail - 1);
            long s = System.nanoTime();
            boolean found = target.reopen(dir, probe);
            long crash = System.nanoTime() - s;
            long[] clean = new long[3];
            for (int i = 0; i < clean.length; i++) {
                s = System.nanoTime();
                target.reopen(dir, probe);
                clean[i] = System.nanoTime() - s;
            }
            java.util.Arrays.sort(clean);
            boolean expect = keys + tail > 0;
            t.add(target.name(), series, keys, tail, Fmt.mib(mib), Fmt.millis(crash), Fmt.millis(clean[1]),
                    expect ? String.valueOf(found) : "-", !expect || found ? "ok" : "LOST the last commit");
            return crash / 1e6;
        } finally {
            Files2.deleteTree(dir);
        }
    }

    /** Runs {@link CrashWriter} in a child JVM with this JVM's class path. */
    static void crashWrite(String target, Path dir, int keys, int tail, int valueSize) {
        crashWrite(List.of(target, dir.toString(), String.valueOf(keys), String.valueOf(tail),
                String.valueOf(valueSize)));
    }

    /** Runs {@link CrashWriter} with {@code args} in a child JVM with this JVM's class path. */
    static void crashWrite(List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName()));
        cmd.addAll(args);
        String target = args.get(0).equals("grow") ? args.get(1) : args.get(0);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("crash writer for " + target + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() == 3) {
                throw new UnsupportedEngineException(text);
            }
            if (p.exitValue() != 0 || !text.contains("populated")) {
                throw new IllegalStateException("crash writer for " + target + " exited " + p.exitValue() + ": "
                        + text);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the crash writer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the crash writer", e);
        }
    }
}
