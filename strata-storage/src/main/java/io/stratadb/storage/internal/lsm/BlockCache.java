package io.stratadb.storage.internal.lsm;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrent LRU cache of verified table blocks under a memory budget. The budget is split
 * over independently locked shards; each entry is charged its payload plus a fixed overhead,
 * and a shard evicts least-recently-used blocks until it is back under its share, so the
 * total charge never exceeds {@link #capacityBytes()}. A block larger than a shard's share is
 * returned uncached. Capacity 0 disables caching. Hit and miss counters feed
 * {@code StorageStats.cacheHitRate}. Thread-safe.
 */
public final class BlockCache {
    /** Bookkeeping charge per cached block on top of its bytes. */
    static final int ENTRY_OVERHEAD = 96;
    private static final int MAX_SHARDS = 16;
    /** Smallest share per shard, so that a shard holds a useful number of 4 KiB blocks. */
    private static final long MIN_SHARD_BYTES = 256 * 1024;

    private final long capacity;
    private final Shard[] shards;
    private final AtomicLong owners = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public BlockCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("block cache capacity must be >= 0, got " + capacityBytes);
        }
        this.capacity = capacityBytes;
        int n = (int) Math.max(1, Math.min(MAX_SHARDS, capacityBytes / MIN_SHARD_BYTES));
        this.shards = new Shard[n];
        for (int i = 0; i < n; i++) {
            shards[i] = new Shard(capacityBytes / n);
        }
    }

    /** A fresh owner id: each open table reader gets one, so cache keys never collide. */
    long newOwner() {
        return owners.incrementAndGet();
    }

    interface Loader {
        Block load() throws IOException;
    }

    private record CacheKey(long owner, long offset) {
    }

    Block get(long owner, long offset, Loader loader) throws IOException {
        CacheKey k = new CacheKey(owner, offset);
        Shard s = shards[Math.floorMod(k.hashCode() * 0x9E3779B9, shards.length)];
        Block b = s.get(k);
        if (b != null) {
            hits.increment();
            return b;
        }
        misses.increment();
        b = loader.load();
        s.put(k, b);
        return b;
    }

    /** Drop every block of one owner (a closed table). */
    void evictOwner(long owner) {
        for (Shard s : shards) {
            s.evictOwner(owner);
        }
    }

    public long capacityBytes() {
        return capacity;
    }

    /** Bytes currently charged (always &lt;= capacity). */
    public long usedBytes() {
        long n = 0;
        for (Shard s : shards) {
            n += s.used();
        }
        return n;
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** hits / (hits + misses), 0 when unused. */
    public double hitRate() {
        long h = hits.sum();
        long t = h + misses.sum();
        return t == 0 ? 0.0 : (double) h / t;
    }

    private static final class Shard {
        private final long budget;
        private final LinkedHashMap<CacheKey, Block> map = new LinkedHashMap<>(64, 0.75f, true);
        private long used;

        Shard(long budget) {
            this.budget = budget;
        }

        synchronized Block get(CacheKey k) {
            return map.get(k);
        }

        synchronized void put(CacheKey k, Block b) {
            long charge = (long) b.sizeInBytes() + ENTRY_OVERHEAD;
            if (charge > budget || map.containsKey(k)) {
                return;
            }
            Iterator<Map.Entry<CacheKey, Block>> it = map.entrySet().iterator();
            while (used + charge > budget && it.hasNext()) {
                Block old = it.next().getValue();
                used -= (long) old.sizeInBytes() + ENTRY_OVERHEAD;
                it.remove();
            }
            map.put(k, b);
            used += charge;
        }

        synchronized void evictOwner(long owner) {
            Iterator<Map.Entry<CacheKey, Block>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<CacheKey, Block> e = it.next();
                if (e.getKey().owner() == owner) {
                    used -= (long) e.getValue().sizeInBytes() + ENTRY_OVERHEAD;
                    it.remove();
                }
            }
        }

        synchronized long used() {
            return used;
        }
    }
}
