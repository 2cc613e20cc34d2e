package io.stratadb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.bench.ann.BruteForceAnn;
import io.stratadb.bench.kv.Workload;
import io.stratadb.bench.kv.Zipfian;
import io.stratadb.bench.report.ResultTable;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The harness's own parts: option parsing, distributions, exact search, table rendering. */
class HarnessPartsTest {
    static long seed() {
        String s = System.getProperty("tests.seed", "");
        return s.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(s);
    }

    @Test
    void argsParseValuesFlagsAndSuffixes() {
        Args a = Args.parse(List.of("--quick", "--records", "10k", "--threads=1,2,8", "--engines", "LMDB"),
                Set.of("records", "threads", "engines"));
        assertTrue(a.quick());
        assertEquals(10_000, a.longValue("records", 1));
        assertEquals(List.of(1, 2, 8), a.intList("threads", List.of()));
        assertEquals(List.of("lmdb"), a.nameList("engines", List.of(), Set.of("lmdb")));
        BenchUsageException e = assertThrows(BenchUsageException.class,
                () -> Args.parse(List.of("--records"), Set.of("records")));
        assertTrue(e.getMessage().contains("--records"), e.getMessage());
        e = assertThrows(BenchUsageException.class,
                () -> Args.parse(List.of("--records", "-5"), Set.of("records")).longValue("records", 1));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }

    @Test
    void peerVersionsComeFromThePom() {
        for (String a : List.of("rocksdbjni", "lmdbjava", "sqlite-jdbc", "h2", "jvector", "lucene")) {
            assertTrue(Versions.of(a).matches("\\d+(\\.\\d+)+.*"), a + " -> " + Versions.of(a));
        }
    }

    @Test
    void workloadSpecs() {
        assertEquals(Workload.ORDER, Workload.parse("A..F"));
        assertEquals(List.of(Workload.A, Workload.E), Workload.parse("e,a"));
        assertThrows(BenchUsageException.class, () -> Workload.parse("G"));
        for (Workload w : Workload.ORDER) {
            assertEquals(1.0, w.read() + w.update() + w.insert() + w.scan() + w.rmw(), 1e-9, w.name());
        }
    }

    @Test
    void zipfianIsSkewedAndInRange() {
        long seed = seed();
        SplittableRandom r = new SplittableRandom(seed);
        Zipfian z = Zipfian.over(1000, Zipfian.THETA);
        int[] counts = new int[1000];
        for (int i = 0; i < 100_000; i++) {
            long v = z.next(r);
            assertTrue(v >= 0 && v < 1000, "seed " + seed + ": " + v);
            counts[(int) v]++;
        }
        assertTrue(counts[0] > counts[10] && counts[10] > counts[500], "seed " + seed + ": item 0 most popular");
        long n = 777;
        for (int i = 0; i < 10_000; i++) {
            long v = Zipfian.scrambled(Zipfian.over(10, 0.99), n, r);
            assertTrue(v >= 0 && v < n, "seed " + seed + ": " + v);
        }
    }

    @Test
    void bruteForceFindsExactNeighboursNearestFirst() {
        float[][] base = {{0, 0}, {5, 5}, {1, 0}, {0, 2}, {9, 9}};
        assertArrayEquals(new int[] {0, 2, 3}, BruteForceAnn.exactTopK(base, new float[] {0.1f, 0}, 3));
        assertArrayEquals(new int[] {4, 1}, BruteForceAnn.exactTopK(base, new float[] {9, 9}, 2));
        assertEquals(5, BruteForceAnn.exactTopK(base, new float[] {0, 0}, 50).length);
    }

    @Test
    void tablesQuoteCsvAndRejectWrongRowWidths() {
        ResultTable t = new ResultTable("t", "a", "b");
        t.add("x,y", "say \"hi\"");
        assertEquals("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", t.toCsv());
        assertTrue(t.toMarkdown().contains("| x,y | say \"hi\" |"));
        assertThrows(IllegalArgumentException.class, () -> t.add("only one"));
    }
}
