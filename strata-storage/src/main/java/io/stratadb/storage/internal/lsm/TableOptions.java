package io.stratadb.storage.internal.lsm;

/**
 * How tables are written.
 *
 * @param blockSize        target uncompressed data block size (a block closes once it reaches this)
 * @param restartInterval  entries between full keys inside a block
 * @param bloomBitsPerKey  bloom filter bits per distinct key prefix (10 gives about 1% false positives)
 * @param compression      which blocks are compressed; a block is stored compressed only if that saves
 *                         at least 1/8 of its size
 */
public record TableOptions(int blockSize, int restartInterval, int bloomBitsPerKey, Compression compression) {
    /** Block compression codecs (the code is stored in every block trailer). */
    public enum Compression {
        /** Nothing compressed. */
        NONE,
        /** Data and value blocks LZ4-compressed where that pays. */
        LZ4,
        /**
         * Only value blocks (older versions' values) LZ4-compressed where that pays; data blocks stay
         * uncompressed, so a memory-mapped table's current versions are read in place and never pass
         * through the block cache. What the storage engine writes.
         */
        LZ4_VALUE_BLOCKS
    }

    /** Uncompressed tables. */
    public TableOptions(int blockSize, int restartInterval, int bloomBitsPerKey) {
        this(blockSize, restartInterval, bloomBitsPerKey, Compression.NONE);
    }

    public TableOptions {
        java.util.Objects.requireNonNull(compression, "compression");
        if (blockSize < 64 || blockSize > (16 << 20)) {
            throw new IllegalArgumentException("blockSize must be in 64..16 MiB, got " + blockSize);
        }
        if (restartInterval < 1 || restartInterval > 1024) {
            throw new IllegalArgumentException("restartInterval must be in 1..1024, got " + restartInterval);
        }
        if (bloomBitsPerKey < 1 || bloomBitsPerKey > 64) {
            throw new IllegalArgumentException("bloomBitsPerKey must be in 1..64, got " + bloomBitsPerKey);
        }
    }

    /** 4 KiB blocks, restart every 16 keys, 10 bloom bits per key, LZ4 data and value blocks. */
    public static TableOptions defaults() {
        return new TableOptions(4096, 16, 10, Compression.LZ4);
    }

    /** What the storage engine writes: as {@link #defaults()}, compressing value blocks only. */
    public static TableOptions storageDefaults() {
        return defaults().withCompression(Compression.LZ4_VALUE_BLOCKS);
    }

    public TableOptions withCompression(Compression c) {
        return new TableOptions(blockSize, restartInterval, bloomBitsPerKey, c);
    }
}
