package io.stratadb.internal.vector;

import io.stratadb.storage.Transaction;

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
 * @param buildThreads     threads used to build a graph
 * @param spaceRegistrar   called with (transaction, space) before every write (the engine registers the space); may be null
 */
public record VectorStoreOptions(Path indexDir, int efSearch, int m, int efConstruction, int freshLimit,
                                 int exactFilterRows, int buildThreads,
                                 BiConsumer<Transaction, String> spaceRegistrar) {
    public VectorStoreOptions {
        if (efSearch < 1 || m < 2 || m > 128 || efConstruction < m || freshLimit < 1 || exactFilterRows < 0
                || buildThreads < 1) {
            throw new IllegalArgumentException("bad vector store options: efSearch " + efSearch + ", m " + m
                    + ", efConstruction " + efConstruction + ", freshLimit " + freshLimit + ", exactFilterRows "
                    + exactFilterRows + ", buildThreads " + buildThreads);
        }
    }

    public static VectorStoreOptions defaults() {
        return new VectorStoreOptions(null, 100, 16, 200, 2048, 2000,
                Math.max(1, Runtime.getRuntime().availableProcessors()), null);
    }

    public VectorStoreOptions withIndexDir(Path dir) {
        return new VectorStoreOptions(dir, efSearch, m, efConstruction, freshLimit, exactFilterRows, buildThreads,
                spaceRegistrar);
    }

    public VectorStoreOptions withFreshLimit(int n) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, n, exactFilterRows, buildThreads,
                spaceRegistrar);
    }

    public VectorStoreOptions withExactFilterRows(int n) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, freshLimit, n, buildThreads,
                spaceRegistrar);
    }

    public VectorStoreOptions withEfSearch(int ef) {
        return new VectorStoreOptions(indexDir, ef, m, efConstruction, freshLimit, exactFilterRows, buildThreads,
                spaceRegistrar);
    }

    public VectorStoreOptions withSpaceRegistrar(BiConsumer<Transaction, String> r) {
        return new VectorStoreOptions(indexDir, efSearch, m, efConstruction, freshLimit, exactFilterRows,
                buildThreads, r);
    }
}
