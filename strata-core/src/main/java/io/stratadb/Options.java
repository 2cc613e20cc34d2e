package io.stratadb;

/**
 * How {@link Strata#open(java.nio.file.Path, Options)} opens a database. Immutable; start from
 * {@link #defaults()} and change fields with the {@code with*} methods.
 *
 * @param durability            what an acknowledged commit survives (default {@link Durability#BUFFERED})
 * @param readOnly              open without the writer lock; every write throws {@link AccessDeniedException}
 * @param inMemoryFallback      if the durable storage runtime is not available in this build, open an
 *                              <b>in-memory</b> database instead of failing. Off by default. When it happens,
 *                              {@link Strata#info()} says {@code persistent=false} and carries a
 *                              "NOT PERSISTENT" notice, and nothing is written to the directory.
 * @param memtableBytes         memtable size that triggers a flush (durable modes), &gt;= 4096
 * @param blockCacheBytes       memory budget of the table block cache, &gt;= 0
 * @param syncIntervalMillis    Buffered mode: the longest time between WAL fsyncs, &gt;= 1
 */
public record Options(Durability durability, boolean readOnly, boolean inMemoryFallback, long memtableBytes,
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

    /** Buffered durability, read-write, no in-memory fallback. */
    public static Options defaults() {
        return new Options(Durability.BUFFERED, false, false, DEFAULT_MEMTABLE_BYTES, DEFAULT_BLOCK_CACHE_BYTES,
                DEFAULT_SYNC_INTERVAL_MILLIS);
    }

    public Options withDurability(Durability d) {
        return new Options(d, readOnly, inMemoryFallback, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withReadOnly(boolean ro) {
        return new Options(durability, ro, inMemoryFallback, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withInMemoryFallback(boolean allow) {
        return new Options(durability, readOnly, allow, memtableBytes, blockCacheBytes, syncIntervalMillis);
    }

    public Options withMemtableBytes(long b) {
        return new Options(durability, readOnly, inMemoryFallback, b, blockCacheBytes, syncIntervalMillis);
    }

    public Options withBlockCacheBytes(long b) {
        return new Options(durability, readOnly, inMemoryFallback, memtableBytes, b, syncIntervalMillis);
    }

    public Options withSyncIntervalMillis(int ms) {
        return new Options(durability, readOnly, inMemoryFallback, memtableBytes, blockCacheBytes, ms);
    }
}
