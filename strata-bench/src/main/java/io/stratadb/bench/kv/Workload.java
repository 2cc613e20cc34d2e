package io.stratadb.bench.kv;

import io.stratadb.bench.BenchUsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The YCSB core workloads. Proportions are of operations; request keys are scrambled Zipfian
 * (θ = 0.99) except D, which reads the latest inserts (Zipfian distance from the newest key).
 *
 * @param read   fraction of point reads
 * @param update fraction of overwrites
 * @param insert fraction of inserts of new keys
 * @param scan   fraction of short scans (length uniform 1..100)
 * @param rmw    fraction of read-modify-writes
 * @param latest whether reads favour the newest keys (workload D)
 */
public record Workload(String name, String description, double read, double update, double insert, double scan,
                       double rmw, boolean latest) {
    public static final Workload A = new Workload("A", "update heavy 50/50", 0.5, 0.5, 0, 0, 0, false);
    public static final Workload B = new Workload("B", "read mostly 95/5", 0.95, 0.05, 0, 0, 0, false);
    public static final Workload C = new Workload("C", "read only", 1.0, 0, 0, 0, 0, false);
    public static final Workload D = new Workload("D", "read latest 95/5 insert", 0.95, 0, 0.05, 0, 0, true);
    public static final Workload E = new Workload("E", "short scans 95/5 insert", 0, 0, 0.05, 0.95, 0, false);
    public static final Workload F = new Workload("F", "read-modify-write 50/50", 0.5, 0, 0, 0, 0.5, false);

    /** YCSB's recommended order: the inserting workloads D and E come last. */
    public static final List<Workload> ORDER = List.of(A, B, C, F, D, E);

    /** Parses a spec like "A..F", "A,C,E" or "abc" into workloads in YCSB order. */
    public static List<Workload> parse(String spec) {
        String s = spec.toUpperCase(Locale.ROOT).replace(" ", "");
        List<Character> wanted = new ArrayList<>();
        if (s.matches("[A-F]\\.\\.[A-F]")) {
            for (char c = s.charAt(0); c <= s.charAt(3); c++) {
                wanted.add(c);
            }
        } else {
            for (char c : s.replace(",", "").toCharArray()) {
                if (c < 'A' || c > 'F') {
                    throw new BenchUsageException("--workloads takes letters A..F (e.g. A..F or A,C,E), got '"
                            + spec + "'");
                }
                wanted.add(c);
            }
        }
        if (wanted.isEmpty()) {
            throw new BenchUsageException("--workloads is empty");
        }
        List<Workload> out = new ArrayList<>();
        for (Workload w : ORDER) {
            if (wanted.contains(w.name().charAt(0))) {
                out.add(w);
            }
        }
        return out;
    }
}
