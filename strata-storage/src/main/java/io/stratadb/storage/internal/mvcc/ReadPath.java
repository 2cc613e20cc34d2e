package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads through a {@link ReadChain} over every source of a {@link SourceSet}: point lookups,
 * history and scans with tombstone shadowing, plus the "changed since" probes OCC validation
 * needs. Adding a source (an LSM table) needs no change here. Stateless apart from the source set;
 * thread-safe.
 */
public final class ReadPath {
    private final SourceSet sources;

    public ReadPath(SourceSet sources) {
        this.sources = sources;
    }

    public SourceSet sources() {
        return sources;
    }

    /** The entry deciding {@code key} in the chain (possibly a tombstone), or null if none. */
    public SourceEntry get(ReadChain chain, Key key) {
        byte[] seek = InternalKeyCodec.encode(chain.ids[0], key, chain.caps[0]);
        try (SourceSet.Pin pin = sources.acquire()) {
            VersionedSource[] srcs = pin.sources();
            for (int s = 0; s < chain.ids.length; s++) {
                long cap = chain.caps[s];
                if (cap <= 0) {
                    break;
                }
                InternalKeyCodec.setBranch(seek, chain.ids[s]);
                InternalKeyCodec.setVersion(seek, cap);
                SourceEntry best = newest(srcs, seek);
                if (best != null) {
                    return best;
                }
            }
            return null;
        }
    }

    /** The newest version of {@code key} written on branch {@code branchId} itself (any version), or 0. */
    public long newestOwnVersion(long branchId, Key key) {
        byte[] seek = InternalKeyCodec.encode(branchId, key, Long.MAX_VALUE);
        try (SourceSet.Pin pin = sources.acquire()) {
            VersionedSource[] srcs = pin.sources();
            SourceEntry e = newest(srcs, seek);
            return e == null ? 0 : InternalKeyCodec.versionOf(e.internalKey());
        }
    }

    /**
     * The newest entry at or below the seek key's version: the first source holding one decides,
     * because sources come newest data first (see {@link SourceSet}), so no later source can hold a
     * newer version of the same key.
     */
    private static SourceEntry newest(VersionedSource[] srcs, byte[] seek) {
        for (VersionedSource src : srcs) {
            SourceEntry e = src.newestAtOrBelow(seek);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** Every version of {@code key} in the chain, newest first, tombstones included. */
    public List<VersionedValue> history(ReadChain chain, Key key) {
        List<VersionedValue> out = new ArrayList<>();
        byte[] seek = InternalKeyCodec.encode(chain.ids[0], key, chain.caps[0]);
        try (SourceSet.Pin pin = sources.acquire()) {
            VersionedSource[] srcs = pin.sources();
            for (int s = 0; s < chain.ids.length; s++) {
                long cap = chain.caps[s];
                if (cap <= 0) {
                    break;
                }
                InternalKeyCodec.setBranch(seek, chain.ids[s]);
                InternalKeyCodec.setVersion(seek, cap);
                int start = out.size();
                for (VersionedSource src : srcs) {
                    Iterator<SourceEntry> it = src.iterator(seek);
                    while (it.hasNext()) {
                        SourceEntry e = it.next();
                        if (!InternalKeyCodec.sameBranchAndLogical(e.internalKey(), seek)) {
                            break;
                        }
                        out.add(new VersionedValue(e.value(), InternalKeyCodec.versionOf(e.internalKey()),
                                e.timestampMicros()));
                    }
                }
                if (srcs.length > 1) {
                    sortAndDedupe(out, start);
                }
            }
            return out;
        }
    }

    private static void sortAndDedupe(List<VersionedValue> out, int start) {
        List<VersionedValue> seg = new ArrayList<>(out.subList(start, out.size()));
        seg.sort((a, b) -> Long.compare(b.version(), a.version()));
        out.subList(start, out.size()).clear();
        long last = -1;
        for (VersionedValue v : seg) {
            if (v.version() != last) {
                out.add(v);
                last = v.version();
            }
        }
    }

    /** Live entries of {@code range} in the chain, in key order. Close the iterator to release sources. */
    public CloseableIterator<KeyValue> scan(ReadChain chain, KeyRange range) {
        return new ScanIterator(sources, chain, InternalKeyCodec.lowerBound(range),
                InternalKeyCodec.upperBound(range));
    }

    /**
     * Keys of {@code range} whose newest version in the chain is above {@code since}, deletions
     * included (see {@link io.stratadb.storage.ReadView#changes}). Close the iterator to release sources.
     */
    public CloseableIterator<KeyValue> changes(ReadChain chain, KeyRange range, long since) {
        return new ScanIterator(sources, chain, InternalKeyCodec.lowerBound(range),
                InternalKeyCodec.upperBound(range), since, true);
    }

    /**
     * The first key of {@code range} that branch {@code branchId} itself wrote at a version above
     * {@code afterVersion}, or null. Cost is linear in the branch's stored versions within the range.
     */
    public Key changedInRange(long branchId, KeyRange range, long afterVersion) {
        byte[] lower = InternalKeyCodec.seekKey(branchId, InternalKeyCodec.lowerBound(range));
        byte[] upper = InternalKeyCodec.upperBound(range);
        try (SourceSet.Pin pin = sources.acquire()) {
            VersionedSource[] srcs = pin.sources();
            for (VersionedSource src : srcs) {
                Iterator<SourceEntry> it = src.iterator(lower);
                while (it.hasNext()) {
                    byte[] k = it.next().internalKey();
                    if (InternalKeyCodec.branchOf(k) != branchId
                            || (upper != null && InternalKeyCodec.compareLogicalTo(k, upper) >= 0)) {
                        break;
                    }
                    if (InternalKeyCodec.versionOf(k) > afterVersion) {
                        return InternalKeyCodec.decodeKey(k);
                    }
                }
            }
            return null;
        }
    }
}
