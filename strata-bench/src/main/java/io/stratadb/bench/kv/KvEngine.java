package io.stratadb.bench.kv;

/**
 * One key-value engine under the YCSB driver. Keys and values are opaque bytes; a put inserts or
 * overwrites and is acknowledged per the mode the engine was opened with.
 *
 * <p>Thread safety: every method except {@link #close} may be called from many threads at once.
 * Errors: engine failures surface as unchecked exceptions (the driver aborts that engine's run).
 */
public interface KvEngine extends AutoCloseable {
    /** Inserts or overwrites {@code key}. */
    void put(byte[] key, byte[] value);

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key);

    /** Reads up to {@code count} entries in key order starting at {@code startKey}; returns how many were read. */
    int scan(byte[] startKey, int count);

    /** Read-modify-write of one key: read then write, atomic where the engine can make it so. */
    default void readModifyWrite(byte[] key, byte[] value) {
        get(key);
        put(key, value);
    }

    @Override
    void close();
}
