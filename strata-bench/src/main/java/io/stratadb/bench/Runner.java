package io.stratadb.bench;

import io.stratadb.bench.report.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Runs a timed closed-loop phase: {@code threads} threads share a budget of operations (and an
 * optional time cap), each operation's latency goes into a per-thread HdrHistogram, merged at the end.
 * The first failure in any thread stops the phase and is rethrown.
 */
public final class Runner {
    private Runner() {
    }

    /** One operation; {@code i} is a phase-wide sequence number. Must be thread-safe across threads. */
    @FunctionalInterface
    public interface Op {
        void run(int thread, long i, SplittableRandom rnd) throws Exception;
    }

    /** What a phase measured. */
    public record Result(long ops, long elapsedNanos, Histogram latency) {
        public double opsPerSecond() {
            return elapsedNanos == 0 ? Double.NaN : ops * 1e9 / elapsedNanos;
        }

        public double p50Nanos() {
            return ops == 0 ? Double.NaN : latency.getValueAtPercentile(50);
        }

        public double p99Nanos() {
            return ops == 0 ? Double.NaN : latency.getValueAtPercentile(99);
        }

        public double seconds() {
            return elapsedNanos / 1e9;
        }
    }

    public static Result run(String task, int threads, long totalOps, double maxSeconds, long seed, boolean quiet,
                             Op op) {
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long budget = maxSeconds >= 1e6 ? Long.MAX_VALUE : (long) (maxSeconds * 1e9);
        long phaseStart = System.nanoTime();
        List<Histogram> hists = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        long t0;
        try (Progress p = Progress.start(task, totalOps, quiet)) {
            for (int t = 0; t < threads; t++) {
                Histogram h = new Histogram(60_000_000_000L, 2);
                hists.add(h);
                int tid = t;
                SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + t);
                ts.add(new Thread(() -> {
                    long local = 0;
                    try {
                        while (failure.get() == null) {
                            long i = next.getAndIncrement();
                            if (i >= totalOps || ((i & 63) == 0 && System.nanoTime() - phaseStart > budget)) {
                                break;
                            }
                            long s = System.nanoTime();
                            op.run(tid, i, rnd);
                            h.recordValue(Math.max(1, System.nanoTime() - s));
                            done.incrementAndGet();
                            if (++local == 256) {
                                p.step(local);
                                local = 0;
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                    p.step(local);
                }, "bench-" + task + "-" + t));
            }
            t0 = System.nanoTime();
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running " + task, e);
                }
            }
        }
        long elapsed = System.nanoTime() - t0;
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException(task + " failed: " + f, f);
        }
        Histogram all = new Histogram(60_000_000_000L, 2);
        for (Histogram h : hists) {
            all.add(h);
        }
        return new Result(done.get(), elapsed, all);
    }
}
