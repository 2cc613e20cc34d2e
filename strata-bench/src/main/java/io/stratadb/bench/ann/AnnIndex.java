package io.stratadb.bench.ann;

import java.util.List;

/**
 * One approximate (or exact) nearest-neighbour index under the ANN harness, L2 metric.
 * Lifecycle: {@link #build} once, then any number of {@link #setSearchParam} / {@link #search}
 * rounds from a single thread. Not thread-safe. Ids are base-vector positions.
 */
public interface AnnIndex extends AutoCloseable {
    /**
     * The knob values every graph engine sweeps, the same list for all so no engine gets a finer
     * or lower-starting range than another: from k (10; a beam below k cannot return k hits) up
     * in steps of about 1.5x. The quick list used to double (10, 20, 40 ...), which could put an
     * engine's first point above 0.95 recall far past the ef that just reaches it.
     */
    static List<Integer> graphSweep(boolean quick) {
        return quick ? List.of(10, 15, 20, 30, 40, 60, 80, 120, 160, 240, 320, 480, 640)
                : List.of(10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024);
    }

    /** Builds over {@code base} (the harness times this call). */
    void build(float[][] base);

    /** The search-time knob values to sweep (e.g. ef / beam width), smallest first. */
    List<Integer> searchParams(boolean quick);

    /** Name of the knob, for tables (e.g. "ef"). */
    String searchParamName();

    void setSearchParam(int value);

    /** The ids of the (approximately) {@code k} nearest base vectors, nearest first. */
    int[] search(float[] query, int k);

    /**
     * Answers {@code n} queries in one call, writing each query's latency in nanoseconds to
     * {@code nanos[i]}. The default calls {@link #search} per query and times it here; an engine in
     * another process (hnswlib) overrides this to time each query where it runs.
     */
    default int[][] searchBatch(float[][] queries, int n, int k, long[] nanos) {
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            out[i] = search(queries[i], k);
            nanos[i] = System.nanoTime() - s;
        }
        return out;
    }

    /** Build seconds to report; engines that time their own build (hnswlib) replace the harness's figure. */
    default double reportedBuildSeconds(double measured) {
        return measured;
    }

    /** Build memory to report; engines outside the JVM (hnswlib) replace the heap growth. */
    default long reportedMemoryBytes(long measured) {
        return measured;
    }

    @Override
    default void close() {
    }
}
