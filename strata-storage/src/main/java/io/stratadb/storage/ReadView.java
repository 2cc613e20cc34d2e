package io.stratadb.storage;

import java.util.Optional;

/**
 * A consistent, read-only view of one branch as of one commit version: every read through it
 * sees exactly the commits with version &lt;= {@link #version()} that are visible on the branch
 * (its own commits, and its ancestors' commits up to each fork point).
 *
 * <p>Thread-safe; reads never block writers. A view stays valid after later commits; it fails
 * with {@link StorageStateException} once the storage is closed.
 */
public interface ReadView {
    /** The branch this view reads. */
    String branch();

    /** The commit version this view is pinned at (0 = before the first commit: everything is empty). */
    long version();

    /** The newest live version of {@code key}, or empty if it never existed or is deleted. */
    Optional<VersionedValue> get(Key key);

    /**
     * Live entries of {@code range} in key order, each at its newest version within this view.
     * Tombstoned keys are skipped. A read that fails part way (an I/O error, a damaged table) is thrown
     * from {@code hasNext()} or {@code next()} as a {@link StorageException}; the scan is then closed,
     * and every later call on it throws {@link IllegalStateException} naming that failure, so a caller
     * that catches the error and goes on never sees a shortened result as a complete one.
     */
    CloseableIterator<KeyValue> scan(KeyRange range);

    /**
     * Every version of {@code key} visible in this view, newest first, tombstones included
     * (as {@link VersionedValue#isTombstone()}); empty if the key never existed.
     */
    java.util.List<VersionedValue> history(Key key);

    /**
     * The keys of {@code range} whose newest version in this view is above {@code sinceVersion}, in
     * key order, each at that newest version; a key deleted since comes as an entry with a null value
     * ({@link KeyValue#isDeleted()}). With {@code sinceVersion} 0 it is every key that ever had a
     * version here, deletions included. Together with {@link #sharedHistory} this finds what differs
     * between two views without reading what they share: fork chain segments capped at or below
     * {@code sinceVersion} are not read at all, nor are LSM levels holding nothing newer, so the cost
     * follows the versions written since rather than the size of the range. Failure rules as
     * {@link #scan}.
     *
     * @throws UnsupportedOperationException from a view that cannot list changes: a {@link Transaction}
     *         (its own writes have no version yet)
     * @throws IllegalArgumentException if {@code sinceVersion} is negative
     */
    default CloseableIterator<KeyValue> changes(KeyRange range, long sinceVersion) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list changes");
    }

    /**
     * A version {@code m} up to which this view and {@code other} share their history: a key whose
     * newest version is at most {@code m} in both views has the same newest version (and value) in
     * both. So the keys on which the two views differ are among those {@link #changes} lists, since
     * {@code m}, in either view. {@code m} is the lower of the two views' caps on the first branch
     * their fork chains have in common (a view of the same branch: the lower of the two versions);
     * 0 when they share none, or when either view cannot tell (a {@link Transaction}, another
     * storage's view).
     */
    default long sharedHistory(ReadView other) {
        return 0;
    }
}
