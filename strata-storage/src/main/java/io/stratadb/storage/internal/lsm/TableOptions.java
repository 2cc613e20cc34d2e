package io.stratadb.storage.internal.lsm;

/**
 * How tables are written.
 *
 * @param blockSize        target uncompressed data block size (a block closes once it reaches this)
 * @param restartInterval  entries between full keys inside a block
 * @param bloomBitsPerKey  bloom filter bits per distinct key prefix (10 gives about 1% false positives)
 */
public record TableOptions(int blockSize, int restartInterval, int bloomBitsPerKey) {
    public TableOptions {
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

    public static TableOptions defaults() {
        return new TableOptions(4096, 16, 10);
    }
}
