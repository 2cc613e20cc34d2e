package io.stratadb.storage.recovery;

/** Seeds for randomized recovery tests: {@code -Dtests.seed=} replays, empty means random. */
final class Seeds {
    private Seeds() {
    }

    static long base() {
        String s = System.getProperty("tests.seed", "");
        return s.isBlank() ? new java.util.Random().nextLong() : Long.parseLong(s.trim());
    }

    static boolean longRun() {
        return Boolean.getBoolean("tests.long");
    }

    /** A well-mixed seed derived from a base seed and an index (java.util.Random's first outputs are poor). */
    static long mix(long base, long i) {
        long z = base + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
