package io.stratadb.internal.vector;

import io.stratadb.storage.Transaction;

import io.stratadb.internal.vector.kernel.Kernels;
import io.stratadb.internal.vector.kernel.VectorKernel;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Typed configuration of a {@link VectorStore}.
 *
 * @param indexDir         where collection indexes are persisted for fast open; null = keep them in memory only
 * @param efSearch         default HNSW beam width of a search
 * @param m                HNSW links per node of new collections
 * @param efConstruction   HNSW build beam width of new collections
 * @param freshLimit       newest writes kept in the flat (brute-force) set before they move into the graph
 * @param exactFilterRows  a filter matching at most this many settled rows is answered by an exact pass over them
 * @param buildThreads     threads used to build a graph; the default is 1 because a single-threaded build
 *                         is deterministic (same rows in the same order give the same graph), so an index
 *                         rebuilt from storage after its file went missing answers exactly like the one it
 *                         replaces; parallel insertion would make approximate results depend on scheduling
 * @param spaceRegistrar   called with (transaction, space) before every write (the engine registers the space); may be null
 * @param kernel           distance kernel; null = the JVM's choice ({@link Kernels#get()}); tests pin scalar or SIMD
 */
public record VectorStoreOptions(Path indexDir, int efSearch, int m, int efConstruction, int freshLimit,
                                 int exactFilterRows, int buildThreads,
                                 BiConsumer<Transaction, String> spaceRegistrar, VectorKernel kernel) {
    public VectorStoreOptions {
        if (efSearch < 1 || m < 2 || m > 128 || efConstruction < m || freshLimit < 1 || exactFilterRows < 0
                || buildThreads < 1) {
            throw new IllegalArgumentException("bad vector store options: efSearch " + efSearch + ", m " + m
                    + ", efConstruction " + efConstruction + ", freshLimit " + freshLimit + ", exactFilterRows "
                    + exactFilterRows + ", buildThreads " + buildThreads);
        }
        kernel = kernel == null ? Kernels.get() : kernel;
    }

    public static VectorStoreOptions defaults() {
        return new VectorStoreOptions(null, 100, 16, 200, 2048, 2000, 1, null, null);
    }

    public VectorStoreOptions withIndexDir(Path dir) {
        return new VectorStoreOptions(dir, efSearch, m, efConstruction, freshLimit, exactFilterRows, buildThreads,
                spaceRegistrar, kernel);
    }

    public VectorStoreOptions withFreshLimit(int n) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, n, exactFilterRows, buildThreads,
                spaceRegistrar, kernel);
    }

    public VectorStoreOptions withExactFilterRows(int n) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, freshLimit, n, buildThreads,
                spaceRegistrar, kernel);
    }

    public VectorStoreOptions withEfSearch(int ef) {
        return new VectorStoreOptions(indexDir, ef, m, efConstruction, freshLimit, exactFilterRows, buildThreads,
                spaceRegistrar, kernel);
    }

    public VectorStoreOptions withSpaceRegistrar(BiConsumer<Transaction, String> r) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, freshLimit, exactFilterRows,
                buildThreads, r, kernel);
    }

    public VectorStoreOptions withKernel(VectorKernel k) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, freshLimit, exactFilterRows,
                buildThreads, spaceRegistrar, k);
    }
}
