package io.stratadb.storage;

import java.util.Optional;

/**
 * Metadata of a live branch.
 *
 * @param name             branch name
 * @param id               internal id, never reused (a re-created name gets a new id)
 * @param parent           name of the branch it was forked from, if that branch still exists
 * @param forkVersion      version at which it was forked (0 for a branch created empty)
 * @param createdMicros    creation timestamp
 * @param createdVersion   the global version current when the branch was created
 * @param lastCommitVersion version of the newest commit on this branch itself (0 if none)
 * @param updatedMicros    timestamp of that commit, or {@code createdMicros} if none
 */
public record BranchInfo(String name, long id, Optional<String> parent, long forkVersion, long createdMicros,
                         long createdVersion, long lastCommitVersion, long updatedMicros) {
}
