package io.stratadb.storage.internal.commit;

import io.stratadb.storage.WriteBatch;

import java.util.List;

/**
 * What one commit wrote: the unit the {@link CommitLog} persists and recovery replays. Catalog
 * changes (branch create/fork/delete) are ordinary records on the reserved branch id
 * {@link #CATALOG_BRANCH_ID}, so the log needs no special case for them.
 *
 * @param version         global commit version (dense: each record is the previous one + 1)
 * @param timestampMicros commit timestamp, strictly increasing with the version
 * @param branchId        internal id of the branch written (0 = the catalog)
 * @param writes          the writes in batch order (a later write to the same key wins); unmodifiable
 */
public record CommitRecord(long version, long timestampMicros, long branchId, List<WriteBatch.Write> writes) {
    /** The reserved branch id under which the branch catalog is stored; never exposed by name. */
    public static final long CATALOG_BRANCH_ID = 0;

    public CommitRecord {
        if (version < 1) {
            throw new IllegalArgumentException("commit version must be >= 1, got " + version);
        }
        if (branchId < 0) {
            throw new IllegalArgumentException("branch id must be >= 0, got " + branchId);
        }
        writes = List.copyOf(writes);
    }

    public boolean isCatalog() {
        return branchId == CATALOG_BRANCH_ID;
    }
}
