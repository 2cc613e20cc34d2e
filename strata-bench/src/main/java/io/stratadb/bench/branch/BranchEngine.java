package io.stratadb.bench.branch;

/**
 * A branch-aware store under the branch suite. Keys are strings in one keyspace; values opaque.
 * Single-threaded use by the suite; implementations need not be thread-safe.
 */
public interface BranchEngine extends AutoCloseable {
    /** Writes {@code count} keys {@code prefix + i} in batches; returns the last commit version. */
    long load(String branch, String prefix, int count, int valueSize);

    /** Writes one key in its own commit; returns the commit version. */
    long put(String branch, String key, byte[] value);

    /** Copy-on-write fork of {@code source}'s latest state into new branch {@code target}. */
    void fork(String source, String target);

    /** Number of keys whose latest values differ between the two branches. */
    int diff(String a, String b);

    /** Applies {@code source}'s changes (relative to {@code target}) to {@code target}; returns keys written. */
    int merge(String source, String target);

    /** Reads {@code key} on {@code branch} as of commit {@code version}; null if absent. */
    byte[] readAsOf(String branch, String key, long version);

    /** Reads the latest value of {@code key}; null if absent. */
    byte[] read(String branch, String key);

    void deleteBranch(String name);

    @Override
    void close();
}
