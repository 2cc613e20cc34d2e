package io.stratadb.bench;

import io.stratadb.bench.ann.AnnSuite;
import io.stratadb.bench.branch.BranchSuite;
import io.stratadb.bench.durable.DurableSuite;
import io.stratadb.bench.kv.KvSuite;
import io.stratadb.bench.recovery.RecoverySuite;
import io.stratadb.bench.report.ResultTable;
import io.stratadb.bench.report.SuiteReport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Entry point of {@code bench/run SUITE [options]}: runs one suite, prints its tables and writes
 * {@code <suite>.md/.csv/.png} under {@code --out} (default {@code bench/results}).
 * Exit codes: 0 ok, 2 bad usage, 1 failure.
 */
public final class Main {
    private Main() {
    }

    record Suite(String name, Set<String> options, Function<Args, SuiteReport> runner, String usage) {
    }

    static final List<Suite> SUITES = List.of(
            new Suite("kv", KvSuite.OPTIONS, KvSuite::run,
                    "[--records N] [--ops N] [--workloads A..F] [--threads 1,2] [--engines strata,rocksdb,lmdb,"
                            + "sqlite,mvstore] [--mode buffered|strict|inmemory] [--seconds S] [--rounds N]"),
            new Suite("durable", DurableSuite.OPTIONS, DurableSuite::run,
                    "[--threads 1,2,8,32] [--seconds S per point] [--targets strata,rocksdb,fsync]"),
            new Suite("ann", AnnSuite.OPTIONS, AnnSuite::run,
                    "[--dataset sift5k|mnist9k|fashion-mnist|synthetic|text384] [--engines strata,jvector,lucene,hnswlib,"
                            + "brute] [--queries N] [--base N] [--m 16] [--ef-construction 100]"),
            new Suite("branch", BranchSuite.OPTIONS, BranchSuite::run,
                    "[--max-keys N] [--base-keys N] [--max-depth N]"),
            new Suite("recovery", RecoverySuite.OPTIONS, RecoverySuite::run,
                    "[--max-keys N] [--max-tail N] [--data-gb 0.1,1,2.5] [--tails 1000,50000] [--targets strata,rocksdb]"));

    public static void main(String[] argv) {
        System.setProperty("java.awt.headless", "true");
        int code = run(argv);
        System.exit(code);
    }

    /** Runs one suite in-process (also used by the smoke test); returns the exit code. */
    public static int run(String... argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            usage();
            return argv.length == 0 ? 2 : 0;
        }
        Suite suite = SUITES.stream().filter(s -> s.name().equals(argv[0])).findFirst().orElse(null);
        if (suite == null) {
            System.err.println("bench: unknown suite '" + argv[0] + "'");
            usage();
            return 2;
        }
        try {
            Args a = Args.parse(Arrays.asList(argv).subList(1, argv.length), suite.options());
            if (a.help()) {
                System.out.println("bench/run " + suite.name() + " [--quick] [--quiet] [--out DIR] [--dir DIR] "
                        + "[--seed N] " + suite.usage());
                return 0;
            }
            SuiteReport rep = suite.runner().apply(a);
            Path md = rep.write(a.outDir());
            for (ResultTable t : rep.tables()) {
                System.out.println();
                System.out.println("## " + t.title());
                System.out.print(t.toMarkdown());
            }
            System.out.println();
            System.out.println("bench: wrote " + md + " (+ .csv, .png) in " + a.outDir().toAbsolutePath());
            return 0;
        } catch (BenchUsageException e) {
            System.err.println("bench " + suite.name() + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("bench " + suite.name() + " failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static void usage() {
        System.err.println("usage: bench/run SUITE [--quick] [--quiet] [--out DIR] [--dir DIR] [--seed N] ...");
        for (Suite s : SUITES) {
            System.err.println("  " + s.name() + " " + s.usage());
        }
    }
}
