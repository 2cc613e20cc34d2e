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
}
