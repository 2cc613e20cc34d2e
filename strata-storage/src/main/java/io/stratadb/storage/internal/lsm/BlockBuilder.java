package io.stratadb.storage.internal.lsm;

/**
 * Builds one data or index block: entries with the key prefix shared with the previous key
 * elided, and a full key every {@code restartInterval} entries (restart points, for binary
 * search). Keys must be added in strictly increasing order (checked by the table writer).
 * Not thread-safe.
 */
final class BlockBuilder {
    private final int restartInterval;
    private final ByteSink out = new ByteSink(8192);
    private final ByteSink restarts = new ByteSink(256);
    private int restartCount;
    private int sinceRestart;
    private int entries;
    private byte[] lastKey;

    BlockBuilder(int restartInterval) {
        this.restartInterval = restartInterval;
    }

    void add(byte[] key, byte[] value, boolean tombstone, long timestampMicros) {
        add(key, value, 0, value.length, tombstone ? TableFormat.FLAG_TOMBSTONE : 0, timestampMicros);
    }

    /** Adds an entry whose value field is {@code value[off, off + len)} with the given flags. */
    void add(byte[] key, byte[] value, int off, int len, int flags, long timestampMicros) {
        int shared = 0;
        if (sinceRestart >= restartInterval || lastKey == null) {
            restarts.putInt(out.length());
            restartCount++;
            sinceRestart = 0;
        } else {
            int max = Math.min(lastKey.length, key.length);
            while (shared < max && lastKey[shared] == key[shared]) {
                shared++;
            }
        }
        out.putVarLong(shared);
        out.putVarLong(key.length - shared);
        out.putVarLong(len);
        out.put(flags);
        out.putVarLong(timestampMicros);
        out.put(key, shared, key.length - shared);
        out.put(value, off, len);
        lastKey = key;
        sinceRestart++;
        entries++;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    byte[] lastKey() {
        return lastKey;
    }

    /** Approximate finished size, trailer excluded. */
    int estimatedSize() {
        return out.length() + restarts.length() + 4;
    }

    /** Append the finished block payload (no trailer) to {@code dst}. */
    void finishInto(ByteSink dst) {
        dst.put(out.array(), 0, out.length());
        dst.put(restarts.array(), 0, restarts.length());
        dst.putInt(restartCount);
    }

    void reset() {
        out.reset();
        restarts.reset();
        restartCount = 0;
        sinceRestart = 0;
        entries = 0;
        lastKey = null;
    }
}
