package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.internal.format.InternalKeyCodec;

import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The standard {@link VersionFilter} for a compaction: the user's {@link RetentionPolicy}, fork
 * pins from the branch catalog, and branch inheritance for bottom-level tombstones.
 * <ul>
 *   <li>a version of the protected (catalog) branch is never dropped;</li>
 *   <li>a shadowed version {@code v} with next newer version {@code n} is kept while a child
 *       branch forked at {@code f} with {@code v <= f < n} still reads it;</li>
 *   <li>otherwise the policy decides, with the decoded {@link Key}, the version's own timestamp,
 *       the number of newer versions among the inputs, and {@code nowMicros};</li>
 *   <li>a bottom-level tombstone is dropped only on a branch that inherits from no parent: on a
 *       forked branch it hides the parent's older data and must stay;</li>
 *   <li>every version of an unreachable branch (deleted, no live descendant) is dropped.</li>
 * </ul>
 * Keys that do not decode are kept. Thread-safe if the supplied functions are.
 */
public final class RetentionFilter implements VersionFilter {
    private final RetentionPolicy policy;
    private final long nowMicros;
    private final LongFunction<long[]> childForkVersions;
    private final LongPredicate hasParent;
    private final LongPredicate unreachable;
    private final long protectedBranch;

    /**
     * @param childForkVersions for a branch id, the fork versions of its live child branches (empty if none)
     * @param hasParent         whether a branch id reads through to a parent branch
     * @param unreachable       whether a branch id's data can no longer be read by anyone (a deleted
     *                          branch with no live descendant): all its versions go
     * @param protectedBranch   a branch id whose versions are never dropped (the catalog branch)
     */
    public RetentionFilter(RetentionPolicy policy, long nowMicros, LongFunction<long[]> childForkVersions,
                           LongPredicate hasParent, LongPredicate unreachable, long protectedBranch) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nowMicros = nowMicros;
        this.childForkVersions = Objects.requireNonNull(childForkVersions, "childForkVersions");
        this.hasParent = Objects.requireNonNull(hasParent, "hasParent");
        this.unreachable = Objects.requireNonNull(unreachable, "unreachable");
        this.protectedBranch = protectedBranch;
    }

    private static long branchOf(byte[] prefix) {
        return prefix.length < InternalKeyCodec.BRANCH_BYTES ? -1 : InternalKeyCodec.branchOf(prefix);
    }

    @Override
    public boolean mayDrop(byte[] prefix, long version, long nextNewerVersion, int newerVersions,
                           long timestampMicros, boolean tombstone) {
        long branch = branchOf(prefix);
        if (branch < 0 || branch == protectedBranch) {
            return false;
        }
        for (long f : childForkVersions.apply(branch)) {
            if (version <= f && f < nextNewerVersion) {
                return false;
            }
        }
        Key key;
        try {
            key = InternalKeyCodec.decodeLogical(prefix, InternalKeyCodec.BRANCH_BYTES, prefix.length);
        } catch (RuntimeException e) {
            return false;
        }
        return policy.mayDrop(key, version, timestampMicros, newerVersions, nowMicros);
    }

    @Override
    public boolean mayDropKey(byte[] prefix) {
        long branch = branchOf(prefix);
        return branch >= 0 && branch != protectedBranch && unreachable.test(branch);
    }

    @Override
    public boolean mayDropBottomTombstone(byte[] prefix, long version) {
        long branch = branchOf(prefix);
        return branch >= 0 && branch != protectedBranch && !hasParent.test(branch);
    }
}
