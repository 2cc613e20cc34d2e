package io.stratadb.internal.engine;

import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;

/** Three-way merges. */
final class BranchMerger {
    private final Engine engine;

    BranchMerger(Engine engine) {
        this.engine = engine;
    }

    MergeResult merge(String source, String target, MergeStrategy strategy, boolean preview) {
        throw new UnsupportedOperationException("merge: in progress");
    }
}
