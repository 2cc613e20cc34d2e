package io.stratadb;

import java.util.Random;

/** Seeded randomness for tests: {@code -Dtests.seed=<long>} replays; empty = a fresh random seed. */
public final class Seeds {
    private Seeds() {
    }

    public static long seed() {
        String s = System.getProperty("tests.seed", "");
        if (s == null || s.isBlank()) {
            return new Random().nextLong();
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.parseUnsignedLong(s.trim(), 16);
        }
    }

    public static Random random(long seed) {
        return new Random(seed);
    }
}
