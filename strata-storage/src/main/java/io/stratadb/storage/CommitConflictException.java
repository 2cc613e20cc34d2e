package io.stratadb.storage;

/**
 * Optimistic validation failed: a key this transaction read or wrote was changed by a commit
 * made after the transaction's snapshot. Nothing of the transaction was applied.
 */
public class CommitConflictException extends StorageException {
    private final Key key;

    public CommitConflictException(String branch, Key key, long snapshotVersion, long conflictingVersion) {
        super("commit conflict on branch '" + branch + "': key " + key + " was changed at version "
                + conflictingVersion + " after the transaction's snapshot " + snapshotVersion);
        this.key = key;
    }

    /** The first conflicting key found (one of possibly several). */
    public Key key() {
        return key;
    }
}
