package io.stratadb.storage.lsm;

import java.util.Random;

/** Seeded randomness for tests: {@code -Dtests.seed=N} replays a run; the seed goes in every failure message. */
final class TestSeeds {
    private TestSeeds() {
    }

    static long seed() {
        String s = System.getProperty("tests.seed", "");
        long seed = s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
        System.out.println("tests.seed=" + seed);
        return seed;
    }
}
