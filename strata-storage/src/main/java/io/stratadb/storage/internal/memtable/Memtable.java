package io.stratadb.storage.internal.memtable;

import io.stratadb.storage.internal.format.InternalKeyCodec;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable in-memory {@link VersionedSource}: a lock-free {@link ConcurrentSkipListMap} keyed by
 * internal key. Readers never block and are never blocked by writers.
 *
 * <p>Beside the map, a count of entries per hash of (branch · logical key) lets a point lookup for
 * a key the memtable does not hold skip the skip-list search (most point reads of a large store
 * find their key in the tables). The count is raised before an entry becomes reachable and lowered
 * after it is removed, so a reader that can see an entry always sees a non-zero count.
 *
 * <p>Writes come only from the commit pipeline (one writer at a time, under the commit lock) and
 * from compaction; entries with a version above the published watermark are present but not read,
 * because every read is capped at a version. Thread-safe.
 */
public final class Memtable implements VersionedSource {
    /** Rough per-entry overhead (skip-list node, index share, entry record, array headers; the key count adds about 60 more per distinct key, not charged). */
    private static final int ENTRY_OVERHEAD = 96;

    private final ConcurrentSkipListMap<byte[], SourceEntry> map =
            new ConcurrentSkipListMap<>(InternalKeyCodec::compare);
    /** Entries per hash of branch · logical key (absent = none). */
    private final ConcurrentHashMap<Long, Integer> keyCounts = new ConcurrentHashMap<>();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Inserts one version; replaces an entry with the same internal key (a later write in one batch). */
    public void put(byte[] internalKey, byte[] valueOrNull, long timestampMicros) {
        SourceEntry e = new SourceEntry(internalKey, valueOrNull, timestampMicros);
        Long h = keyHash(internalKey);
        keyCounts.merge(h, 1, Integer::sum); // before the entry is reachable
        SourceEntry old = map.put(internalKey, e);
        if (old == null) {
            entries.incrementAndGet();
            bytes.addAndGet(size(e));
        } else {
            uncount(h);
            bytes.addAndGet(size(e) - size(old));
        }
    }

    /** Removes one version (compaction). */
    public boolean remove(byte[] internalKey) {
        SourceEntry old = map.remove(internalKey);
        if (old == null) {
            return false;
        }
        uncount(keyHash(internalKey)); // after the entry is unreachable
        entries.decrementAndGet();
        bytes.addAndGet(-size(old));
        return true;
    }

    private void uncount(Long h) {
        keyCounts.computeIfPresent(h, (k, n) -> n == 1 ? null : n - 1);
    }

    /** False when no version of {@code internalKey}'s branch and logical key is held (any version). */
    public boolean mayHold(byte[] internalKey) {
        return keyCounts.containsKey(keyHash(internalKey));
    }

    /** 64-bit hash of an internal key without its version suffix. */
    static long keyHash(byte[] internalKey) {
        int end = internalKey.length - InternalKeyCodec.VERSION_BYTES;
        long h = 0x9E3779B97F4A7C15L ^ end;
        int i = 0;
        for (; i + 8 <= end; i += 8) {
            long k = ((long) internalKey[i] << 56) | ((long) (internalKey[i + 1] & 0xff) << 48)
                    | ((long) (internalKey[i + 2] & 0xff) << 40) | ((long) (internalKey[i + 3] & 0xff) << 32)
                    | ((long) (internalKey[i + 4] & 0xff) << 24) | ((internalKey[i + 5] & 0xff) << 16)
                    | ((internalKey[i + 6] & 0xff) << 8) | (internalKey[i + 7] & 0xff);
            h = (h ^ k) * 0xff51afd7ed558ccdL;
            h ^= h >>> 29;
        }
        for (; i < end; i++) {
            h = (h ^ (internalKey[i] & 0xff)) * 0xc4ceb9fe1a85ec53L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    @Override
    public SourceEntry ceiling(byte[] internalKey) {
        var e = map.ceilingEntry(internalKey);
        return e == null ? null : e.getValue();
    }

    @Override
    public SourceEntry newestAtOrBelow(byte[] seekKey) {
        if (!mayHold(seekKey)) {
            return null;
        }
        SourceEntry e = ceiling(seekKey);
        return e != null && InternalKeyCodec.sameBranchAndLogical(e.internalKey(), seekKey) ? e : null;
    }

    @Override
    public Iterator<SourceEntry> iterator(byte[] fromInclusive) {
        return map.tailMap(fromInclusive, true).values().iterator();
    }

    @Override
    public long entryCount() {
        return entries.get();
    }

    /** Approximate heap bytes held. */
    public long approximateBytes() {
        return bytes.get();
    }

    /**
     * A view without the versions &lt;= {@code cut} (those already flushed to a table while they
     * are still here, waiting for older readers to drain).
     */
    public VersionedSource above(long cut) {
        return new Above(cut);
    }

    private static long size(SourceEntry e) {
        return ENTRY_OVERHEAD + e.internalKey().length + (e.value() == null ? 0 : e.value().length);
    }

    private final class Above implements VersionedSource {
        private final long cut;

        Above(long cut) {
            this.cut = cut;
        }

        @Override
        public SourceEntry ceiling(byte[] internalKey) {
            Iterator<SourceEntry> it = iterator(internalKey);
            return it.hasNext() ? it.next() : null;
        }

        @Override
        public SourceEntry newestAtOrBelow(byte[] seekKey) {
            // the newest version <= cap of this key; if it is <= cut, every older one is too
            SourceEntry e = Memtable.this.newestAtOrBelow(seekKey);
            return e != null && InternalKeyCodec.versionOf(e.internalKey()) > cut ? e : null;
        }

        @Override
        public Iterator<SourceEntry> iterator(byte[] from) {
            Iterator<SourceEntry> it = Memtable.this.iterator(from);
            return new Iterator<>() {
                private SourceEntry next = advance();

                private SourceEntry advance() {
                    while (it.hasNext()) {
                        SourceEntry e = it.next();
                        if (InternalKeyCodec.versionOf(e.internalKey()) > cut) {
                            return e;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public SourceEntry next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    SourceEntry e = next;
                    next = advance();
                    return e;
                }
            };
        }

        @Override
        public long entryCount() {
            return Memtable.this.entryCount();
        }
    }
}
