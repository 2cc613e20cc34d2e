package io.stratadb.bench.ann;

import io.stratadb.bench.UnsupportedEngineException;
import java.util.List;

/**
 * Strata's HNSW. Placeholder until the vectors work lands its standalone index class: building
 * reports {@link UnsupportedEngineException}, so the suite writes an "unsupported" row.
 */
public final class StrataAnn implements AnnIndex {
    public StrataAnn(int m, int efConstruction) {
    }

    public static String describe(int m, int efConstruction) {
        return "Strata HNSW: not in this build yet (waiting for the vectors module's index class)";
    }

    @Override
    public void build(float[][] base) {
        throw new UnsupportedEngineException("the Strata HNSW index has not landed in this build yet");
    }

    @Override
    public List<Integer> searchParams(boolean quick) {
        return List.of();
    }

    @Override
    public String searchParamName() {
        return "ef";
    }

    @Override
    public void setSearchParam(int value) {
    }

    @Override
    public int[] search(float[] query, int k) {
        throw new UnsupportedEngineException("the Strata HNSW index has not landed in this build yet");
    }
}
