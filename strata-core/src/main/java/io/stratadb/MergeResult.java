package io.stratadb;

import java.util.List;

/**
 * Outcome of merging {@code source} into {@code target}.
 *
 * @param source          the source branch
 * @param target          the target branch
 * @param strategy        the strategy used
 * @param preview         true for a dry run: counts and conflicts are what a real merge would do; nothing was written
 * @param applied         true if the merge was committed (false for a preview, a strict merge with conflicts, or nothing to do)
 * @param keysApplied     entities written to the target (puts), all primitives
 * @param keysDeleted     entities deleted on the target because the source deleted them
 * @param eventsAppended  source events appended to the target's logs
 * @param conflicts       entities both sides changed differently, with the base, source and target values
 * @param mergeBaseVersion the commit version of the merge base (0 = no common history)
 * @param commitVersion   the commit that applied the merge, 0 if none
 */
public record MergeResult(String source, String target, MergeStrategy strategy, boolean preview, boolean applied,
                          long keysApplied, long keysDeleted, long eventsAppended, List<Conflict> conflicts,
                          long mergeBaseVersion, long commitVersion) {
    public MergeResult {
        conflicts = List.copyOf(conflicts);
    }

    /**
     * One conflict. A {@code null} value means "absent" (never existed or deleted) on that side.
     *
     * @param resolution what happened to it: {@code "source"}, {@code "target"} or {@code "aborted"} (strict)
     */
    public record Conflict(String space, String primitive, String key, Value baseValue, Value sourceValue,
                           Value targetValue, String resolution) {
    }
}
