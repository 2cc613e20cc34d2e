package io.stratadb;

/**
 * Metadata of a branch.
 *
 * @param name              the branch name
 * @param parent            the branch it was forked from, or {@code null} (created empty, or the parent was deleted)
 * @param forkVersion       the parent's commit version it was forked at (0 if created empty)
 * @param createdMicros     creation time, µs since the epoch
 * @param updatedMicros     time of the newest commit on the branch itself, or {@code createdMicros}
 * @param lastCommitVersion version of the newest commit on the branch itself (0 if none)
 */
public record BranchInfo(String name, String parent, long forkVersion, long createdMicros, long updatedMicros,
                         long lastCommitVersion) {
}
