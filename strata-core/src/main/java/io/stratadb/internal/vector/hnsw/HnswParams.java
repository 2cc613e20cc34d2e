package io.stratadb.internal.vector.hnsw;

/**
 * HNSW build and search parameters.
 *
 * @param m              neighbours kept per node on the upper layers (layer 0 keeps {@code 2 * m}); 2..128
 * @param efConstruction candidate-list size while inserting (quality of the graph); {@code >= m}
 * @param efSearch       default candidate-list size while searching (raise it for recall); {@code >= 1}
 * @param seed           seed of the level assignment, so a single-threaded build is reproducible
 */
public record HnswParams(int m, int efConstruction, int efSearch, long seed) {
    public static final HnswParams DEFAULT = new HnswParams(16, 200, 64, 42);

    public HnswParams {
        if (m < 2 || m > 128) {
            throw new IllegalArgumentException("HNSW m must be in 2..128, got " + m);
        }
        if (efConstruction < m || efConstruction > 100_000) {
            throw new IllegalArgumentException("HNSW efConstruction must be in m.." + 100_000 + ", got "
                    + efConstruction);
        }
        if (efSearch < 1 || efSearch > 100_000) {
            throw new IllegalArgumentException("HNSW efSearch must be in 1..100000, got " + efSearch);
        }
    }

    public HnswParams withEfSearch(int ef) {
        return new HnswParams(m, efConstruction, ef, seed);
    }

    public HnswParams withM(int newM) {
        return new HnswParams(newM, Math.max(efConstruction, newM), efSearch, seed);
    }

    public HnswParams withEfConstruction(int ef) {
        return new HnswParams(m, ef, efSearch, seed);
    }
}
