package io.stratadb.storage.internal.lsm;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrent cache of verified table blocks under a memory budget, evicting with CLOCK (second
 * chance). Each open table registers as an {@link Owner} holding one slot per data block, so a hit
 * is one array read and a flag write: no hashing, no lock, no allocation. Loading and eviction go
 * through independently locked shards; each entry is charged its payload plus a fixed overhead,
 * and a shard evicts blocks not referenced since the clock hand last passed until it is back under
 * its share, so the total charge never exceeds {@link #capacityBytes()}. A block larger than a
 * shard's share is returned uncached. Capacity 0 disables caching. Hit and miss counters feed
 * {@code StorageStats.cacheHitRate}. Thread-safe.
 */
public final class BlockCache {
    /** Bookkeeping charge per cached block on top of its bytes. */
    static final int ENTRY_OVERHEAD = 96;
    private static final int MAX_SHARDS = 16;
    /** Smallest share per shard, so that a shard holds a useful number of 4 KiB blocks. */
    private static final long MIN_SHARD_BYTES = 256 * 1024;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);

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

    /** The cache slots of one open table (one per data block). */
    static final class Owner {
        final long id;
        final Entry[] slots;
        volatile boolean closed;

        Owner(long id, int blocks) {
            this.id = id;
            this.slots = new Entry[blocks];
        }
    }

    /** A cached block at a fixed position of its shard's clock. */
    private static final class Entry {
        final Owner owner;
        final int index;
        final Block block;
        final long charge;
        final Shard shard;
        final int pos;

        Entry(Owner owner, int index, Block block, long charge, Shard shard, int pos) {
            this.owner = owner;
            this.index = index;
            this.block = block;
            this.charge = charge;
            this.shard = shard;
            this.pos = pos;
        }

        /** Marks the entry used since the hand last passed (racy: a lost or stray mark only shifts a choice). */
        void touch() {
            byte[] f = shard.referenced;
            if (pos < f.length && f[pos] == 0) {
                f[pos] = 1;
            }
        }
    }

    /** Registers an open table with {@code blocks} data blocks. */
    Owner register(int blocks) {
        return new Owner(owners.incrementAndGet(), blocks);
    }

    interface Loader {
        Block load() throws IOException;
    }

    private Shard shard(Owner o, int index) {
        return shards[(int) Math.floorMod(o.id * 7 + index, (long) shards.length)];
    }

    /** Block {@code index} of {@code owner}, from the cache or loaded (and cached if it fits). */
    Block get(Owner owner, int index, Loader loader) throws IOException {
        Block b = lookup(owner, index);
        if (b == null) {
            b = loader.load();
            insert(owner, index, b);
        }
        return b;
    }

    /** Block {@code index} of {@code owner} if cached (counted as a hit, marked used), else null (a miss). */
    Block lookup(Owner owner, int index) {
        Entry e = (Entry) SLOT.getAcquire(owner.slots, index);
        if (e != null) {
            e.touch();
            hits.increment();
            return e.block;
        }
        misses.increment();
        return null;
    }

    /** Caches a block just loaded for {@code owner} (no-op if it is already cached or does not fit). */
    void insert(Owner owner, int index, Block b) {
        shard(owner, index).put(owner, index, b);
    }

    /** Block {@code index} of {@code owner} if cached (not counted as a hit or miss, no reference mark). */
    Block peek(Owner owner, int index) {
        Entry e = (Entry) SLOT.getAcquire(owner.slots, index);
        return e == null ? null : e.block;
    }

    /** Drop every block of one owner (a closed table); later loads for it are not cached. */
    void evictOwner(Owner owner) {
        owner.closed = true;
        for (int i = 0; i < owner.slots.length; i++) {
            if (SLOT.getAcquire(owner.slots, i) != null) {
                shard(owner, i).drop(owner, i);
            }
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

    /**
     * One lock's share: a CLOCK over fixed positions. {@code ring[p]} is the entry at position p (or
     * null when free), {@code referenced[p]} its reference bit, set by readers without the lock; the
     * hand reads the bits sequentially and touches an entry only to evict it. Invariant (under the
     * lock): a slot of an owner is non-null exactly while its entry is in the ring, and {@code used}
     * is the sum of those entries' charges. Positions never move; freed ones are reused.
     */
    private static final class Shard {
        private final long budget;
        private Entry[] ring = new Entry[64];
        /** Replaced (grown) only under the lock; readers may write to a stale copy, which is harmless. */
        private volatile byte[] referenced = new byte[64];
        private int size; // positions [0, size) have been used
        private int hand;
        private int[] free = new int[16];
        private int freeCount;
        private long used;

        Shard(long budget) {
            this.budget = budget;
        }

        synchronized void put(Owner o, int index, Block b) {
            long charge = (long) b.sizeInBytes() + ENTRY_OVERHEAD;
            if (charge > budget || o.closed || o.slots[index] != null) {
                return;
            }
            byte[] refs = referenced;
            int steps = 2 * size + 2;
            while (used + charge > budget) {
                if (hand >= size) {
                    hand = 0;
                }
                int p = hand++;
                if (refs[p] != 0 && --steps > 0) {
                    refs[p] = 0; // second chance
                    continue;
                }
                Entry e = ring[p];
                if (e != null) {
                    remove(e);
                }
            }
            int p = freeCount > 0 ? free[--freeCount] : grow();
            Entry e = new Entry(o, index, b, charge, this, p);
            ring[p] = e;
            refs = referenced;
            refs[p] = 0;
            used += charge;
            SLOT.setRelease(o.slots, index, e);
        }

        private int grow() {
            if (size == ring.length) {
                ring = java.util.Arrays.copyOf(ring, size * 2);
                referenced = java.util.Arrays.copyOf(referenced, size * 2);
            }
            return size++;
        }

        private void remove(Entry e) {
            SLOT.setRelease(e.owner.slots, e.index, (Entry) null);
            ring[e.pos] = null;
            referenced[e.pos] = 0;
            used -= e.charge;
            if (freeCount == free.length) {
                free = java.util.Arrays.copyOf(free, freeCount * 2);
            }
            free[freeCount++] = e.pos;
        }

        synchronized void drop(Owner o, int index) {
            Entry e = o.slots[index];
            if (e != null) {
                remove(e);
            }
        }

        synchronized long used() {
            return used;
        }
    }
}
