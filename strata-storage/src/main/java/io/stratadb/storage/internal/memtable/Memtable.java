package io.stratadb.storage.internal.memtable;

import io.stratadb.storage.internal.format.InternalKeyCodec;

import java.util.Iterator;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable in-memory {@link VersionedSource}: a lock-free {@link ConcurrentSkipListMap} keyed by
 * internal key. Readers never block and are never blocked by writers.
 *
 * <p>Writes come only from the commit pipeline (one writer at a time, under the commit lock) and
 * from compaction; entries with a version above the published watermark are present but not read,
 * because every read is capped at a version. Thread-safe.
 */
public final class Memtable implements VersionedSource {
    /** Rough per-entry overhead (skip-list node, index share, entry record, array headers). */
    private static final int ENTRY_OVERHEAD = 96;

    private final ConcurrentSkipListMap<byte[], SourceEntry> map =
            new ConcurrentSkipListMap<>(InternalKeyCodec::compare);
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Inserts one version; replaces an entry with the same internal key (a later write in one batch). */
    public void put(byte[] internalKey, byte[] valueOrNull, long timestampMicros) {
        SourceEntry e = new SourceEntry(internalKey, valueOrNull, timestampMicros);
        SourceEntry old = map.put(internalKey, e);
        if (old == null) {
            entries.incrementAndGet();
            bytes.addAndGet(size(e));
        } else {
            bytes.addAndGet(size(e) - size(old));
        }
    }

    /** Removes one version (compaction). */
    public boolean remove(byte[] internalKey) {
        SourceEntry old = map.remove(internalKey);
        if (old == null) {
            return false;
        }
        entries.decrementAndGet();
        bytes.addAndGet(-size(old));
        return true;
    }

    @Override
    public SourceEntry ceiling(byte[] internalKey) {
        var e = map.ceilingEntry(internalKey);
        return e == null ? null : e.getValue();
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

    private static long size(SourceEntry e) {
        return ENTRY_OVERHEAD + e.internalKey().length + (e.value() == null ? 0 : e.value().length);
    }
}
