package io.stratadb.bench.ann;

import io.stratadb.bench.Args;
import io.stratadb.bench.UnsupportedEngineException;
import io.stratadb.bench.report.Charts;
import io.stratadb.bench.report.Fmt;
import io.stratadb.bench.report.Progress;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * {@code bench/run ann}: ANN-Benchmarks-style comparison. Exact ground truth is computed by the
 * harness (brute force, L2); each engine builds once (timed, heap delta = memory), then its search
 * knob is swept; every point reports recall@k, single-thread queries/s and p50/p99 latency.
 */
public final class AnnSuite {
    public static final Set<String> OPTIONS = Set.of("dataset", "engines", "queries", "base", "m", "ef-construction",
            "k");
    static final List<String> ENGINES = List.of("strata", "jvector", "lucene", "hnswlib", "brute");
    static final double[] TARGETS = {0.90, 0.95, 0.99};
    static final int PASSES = 3;

    private AnnSuite() {
    }

    record Point(String engine, int param, double recall, double qps, double p50, double p99) {
    }

    public static SuiteReport run(Args a) {
        boolean quick = a.quick();
        String dsName = a.string("dataset", "sift5k");
        if (!Datasets.NAMES.contains(dsName)) {
            throw new io.stratadb.bench.BenchUsageException("unknown dataset '" + dsName + "' (known: "
                    + Datasets.NAMES.stream().sorted().toList() + ")");
        }
        int k = a.intValue("k", 10);
        int m = a.intValue("m", 16);
        int efc = a.intValue("ef-construction", 100);
        int maxBase = (int) a.longValue("base", quick ? (dsName.equals("text384") ? 3_000 : dsName.equals("sift5k") ? 0 : 10_000)
                : 0);
        int maxQueries = (int) a.longValue("queries", quick ? 200 : 1000);
        List<String> engines = a.nameList("engines", ENGINES, Set.copyOf(ENGINES));
        Path shared = Datasets.findShared();
        Dataset ds = Datasets.load(dsName, shared, maxBase, maxQueries, a.seed(), a.workDir().resolve("cache"));

        SuiteReport rep = new SuiteReport("ann-" + ds.name(), "ANN search: " + ds.name() + " (" + ds.base().length + " x "
                + ds.dimension() + ", " + ds.queries().length + " queries)");
        rep.setting("dataset: " + ds.source() + "; used " + ds.base().length + " base vectors, "
                + ds.queries().length + " queries");
        rep.setting("recall@" + k + " against exact L2 ground truth computed by the harness; queries/s and latency "
                + "single-threaded (queries/s = queries / summed per-query latency), best of " + PASSES
                + " passes after a warm-up pass; build single-threaded; memory = heap growth across the build "
                + "(after GC)" + (quick ? "; --quick" : ""));
        rep.setting("graph size: base-layer degree " + 2 * m + " for every engine (HNSW M=" + m + "), construction "
                + "beam " + efc);

        int[][] gt = groundTruth(ds, k, a.quiet());
        ResultTable sweep = rep.table(new ResultTable("Recall / speed sweep", "engine", "knob", "recall@" + k,
                "queries/s", "p50 µs", "p99 µs", "build s", "memory MiB", "status"));
        List<Point> points = new ArrayList<>();
        Map<String, String> buildInfo = new LinkedHashMap<>();
        for (String e : engines) {
            Supplier<AnnIndex> factory = switch (e) {
                case "strata" -> () -> new StrataAnn(m, efc);
                case "jvector" -> () -> new JVectorAnn(2 * m, efc);
                case "lucene" -> () -> new LuceneAnn(m, efc);
                case "hnswlib" -> () -> new HnswlibAnn(m, efc, a.seed());
                default -> BruteForceAnn::new;
            };
            rep.configuration(e, switch (e) {
                case "strata" -> StrataAnn.describe(m, efc);
                case "jvector" -> JVectorAnn.describe(2 * m, efc);
                case "lucene" -> LuceneAnn.describe(m, efc);
                case "hnswlib" -> HnswlibAnn.describe(m, efc);
                default -> "exact scan of float32 vectors, scalar L2 loop, bounded insertion top-k";
            });
            try (AnnIndex idx = factory.get()) {
                long before = usedHeap();
                long t0 = System.nanoTime();
                try (Progress p = Progress.start(e + " build", 1, a.quiet())) {
                    idx.build(ds.base());
                    p.step(1);
                }
                double buildS = idx.reportedBuildSeconds((System.nanoTime() - t0) / 1e9);
                long mem = idx.reportedMemoryBytes(e.equals("brute") ? (long) ds.base().length * ds.dimension() * 4
                        : Math.max(0, usedHeap() - before));
                buildInfo.put(e, Fmt.fixed(buildS, 2) + " s, " + Fmt.mib(mem) + " MiB");
                List<Integer> params = idx.searchParams(quick);
                boolean first = true;
                for (int param : params) {
                    idx.setSearchParam(param);
                    Point pt = measure(e, idx, param, ds, gt, k, e.equals("brute") ? Math.min(100,
                            ds.queries().length) : ds.queries().length, first);
                    first = false;
                    points.add(pt);
                    sweep.add(e, e.equals("brute") ? "-" : idx.searchParamName() + "=" + param,
                            Fmt.fixed(pt.recall(), 4), Fmt.num(pt.qps()), Fmt.micros(pt.p50()), Fmt.micros(pt.p99()),
                            Fmt.fixed(buildS, 2), Fmt.mib(mem), "ok");
                    if (pt.recall() >= 0.999) {
                        break;
                    }
                }
            } catch (UnsupportedEngineException ex) {
                sweep.add(e, "-", "", "", "", "", "", "", "unsupported: " + ex.getMessage());
            } catch (RuntimeException ex) {
                sweep.add(e, "-", "", "", "", "", "", "", "failed: " + ex);
            }
        }
        addTargets(rep, engines, points);
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (String e : engines) {
            List<Point> ps = points.stream().filter(p -> p.engine().equals(e)).toList();
            series.put(e, new double[][] {ps.stream().mapToDouble(Point::recall).toArray(),
                ps.stream().mapToDouble(Point::qps).toArray()});
        }
        rep.chart(Charts.lines("Recall@" + k + " vs queries/s, " + ds.name() + " (up and right is better)",
                "recall@" + k, "queries/s (1 thread)", series, false, true));
        rep.note("Goal (issue 5): at recall@10 >= 0.95, Strata's queries/s at least jvector's and Lucene's, build "
                + "time no worse; recall@10 >= 0.99 reachable by a search-time parameter.");
        return rep;
    }

