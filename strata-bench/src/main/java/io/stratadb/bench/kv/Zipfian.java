package io.stratadb.bench.kv;

import java.util.SplittableRandom;

/**
 * Zipfian integers in {@code [0, n)} (Gray et al., "Quickly generating billion-record synthetic
 * databases", SIGMOD 1994), the distribution YCSB uses. {@link #scrambled} spreads the popular
 * items over the key space with an FNV-1a hash, as YCSB's scrambled Zipfian does: the draw is made
 * over a very large item space whose zeta constant is known, then hashed modulo {@code n}.
 *
 * <p>Immutable and thread-safe; callers pass their own random source.
 */
public final class Zipfian {
    /** YCSB's default skew. */
    public static final double THETA = 0.99;
    /** Item space of the scrambled generator (10 billion) and its zeta(theta=0.99). */
    static final long SCRAMBLE_ITEMS = 10_000_000_000L;
    static final double SCRAMBLE_ZETAN = 26.46902820178302;

    private final long items;
    private final double theta;
    private final double zetan;
    private final double alpha;
    private final double eta;
    private final double half;

    private Zipfian(long items, double theta, double zetan) {
        if (items < 1) {
            throw new IllegalArgumentException("zipfian item count must be >= 1, got " + items);
        }
        this.items = items;
        this.theta = theta;
        this.zetan = zetan;
        this.alpha = 1.0 / (1.0 - theta);
        double zeta2 = 1.0 + Math.pow(0.5, theta);
        this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetan);
        this.half = 1.0 + Math.pow(0.5, theta);
    }

    /** Plain Zipfian over {@code [0, n)}: item 0 is the most popular. O(n) to set up (the zeta sum). */
    public static Zipfian over(long n, double theta) {
        double z = 0;
        for (long i = 1; i <= n; i++) {
            z += 1.0 / Math.pow(i, theta);
        }
        return new Zipfian(n, theta, z);
    }

    /** The scrambled generator's base distribution (θ = 0.99, 10^10 items; O(1) to set up). */
    static Zipfian scrambledBase() {
        return new Zipfian(SCRAMBLE_ITEMS, THETA, SCRAMBLE_ZETAN);
    }

    public long next(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double uz = u * zetan;
        if (uz < 1.0) {
            return 0;
        }
        if (uz < half) {
            return 1;
        }
        long v = (long) (items * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(v, items - 1);
    }

    /** A scrambled-Zipfian draw in {@code [0, n)}. */
    public static long scrambled(Zipfian base, long n, SplittableRandom rnd) {
        return Long.remainderUnsigned(fnv1a64(base.next(rnd)), n);
    }

    /** FNV-1a over the 8 little-endian bytes of {@code v}. */
    public static long fnv1a64(long v) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public double theta() {
        return theta;
    }
}
