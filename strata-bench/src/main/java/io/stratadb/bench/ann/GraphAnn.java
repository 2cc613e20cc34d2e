package io.stratadb.bench.ann;

import java.util.List;

/**
 * An approximate graph index whose search knob is a beam width ({@code ef} or jvector's beam):
 * every such engine sweeps the same values ({@link AnnIndex#graphSweep}) so the curves compare.
 */
abstract class GraphAnn implements AnnIndex {
    /** The current beam width; at least k is used per search. */
    protected int ef = 10;

    @Override
    public final List<Integer> searchParams(boolean quick) {
        return AnnIndex.graphSweep(quick);
    }

    @Override
    public String searchParamName() {
        return "ef";
    }

    @Override
    public final void setSearchParam(int value) {
        ef = value;
    }
}
