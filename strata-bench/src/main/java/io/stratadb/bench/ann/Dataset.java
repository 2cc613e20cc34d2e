package io.stratadb.bench.ann;

/**
 * Base vectors and query vectors of one ANN dataset, L2 metric. Arrays are shared, not copied:
 * callers must not modify them.
 */
public record Dataset(String name, String source, float[][] base, float[][] queries) {
    public Dataset {
        if (base.length == 0 || queries.length == 0) {
            throw new IllegalArgumentException("dataset " + name + " has no base or no query vectors");
        }
        int d = base[0].length;
        for (float[] q : queries) {
            if (q.length != d) {
                throw new IllegalArgumentException("dataset " + name + ": query dimension " + q.length
                        + " differs from base dimension " + d);
            }
        }
    }

    public int dimension() {
        return base[0].length;
    }
}
