package io.stratadb.bench.durable;

/**
 * Something that makes one small write durable per call: a Strict-mode commit, a synced RocksDB
 * put, or a raw write+fsync. {@link #commit} is called from many threads at once and returns only
 * once the write is on stable storage.
 */
public interface DurableTarget extends AutoCloseable {
    void commit(byte[] key, byte[] value);

    /** fsyncs issued so far, or -1 if the target does not say. */
    default long fsyncs() {
        return -1;
    }

    @Override
    void close();
}
