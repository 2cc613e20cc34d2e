package io.stratadb.storage.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for randomized tests: {@code -Dtests.seed=N} replays exactly seed N; otherwise
 * {@code count} random seeds (more with {@code -Dtests.long=true}). Failures must name the seed.
 */
final class Seeds {
    private Seeds() {
    }

    static boolean longRun() {
        return Boolean.getBoolean("tests.long");
    }

    static List<Long> seeds(int count, int longCount) {
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

    static long seed() {
        return seeds(1, 1).get(0);
    }

    /** Wraps a failure so its message carries the seed and how to replay it. */
    static AssertionError failure(long seed, String where, Throwable t) {
        return new AssertionError("FAILED with seed " + seed + " " + where + " (replay with -Dtests.seed=" + seed
                + "): " + t, t);
    }
}