    private static void addTargets(SuiteReport rep, List<String> engines, List<Point> points) {
        List<String> cols = new ArrayList<>(List.of("recall target"));
        for (String e : engines) {
            cols.add(e + " best queries/s");
        }
        List<String> peers = engines.stream().filter(x -> !x.equals("strata") && !x.equals("brute")).toList();
        boolean ratios = engines.contains("strata");
        if (ratios) {
            peers.forEach(p -> cols.add("strata/" + p));
        }
        ResultTable t = rep.table(new ResultTable("Best single-thread queries/s at a recall target",
                cols.toArray(String[]::new)));
        for (double target : TARGETS) {
            List<Object> row = new ArrayList<>();
            row.add("≥ " + Fmt.fixed(target, 2));
            Map<String, Double> best = new LinkedHashMap<>();
            for (String e : engines) {
                Point b = null;
                for (Point p : points) {
                    if (p.engine().equals(e) && p.recall() >= target && (b == null || p.qps() > b.qps())) {
                        b = p;
                    }
                }
                best.put(e, b == null ? Double.NaN : b.qps());
                row.add(b == null ? "not reached" : Fmt.num(b.qps()) + (e.equals("brute") ? "" : " (" + b.param()
                        + ")"));
            }
            if (ratios) {
                for (String p : peers) {
                    row.add(Fmt.ratio(best.get("strata"), best.get(p)));
                }
            }
            t.add(row.toArray());
        }
    }

    /** Best of {@link #PASSES} timed passes over the queries (ANN-Benchmarks reports the best run too). */
    static Point measure(String engine, AnnIndex idx, int param, Dataset ds, int[][] gt, int k, int nq,
                         boolean firstParam) {
        float[][] qs = ds.queries();
        int warm = firstParam ? nq : Math.min(nq, 20);
        long[] nanos = new long[nq];
        idx.searchBatch(qs, warm, k, nanos);
        Point best = null;
        for (int pass = 0; pass < PASSES; pass++) {
            Histogram h = new Histogram(60_000_000_000L, 2);
            double recallSum = 0;
            // queries/s = queries / summed per-query latency, so an engine timed in another process
            // (hnswlib) is measured the same way as the in-JVM ones
            int[][] res = idx.searchBatch(qs, nq, k, nanos);
            long total = 0;
            for (int i = 0; i < nq; i++) {
                h.recordValue(Math.max(1, nanos[i]));
                total += nanos[i];
                recallSum += recall(res[i], gt[i], k);
            }
            double secs = Math.max(1, total) / 1e9;
            Point p = new Point(engine, param, recallSum / nq, nq / secs, h.getValueAtPercentile(50),
                    h.getValueAtPercentile(99));
            if (best == null || p.qps() > best.qps()) {
                best = p;
            }
        }
        return best;
    }

    static double recall(int[] got, int[] truth, int k) {
        int hit = 0;
        int n = Math.min(k, got.length);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < Math.min(k, truth.length); j++) {
                if (got[i] == truth[j]) {
                    hit++;
                    break;
                }
            }
        }
        return hit / (double) Math.min(k, truth.length);
    }

    static int[][] groundTruth(Dataset ds, int k, boolean quiet) {
        try (Progress p = Progress.start("exact ground truth", ds.queries().length, quiet)) {
            return IntStream.range(0, ds.queries().length).parallel().mapToObj(i -> {
                int[] r = BruteForceAnn.exactTopK(ds.base(), ds.queries()[i], k);
                p.step(1);
                return r;
            }).toArray(int[][]::new);
        }
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
