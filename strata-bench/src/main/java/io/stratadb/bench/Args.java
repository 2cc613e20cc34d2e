package io.stratadb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command-line options of one suite: {@code --name value} pairs and bare flags
 * ({@code --quick}, {@code --quiet}). Unknown options and malformed numbers are rejected with a
 * {@link BenchUsageException} naming the option. Not thread-safe.
 */
public final class Args {
    private static final Set<String> FLAGS = Set.of("quick", "quiet", "help");
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> allowed;

    private Args(Set<String> allowed) {
        this.allowed = allowed;
    }

    /** Parses {@code argv}; {@code allowed} lists the value options the suite understands (without "--"). */
    public static Args parse(List<String> argv, Set<String> allowed) {
        Args a = new Args(allowed);
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (!s.startsWith("--")) {
                throw new BenchUsageException("unexpected argument '" + s + "' (options start with --)");
            }
            String name = s.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new BenchUsageException("option --" + name + " takes no value");
                }
                a.flags.add(name);
                continue;
            }
            if (!allowed.contains(name) && !name.equals("out") && !name.equals("dir") && !name.equals("seed")) {
                throw new BenchUsageException("unknown option --" + name + " (known: --quick --quiet --out --dir --seed "
                        + allowed.stream().sorted().map(x -> "--" + x).reduce((x, y) -> x + " " + y).orElse("") + ")");
            }
            if (value == null) {
                if (i + 1 >= argv.size()) {
                    throw new BenchUsageException("option --" + name + " needs a value");
                }
                value = argv.get(++i);
            }
            a.values.put(name, value);
        }
        return a;
    }

    public boolean quick() {
        return flags.contains("quick");
    }

    public boolean quiet() {
        return flags.contains("quiet");
    }

    public boolean help() {
        return flags.contains("help");
    }

    public String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public long longValue(String name, long dflt) {
        return longValue(name, dflt, 1);
    }

    /** As {@link #longValue(String, long)} where 0 is allowed too (e.g. to turn something off). */
    public long countValue(String name, long dflt) {
        return longValue(name, dflt, 0);
    }

    private long longValue(String name, long dflt, long min) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long x = parseSuffixed(v);
            if (x < min) {
                throw new BenchUsageException("option --" + name + " must be " + (min == 0 ? "0 or more" : "positive")
                        + ", got " + v);
            }
            return x;
        } catch (NumberFormatException e) {
            throw new BenchUsageException("option --" + name + " needs a number (e.g. 1000, 10k, 1m), got '" + v + "'");
        }
    }

    public int intValue(String name, int dflt) {
        long v = longValue(name, dflt);
        if (v > Integer.MAX_VALUE) {
            throw new BenchUsageException("option --" + name + " is too large: " + v);
        }
        return (int) v;
    }

    public double doubleValue(String name, double dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new BenchUsageException("option --" + name + " must be a positive number, got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new BenchUsageException("option --" + name + " needs a number, got '" + v + "'");
        }
    }

    /** A comma-separated list of positive integers (e.g. {@code --threads 1,2,8}). */
    public List<Integer> intList(String name, List<Integer> dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        List<Integer> out = new ArrayList<>();
        for (String p : v.split(",")) {
            try {
                long x = parseSuffixed(p.trim());
                if (x <= 0 || x > Integer.MAX_VALUE) {
                    throw new BenchUsageException("option --" + name + ": " + p + " is out of range");
                }
                out.add((int) x);
            } catch (NumberFormatException e) {
                throw new BenchUsageException("option --" + name + " needs comma-separated numbers, got '" + v + "'");
            }
        }
        return out;
    }

    /** A comma-separated list of names, lower-cased, each checked against {@code known}. */
    public List<String> nameList(String name, List<String> dflt, Set<String> known) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            String x = p.trim().toLowerCase(Locale.ROOT);
            if (!known.contains(x)) {
                throw new BenchUsageException("option --" + name + ": unknown value '" + p + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
            out.add(x);
        }
        return out;
    }

    public Path outDir() {
        return Path.of(values.getOrDefault("out", "bench/results"));
    }

    /** Where engines put their data (a scratch folder on the real disk, deleted per run). */
    public Path workDir() {
        return Path.of(values.getOrDefault("dir", outDir().resolve("tmp").toString()));
    }

    public long seed() {
        return values.containsKey("seed") ? Long.parseLong(values.get("seed")) : 42L;
    }

    static long parseSuffixed(String v) {
        String s = v.toLowerCase(Locale.ROOT).replace("_", "");
        long mul = 1;
        if (s.endsWith("k")) {
            mul = 1_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mul = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(s), mul);
    }
}
