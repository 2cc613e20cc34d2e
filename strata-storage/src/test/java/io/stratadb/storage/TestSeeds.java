package io.stratadb.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for every randomized storage test: {@code -Dtests.seed=N} replays exactly seed N, otherwise
 * seeds are random; {@code -Dtests.long=true} (Maven profile {@code long}) runs the long variants.
 * Failures must name their seed.
 */
public final class TestSeeds {
    private TestSeeds() {
    }

    /** Whether the long variants run. */
    public static boolean longRun() {
        return Boolean.getBoolean("tests.long");
    }

    /** {@code count} seeds ({@code longCount} in a long run), or just the replayed one. */
    public static List<Long> seeds(int count, int longCount) {
        String fixed = System.getProperty("tests.seed", "");
        List<Long> out = new ArrayList<>();
        if (!fixed.isBlank()) {
            out.add(Long.parseLong(fixed.trim()));
            return out;
        }
        int n = longRun() ? longCount : count;
        for (int i = 0; i < n; i++) {
            out.add(ThreadLocalRandom.current().nextLong());
        }
        return out;
    }

    /** One seed (the replayed one if given), printed so a log shows it even without a failure. */
    public static long seed() {
        long seed = seeds(1, 1).get(0);
        System.out.println("tests.seed=" + seed);
        return seed;
    }

    /** A well-mixed seed derived from a base seed and an index (java.util.Random's first outputs are poor). */
    public static long mix(long base, long i) {
        long z = base + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Wraps a failure so its message carries the seed and how to replay it. */
    public static AssertionError failure(long seed, String where, Throwable t) {
        return new AssertionError("FAILED with seed " + seed + " " + where + " (replay with -Dtests.seed=" + seed
                + "): " + t, t);
    }
}
