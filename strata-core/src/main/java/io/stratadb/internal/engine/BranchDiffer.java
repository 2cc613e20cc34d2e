package io.stratadb.internal.engine;

import io.stratadb.BranchDiff;

/** Computes {@link BranchDiff}s. */
final class BranchDiffer {
    private final Engine engine;

    BranchDiffer(Engine engine) {
        this.engine = engine;
    }

    BranchDiff diff(String a, String b) {
        throw new UnsupportedOperationException("diff: in progress");
    }
}
