package io.stratadb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every suite's driver in-process at a tiny size and checks that its Markdown, CSV and chart
 * come out with a row per engine. No timing is asserted: figures come from bench/run.
 */
class SuitesSmokeTest {
    @TempDir
    Path out;

    private List<String> run(String suite, String... args) throws IOException {
        return runAs(suite, suite, args);
    }

    /** Runs {@code suite}; its output files are named {@code files}.* (e.g. kv-inmemory, ann-synthetic). */
    private List<String> runAs(String suite, String files, String... args) throws IOException {
        String[] argv = new String[args.length + 6];
        argv[0] = suite;
        System.arraycopy(args, 0, argv, 1, args.length);
        argv[args.length + 1] = "--quiet";
        argv[args.length + 2] = "--out";
        argv[args.length + 3] = out.toString();
        argv[args.length + 4] = "--dir";
        argv[args.length + 5] = out.resolve("tmp").toString();
        assertEquals(0, Main.run(argv), "exit code of bench " + suite);
        assertTrue(Files.size(out.resolve(files + ".png")) > 1000, files + ".png written");
        String md = Files.readString(out.resolve(files + ".md"));
        assertTrue(md.contains("| --- |"), files + ".md has a table:\n" + md);
        return Files.readAllLines(out.resolve(files + ".csv"));
    }

    private static void assertRowFor(List<String> csv, String engine) {
        assertTrue(csv.stream().anyMatch(l -> l.startsWith(engine + ",")), "a row for " + engine + " in " + csv);
    }

    @Test
    void kvAllEnginesInMemory() throws IOException {
        List<String> csv = runAs("kv", "kv-inmemory", "--records", "300", "--ops", "300", "--seconds", "1",
                "--mode", "inmemory",
                "--threads", "1");
        assertTrue(csv.get(0).startsWith("engine,mode,workload,threads,ops"), csv.get(0));
        for (String e : List.of("strata", "rocksdb", "lmdb", "sqlite", "mvstore")) {
            assertRowFor(csv, e);
            // load + six workloads, each either measured or reported unsupported
            assertEquals(7, csv.stream().filter(l -> l.startsWith(e + ",")).count(), "rows for " + e);
        }
        assertTrue(csv.stream().filter(l -> l.startsWith("rocksdb,")).allMatch(l -> l.endsWith(",ok")), csv.toString());
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("kv-inmemory-strata-peer")),
                    "the ratio table has its own CSV");
        }
    }

    @Test
    void kvBufferedSubset() throws IOException {
        List<String> csv = run("kv", "--records", "200", "--ops", "200", "--seconds", "1", "--engines",
                "strata,lmdb", "--workloads", "A,E", "--threads", "2");
        assertRowFor(csv, "strata");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("lmdb,buffered,E,2,")), csv.toString());
        assertTrue(Files.readString(out.resolve("kv.md")).contains("warm-up per engine, untimed, on a scratch store"
                + " that is then deleted: 200 puts, 200 gets, 20 scans"),
                "the warm-up (as many puts as records) is written into the settings");
    }

    @Test
    void kvRoundsAlternateTheOrderAndRatioTheMedians() throws IOException {
        List<String> csv = run("kv", "--records", "200", "--ops", "200", "--seconds", "1", "--engines",
                "strata,lmdb", "--workloads", "C", "--threads", "1", "--warmup", "0", "--rounds", "3");
        assertTrue(csv.get(0).startsWith("round,engine,mode,workload"), csv.get(0));
        // every round measures every engine: load and C
        for (int r = 1; r <= 3; r++) {
            for (String e : List.of("strata", "lmdb")) {
                String prefix = r + "," + e + ",";
                assertEquals(2, csv.stream().filter(l -> l.startsWith(prefix) && l.endsWith(",ok")).count(),
                        "round " + r + " rows for " + e + " in " + csv);
            }
        }
        // the engine order is reversed in round 2: lmdb's rows come first there
        List<String> round2 = csv.stream().filter(l -> l.startsWith("2,")).toList();
        assertTrue(round2.get(0).startsWith("2,lmdb,"), round2.toString());
        List<String> round1 = csv.stream().filter(l -> l.startsWith("1,")).toList();
        assertTrue(round1.get(0).startsWith("1,strata,"), round1.toString());
        String md = Files.readString(out.resolve("kv.md"));
        assertTrue(md.contains("3 rounds, the engine order reversed every other round"), md);
        List<String> medians = Files.readAllLines(out.resolve("kv-median-over-rounds.csv"));
        assertTrue(medians.stream().anyMatch(l -> l.startsWith("strata,C,1,3,")), medians.toString());
    }

    @Test
    void durable() throws IOException {
        List<String> csv = run("durable", "--threads", "1,2", "--seconds", "0.2");
        for (String t : List.of("strata", "rocksdb", "fsync", "fsync-reserved")) {
            assertRowFor(csv, t);
        }
        // strata,1,<commits>,<commits/s>,<p50>,<p99>,<commits per fsync>,...: one fsync per commit or fewer
        String strata = csv.stream().filter(l -> l.startsWith("strata,1,")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(strata.split(",")[6]) >= 1.0, strata);
    }

    @Test
    void annSynthetic() throws IOException {
        List<String> csv = runAs("ann", "ann-synthetic", "--dataset", "synthetic", "--base", "400", "--queries", "15", "--quick");
        // hnswlib's row is "ok" with python3-hnswlib installed, "unsupported: ..." without it
        for (String e : List.of("strata", "jvector", "lucene", "hnswlib", "brute")) {
            assertRowFor(csv, e);
        }
        // brute force is exact by construction: recall 1
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("brute,-,1.0000,")), csv.toString());
    }

    @Test
    void branch() throws IOException {
        List<String> csv = run("branch", "--max-keys", "100", "--base-keys", "100", "--max-depth", "10");
        assertTrue(csv.size() >= 2, csv.toString());
        String md = Files.readString(out.resolve("branch.md"));
        assertTrue(md.contains("Diff and merge") || md.contains("unsupported"), md);
    }

    @Test
    void recovery() throws IOException {
        List<String> csv = run("recovery", "--max-keys", "100", "--max-tail", "100", "--data-gb", "0.0002,0.0004",
                "--tails", "5,20");
        assertRowFor(csv, "rocksdb");
        assertRowFor(csv, "strata");
        assertTrue(csv.stream().filter(l -> !l.startsWith("target,")).allMatch(l -> l.endsWith(",ok")), csv.toString());
        List<String> scale = Files.readAllLines(out.resolve("recovery-reopen-at-scale.csv"));
        assertRowFor(scale, "rocksdb");
        assertRowFor(scale, "strata");
        assertEquals(1 + 2 * 2 * 2, scale.size(), scale.toString());
        assertTrue(scale.stream().skip(1).allMatch(l -> l.endsWith(",ok")), scale.toString());
    }

    @Test
    void badUsageIsRejectedWithExitCode2() {
        assertEquals(2, Main.run("kv", "--records", "ten"));
        assertEquals(2, Main.run("kv", "--engines", "oracle"));
        assertEquals(2, Main.run("kv", "--bogus", "1"));
        assertEquals(2, Main.run("kv", "--warmup", "-1"));
        assertEquals(2, Main.run("kv", "--records", "0"));
        assertEquals(2, Main.run("kv", "--rounds", "0"));
        assertEquals(2, Main.run("nosuchsuite"));
        assertEquals(2, Main.run("ann", "--dataset", "nope"));
    }
}
