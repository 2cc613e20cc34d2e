package io.stratadb.storage;

import java.util.List;

/**
 * Told about every commit once it is visible, in version order, on the committing thread
 * (keep it short; it must not call back into a commit). Used by derived state such as
 * vector and text indexes. A listener that throws is logged and does not undo the commit.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(String branch, CommitResult commit, List<WriteBatch.Write> writes);
}
