package io.stratadb.storage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Typed configuration of a storage instance. Immutable; change with the {@code with*} methods.
 *
 * @param root              database directory; {@code null} only with {@link Durability#IN_MEMORY}
 * @param durability        what an acknowledged commit survives
 * @param readOnly          open without the writer lock; every write fails
 * @param retention         which old versions compaction may drop (default keep all)
 * @param memtableBytes     memtable size that triggers a flush (durable modes)
 * @param blockCacheBytes   memory budget of the table block cache
 * @param syncIntervalMillis Buffered mode: the longest time between WAL fsyncs
 * @param clockMicros       time source in µs since the epoch (a test hook; defaults to the system clock)
 */
public record StorageOptions(Path root, Durability durability, boolean readOnly, RetentionPolicy retention,
                             long memtableBytes, long blockCacheBytes, int syncIntervalMillis,
                             LongSupplier clockMicros) {
    public static final long DEFAULT_MEMTABLE_BYTES = 64L << 20;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 128L << 20;
    public static final int DEFAULT_SYNC_INTERVAL_MILLIS = 100;

    public StorageOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clockMicros, "clockMicros");
        if (root == null && durability != Durability.IN_MEMORY) {
            throw new IllegalArgumentException("durability " + durability + " needs a root directory");
        }
        if (memtableBytes < 4096) {
            throw new IllegalArgumentException("memtableBytes must be >= 4096, got " + memtableBytes);
        }
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException("blockCacheBytes must be >= 0, got " + blockCacheBytes);
        }
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("syncIntervalMillis must be >= 1, got " + syncIntervalMillis);
        }
    }

    /** System clock in microseconds. */
    public static long systemMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** An in-memory storage: nothing is written to disk. */
    public static StorageOptions inMemory() {
        return new StorageOptions(null, Durability.IN_MEMORY, false, RetentionPolicy.keepAll(),
                DEFAULT_MEMTABLE_BYTES, DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_SYNC_INTERVAL_MILLIS,
                StorageOptions::systemMicros);
    }

    /** A durable storage under {@code root} in {@link Durability#BUFFERED} mode. */
    public static StorageOptions durable(Path root) {
        return new StorageOptions(Objects.requireNonNull(root, "root"), Durability.BUFFERED, false,
                RetentionPolicy.keepAll(), DEFAULT_MEMTABLE_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_SYNC_INTERVAL_MILLIS, StorageOptions::systemMicros);
    }

    public StorageOptions withDurability(Durability d) {
        return new StorageOptions(root, d, readOnly, retention, memtableBytes, blockCacheBytes, syncIntervalMillis,
                clockMicros);
    }

    public StorageOptions withReadOnly(boolean ro) {
        return new StorageOptions(root, durability, ro, retention, memtableBytes, blockCacheBytes, syncIntervalMillis,
                clockMicros);
    }

    public StorageOptions withRetention(RetentionPolicy r) {
        return new StorageOptions(root, durability, readOnly, r, memtableBytes, blockCacheBytes, syncIntervalMillis,
                clockMicros);
    }

    public StorageOptions withMemtableBytes(long b) {
        return new StorageOptions(root, durability, readOnly, retention, b, blockCacheBytes, syncIntervalMillis,
                clockMicros);
    }

    public StorageOptions withBlockCacheBytes(long b) {
        return new StorageOptions(root, durability, readOnly, retention, memtableBytes, b, syncIntervalMillis,
                clockMicros);
    }

    public StorageOptions withSyncIntervalMillis(int ms) {
        return new StorageOptions(root, durability, readOnly, retention, memtableBytes, blockCacheBytes, ms,
                clockMicros);
    }

    public StorageOptions withClock(LongSupplier micros) {
        return new StorageOptions(root, durability, readOnly, retention, memtableBytes, blockCacheBytes,
                syncIntervalMillis, micros);
    }
}
