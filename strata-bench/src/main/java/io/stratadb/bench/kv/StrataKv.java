package io.stratadb.bench.kv;

import io.stratadb.bench.UnsupportedEngineException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Strata through its storage API ({@link Storage}, branch "default", space "default", keyspace 1 = KV).
 * Each put is one commit of a one-write batch; each get reads the latest snapshot.
 */
public final class StrataKv implements KvEngine {
    static final String BRANCH = Storage.DEFAULT_BRANCH;
    static final String SPACE = "default";
    static final int KEYSPACE = 1;
    private final Storage storage;

    StrataKv(Storage storage) {
        this.storage = storage;
    }

    /** Opens Strata storage for {@code durability}; every failure propagates (all three modes exist). */
    public static Storage openStorage(Path dir, Durability durability) {
        return openStorage(dir, durability, RetentionPolicy.keepAll());
    }

    static Storage openStorage(Path dir, Durability durability, RetentionPolicy retention) {
        StorageOptions opts = durability == Durability.IN_MEMORY ? StorageOptions.inMemory()
                : StorageOptions.durable(dir).withDurability(durability);
        return Storage.open(opts.withRetention(retention));
    }

    public static Durability durability(KvMode mode) {
        return switch (mode) {
            case INMEMORY -> Durability.IN_MEMORY;
            case BUFFERED -> Durability.BUFFERED;
            case STRICT -> Durability.STRICT;
        };
    }

    static Key key(byte[] k) {
        return Key.of(SPACE, KEYSPACE, k);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        storage.commit(BRANCH, new WriteBatch().put(key(key), value));
    }

    @Override
    public byte[] get(byte[] key) {
        return storage.read(BRANCH, key(key)).map(v -> v.value()).orElse(null);
    }

    @Override
    public int scan(byte[] startKey, int count) {
        int n = 0;
        try (CloseableIterator<KeyValue> it = storage.snapshot(BRANCH)
                .scan(KeyRange.interval(SPACE, KEYSPACE, startKey, null))) {
            while (n < count && it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        storage.close();
    }

    Optional<byte[]> read(byte[] key) {
        return Optional.ofNullable(get(key));
    }

    /**
     * Factory: memtable 64 MiB and block cache 128 MiB (the storage defaults). {@code strata} keeps
     * every version (the default retention: time travel over the whole history); {@code strata-latest}
     * keeps only each key's newest version, as the peers do, which shows what history costs.
     */
    public static final class Factory implements KvEngineFactory {
        private final boolean latestOnly;

        public Factory() {
            this(false);
        }

        Factory(boolean latestOnly) {
            this.latestOnly = latestOnly;
        }

        @Override
        public String name() {
            return latestOnly ? "strata-latest" : "strata";
        }

        @Override
        public String configuration(KvMode mode) {
            return "Strata storage API, Durability." + durability(mode) + ", one commit per write, memtable "
                    + (StorageOptions.DEFAULT_MEMTABLE_BYTES >> 20) + " MiB, block cache "
                    + (StorageOptions.DEFAULT_BLOCK_CACHE_BYTES >> 20) + " MiB, Buffered fsync interval "
                    + StorageOptions.DEFAULT_SYNC_INTERVAL_MILLIS + " ms, retention "
                    + (latestOnly ? "keepLatest(1) (compaction drops overwritten versions)"
                            : "keepAll (every version kept for time travel; the default)");
        }

        @Override
        public KvEngine open(Path dir, KvMode mode) {
            return new StrataKv(openStorage(dir, durability(mode),
                    latestOnly ? RetentionPolicy.keepLatest(1) : RetentionPolicy.keepAll()));
        }
    }
}
