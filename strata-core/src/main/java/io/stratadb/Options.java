package io.stratadb;

/**
 * How {@link Strata#open(java.nio.file.Path, Options)} opens a database. Immutable; start from
 * {@link #defaults()} and change fields with the {@code with*} methods.
 *
 * @param durability            what an acknowledged commit survives (default {@link Durability#BUFFERED})
 * @param readOnly              open an existing database without the writer lock (beside a writer process is
 *                              fine: the reader sees the state as of its open); every write throws
 *                              {@link AccessDeniedException}; a missing database is a {@link NotFoundException}
 * @param retention             which shadowed versions compaction may drop (default {@link Retention#keepAll()})
 * @param memtableBytes         memtable size that triggers a flush (durable modes), &gt;= 4096
 * @param blockCacheBytes       memory budget of the table block cache, &gt;= 0
 * @param syncIntervalMillis    Buffered mode: the longest time between WAL fsyncs, &gt;= 1
 */
public record Options(Durability durability, boolean readOnly, Retention retention, long memtableBytes,
                      long blockCacheBytes, int syncIntervalMillis) {

    /** What an acknowledged commit survives. */
    public enum Durability {
        /** Nothing is written to disk; everything is gone on close. */
        IN_MEMORY,
        /** Group commit, WAL fsync at least every {@code syncIntervalMillis}: a crash loses at most that window. */
        BUFFERED,
        /** A commit returns only after its WAL record is fsynced. */
        STRICT;

        /** Lower-case wire name, e.g. {@code in_memory}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code in_memory|memory|buffered|strict} (case-insensitive). */
        public static Durability parse(String s) {
            if (s == null) {
                throw new ValidationException("durability must not be null");
            }
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_')) {
                case "in_memory", "memory", "inmemory" -> IN_MEMORY;
                case "buffered" -> BUFFERED;
                case "strict" -> STRICT;
                default -> throw new ValidationException("unknown durability '" + s
                        + "' (expected in_memory, buffered or strict)");
            };
        }
    }

    public static final long DEFAULT_MEMTABLE_BYTES = 64L << 20;
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 128L << 20;
    public static final int DEFAULT_SYNC_INTERVAL_MILLIS = 100;

    public Options {
        if (durability == null) {
            throw new ValidationException("options: durability must not be null");
        }
        if (retention == null) {
            throw new ValidationException("options: retention must not be null (use Retention.keepAll())");
        }
        if (memtableBytes < 4096) {
            throw new ValidationException("options: memtableBytes must be >= 4096, got " + memtableBytes);
        }
        if (blockCacheBytes < 0) {
            throw new ValidationException("options: blockCacheBytes must be >= 0, got " + blockCacheBytes);
        }
        if (syncIntervalMillis < 1) {
            throw new ValidationException("options: syncIntervalMillis must be >= 1, got " + syncIntervalMillis);
        }
    }

    /** Buffered durability, read-write, keep every version, default budgets. */
    public static Options defaults() {
        return new Options(Durability.BUFFERED, false, Retention.keepAll(), DEFAULT_MEMTABLE_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_SYNC_INTERVAL_MILLIS);
    }

    public Options withDurability(Durability d) {
        return new Options(d, readOnly, retention, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withReadOnly(boolean ro) {
        return new Options(durability, ro, retention, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withRetention(Retention r) {
        return new Options(durability, readOnly, r, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withMemtableBytes(long b) {
        return new Options(durability, readOnly, retention, b, blockCacheBytes, syncIntervalMillis);
    }

    public Options withBlockCacheBytes(long b) {
        return new Options(durability, readOnly, retention, memtableBytes, b, syncIntervalMillis);
    }

    public Options withSyncIntervalMillis(int ms) {
        return new Options(durability, readOnly, retention, memtableBytes, blockCacheBytes, ms);
    }
}
