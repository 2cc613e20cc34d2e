package io.stratadb.storage;

/**
 * An optimistic transaction on one branch. It reads from the snapshot taken at begin, sees its
 * own buffered writes (read-your-writes), and at {@link #commit()} validates that no key it read
 * (including every key in the ranges it scanned) or wrote was changed on the branch by a commit
 * after its snapshot; a conflict fails the whole commit with {@link CommitConflictException} and
 * applies nothing.
 *
 * <p>Own uncommitted writes read back (get, scan, history) with version 0 and timestamp 0. A
 * transaction on a branch that is deleted (or deleted and re-created) before commit fails to commit.
 *
 * <p>Not thread-safe: one thread drives a transaction. {@link #close()} without commit rolls back.
 */
public interface Transaction extends ReadView, AutoCloseable {
    /** Buffers a put; visible to this transaction's reads at once, to others after commit. */
    void put(Key key, byte[] value);

    /** Buffers a delete (a tombstone). */
    void delete(Key key);

    /** Whether anything has been written. */
    boolean hasWrites();

    /**
     * Validates and commits. A transaction without writes commits nothing and returns a result
     * whose version is the snapshot version.
     *
     * @throws CommitConflictException if validation fails (nothing applied)
     * @throws StorageStateException   if already committed or rolled back, or the storage is closed/read-only
     */
    CommitResult commit();

    /** Discards the buffered writes. Idempotent. */
    void rollback();

    /** Whether commit or rollback has happened. */
    boolean isFinished();

    /** Rolls back if not finished. */
    @Override
    void close();
}
