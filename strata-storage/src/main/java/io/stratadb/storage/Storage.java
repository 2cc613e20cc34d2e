package io.stratadb.storage;

import java.util.List;
import java.util.Optional;

/**
 * L9, the storage API: a branch-aware, multi-version key space over bytes. The only thing the
 * engine sees of storage.
 *
 * <p><b>Versions.</b> Every commit is one atomic batch with one global, strictly increasing commit
 * version and one timestamp (µs since the epoch, strictly increasing too). A timeline maps
 * timestamps to versions for as-of reads.
 *
 * <p><b>Branches.</b> {@code "default"} exists from the start. {@link #fork} is copy-on-write and
 * O(metadata): the child reads its parent's data capped at the fork version, recursively for forks
 * of forks; deleting a parent leaves its children intact.
 *
 * <p><b>Catalog commits.</b> Branch create, fork and delete are commits too: each consumes one global
 * version (and timestamp), so {@link #latestVersion()} advances on them. {@code fork(src, dst)} forks at
 * the version just before its own catalog commit, i.e. it includes every commit acknowledged before
 * the call.
 *
 * <p><b>As-of reads.</b> A view as of a timestamp before the first commit is empty at version 0; a
 * version above the latest visible one is rejected with {@link InvalidKeyException}. Views are bound
 * to a branch id: a view of a branch that is later deleted keeps working.
 *
 * <p><b>Thread safety.</b> All methods are thread-safe. Readers never block writers; commits are
 * serialized internally. A commit is visible only once it is as durable as the mode promises.
 *
 * <p><b>Errors.</b> {@link InvalidKeyException} for bad arguments, {@link BranchNotFoundException},
 * {@link BranchExistsException}, {@link CommitConflictException}, {@link StorageStateException}
 * (closed, read-only, degraded), {@link StorageIOException} (I/O, corruption).
 */
public interface Storage extends AutoCloseable {
    /** The branch every storage starts with; it cannot be deleted. */
    String DEFAULT_BRANCH = "default";

    /** Opens (creating if needed, unless read-only) a storage with the given options. */
    static Storage open(StorageOptions options) {
        return io.stratadb.storage.internal.StorageRuntime.open(options);
    }

    // ---- branches -------------------------------------------------------------------------

    /** Creates an empty branch. */
    BranchInfo createBranch(String name);

    /** Forks {@code source} at its latest version into a new branch {@code target}. O(metadata). */
    BranchInfo fork(String source, String target);

    /** Forks {@code source} as of {@code version} (&lt;= latest) into {@code target}. */
    BranchInfo fork(String source, String target, long version);

    /**
     * Deletes a branch; its children keep reading what they inherited (data is held by branch id).
     * The name may be re-created later as a new, unrelated branch.
     *
     * @throws InvalidKeyException      for {@code default}, which cannot be deleted
     * @throws BranchNotFoundException  if no live branch has that name
     */
    void deleteBranch(String name);

    /** Live branches, sorted by name. */
    List<BranchInfo> listBranches();

    /** A live branch's metadata, or empty. */
    Optional<BranchInfo> branch(String name);

    // ---- reads ----------------------------------------------------------------------------

    /** The newest visible commit version (0 before the first commit). */
    long latestVersion();

    /** A view of {@code branch} at the latest version. */
    ReadView snapshot(String branch);

    /**
     * A view of {@code branch} as of commit {@code version}. Version 0 gives an empty view.
     *
     * @throws InvalidKeyException if {@code version} is negative or above {@link #latestVersion()}
     */
    ReadView asOf(String branch, long version);

    /**
     * A view of {@code branch} as of a timestamp: the newest commit with timestamp &lt;= it.
     * A timestamp before the first commit gives an empty view (version 0).
     */
    ReadView asOfTimestamp(String branch, long timestampMicros);

    /** Latest live value of {@code key} on {@code branch}; shorthand for {@code snapshot(branch).get(key)}. */
    default Optional<VersionedValue> read(String branch, Key key) {
        return snapshot(branch).get(key);
    }

    /** The newest version of {@code key} with version &lt;= {@code asOfVersion}, if live. */
    default Optional<VersionedValue> getVersioned(String branch, Key key, long asOfVersion) {
        return asOf(branch, asOfVersion).get(key);
    }

    /** Live entries of {@code range} as of {@code asOfVersion}, in key order. */
    default CloseableIterator<KeyValue> scan(String branch, KeyRange range, long asOfVersion) {
        return asOf(branch, asOfVersion).scan(range);
    }

    /** Every version of {@code key} on {@code branch}, newest first, tombstones included. */
    default List<VersionedValue> history(String branch, Key key) {
        return snapshot(branch).history(key);
    }

    /** The timestamp of commit {@code version}. */
    long timestampOf(long version);

    /** The newest commit version whose timestamp is &lt;= {@code timestampMicros} (0 if none). */
    long versionAt(long timestampMicros);

    // ---- writes ---------------------------------------------------------------------------

    /** Commits a batch atomically without validation (last writer wins). An empty batch is rejected. */
    CommitResult commit(String branch, WriteBatch batch);

    /** Begins an optimistic transaction on {@code branch} at the latest version. */
    Transaction begin(String branch);

    /** Registers a listener told about every later commit. */
    void addCommitListener(CommitListener listener);

    // ---- lifecycle ------------------------------------------------------------------------

    /** Makes every acknowledged commit durable now (flushes the WAL; in durable modes also the memtable). */
    void flush();

    /**
     * Runs a compaction now, dropping what the retention policy allows: shadowed versions the
     * policy accepts, never the newest version of a key and never a version a child branch still
     * sees at its fork point; in memory also the data of deleted branches nobody descends from.
     * As-of reads older than the retention horizon may then miss dropped versions.
     */
    void compact();

    /** Current figures. */
    StorageStats stats();

    /** What the last open recovered. */
    RecoveryHealth recoveryHealth();

    /** The options this storage was opened with. */
    StorageOptions options();

    /** Flushes and releases everything. Idempotent; later calls fail with {@link StorageStateException}. */
    @Override
    void close();
}
