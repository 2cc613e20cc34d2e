package io.stratadb.bench.kv;

import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/** RocksDB (rocksdbjni) with a block-based table, bloom filter, LRU block cache and LZ4. */
public final class RocksKv implements KvEngine {
    static final long CACHE_BYTES = 128L << 20;
    static final long WRITE_BUFFER_BYTES = 64L << 20;
    private final RocksDB db;
    private final Options options;
    private final LRUCache cache;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;

    private RocksKv(Path dir, KvMode mode) {
        RocksDB.loadLibrary();
        readOptions = new ReadOptions();
        cache = new LRUCache(CACHE_BYTES);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setFilterPolicy(new BloomFilter(10, false)).setBlockSize(16 * 1024);
        options = new Options().setCreateIfMissing(true).setTableFormatConfig(table)
                .setWriteBufferSize(WRITE_BUFFER_BYTES).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxBackgroundJobs(2).setIncreaseParallelism(2);
        writeOptions = new WriteOptions().setSync(mode == KvMode.STRICT).setDisableWAL(mode == KvMode.INMEMORY);
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            throw new IllegalStateException("rocksdb open failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens RocksDB at {@code dir} with the benchmark configuration (also used by other suites). */
    public static RocksKv open(Path dir, KvMode mode) {
        return new RocksKv(dir, mode);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException("rocksdb put failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("rocksdb get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int scan(byte[] startKey, int count) {
        int n = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            for (it.seek(startKey); it.isValid() && n < count; it.next()) {
                it.value();
                n++;
            }
        }
        return n;
    }

    /** Flushes the memtable to an SST (so only later writes sit in the WAL). */
    public void flushMemtable() {
        try (org.rocksdb.FlushOptions fo = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
        } catch (RocksDBException e) {
            throw new IllegalStateException("rocksdb flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        readOptions.close();
        writeOptions.close();
        options.close();
        cache.close();
    }

    static String describe(KvMode mode) {
        return "rocksdbjni " + io.stratadb.bench.Versions.of("rocksdbjni")
                + ": block-based table 16 KiB blocks, bloom 10 bits/key, LRU cache 128 MiB, write buffer 64 MiB, LZ4, "
                + "2 background jobs; " + switch (mode) {
                    case INMEMORY -> "WAL disabled";
                    case BUFFERED -> "WAL on, sync=false";
                    case STRICT -> "WAL on, sync=true";
                };
    }

    /** Factory. */
    public static final class Factory implements KvEngineFactory {
        @Override
        public String name() {
            return "rocksdb";
        }

        @Override
        public String configuration(KvMode mode) {
            return describe(mode);
        }

        @Override
        public KvEngine open(Path dir, KvMode mode) {
            return new RocksKv(dir, mode);
        }
    }
}
