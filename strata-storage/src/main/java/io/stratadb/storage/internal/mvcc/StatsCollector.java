package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.Arrays;
import java.util.Iterator;
import java.util.PriorityQueue;

/** Counts live keys and stored versions of live branches (own writes only). A full pass: O(data). */
public final class StatsCollector {
    private StatsCollector() {
    }

    /** {@code [liveKeys, storedVersions]} over the live branches at {@code version}. */
    public static long[] count(ReadPath path, BranchCatalog catalog, long version) {
        long keys = 0;
        long versions = 0;
        if (version <= 0) {
            return new long[] {0, 0};
        }
        for (BranchState b : catalog.liveSorted()) {
            ReadChain own = new ReadChain(new long[] {b.id()}, new long[] {version});
            try (CloseableIterator<KeyValue> it = path.scan(own, KeyRange.all())) {
                while (it.hasNext()) {
                    it.next();
                    keys++;
                }
            }
            try (SourceSet.Pin pin = path.sources().acquire()) {
                versions += countVersions(pin.sources(), b.id(), version);
            }
        }
        return new long[] {keys, versions};
    }

    /**
     * Distinct versions of branch {@code id} at or below {@code version}. The sources are merged in
     * internal-key order so that a version present in two sources at once (a memtable entry whose
     * table is being published by a concurrent flush) counts once.
     */
    private static long countVersions(VersionedSource[] srcs, long id, long version) {
        byte[] seek = InternalKeyCodec.seekKey(id, new byte[0]);
        PriorityQueue<Head> heads = new PriorityQueue<>();
        for (VersionedSource src : srcs) {
            Head h = new Head(src.iterator(seek));
            if (h.advance(id)) {
                heads.add(h);
            }
        }
        long n = 0;
        byte[] last = null;
        while (!heads.isEmpty()) {
            Head h = heads.poll();
            byte[] k = h.key;
            if ((last == null || !Arrays.equals(last, k)) && InternalKeyCodec.versionOf(k) <= version) {
                n++;
            }
            last = k;
            if (h.advance(id)) {
                heads.add(h);
            }
        }
        return n;
    }

    /** One source's position in the merge. */
    private static final class Head implements Comparable<Head> {
        private final Iterator<SourceEntry> it;
        private byte[] key;

        Head(Iterator<SourceEntry> it) {
            this.it = it;
        }

        /** Moves to the next entry of branch {@code id}; false when the source has none left. */
        boolean advance(long id) {
            if (!it.hasNext()) {
                return false;
            }
            key = it.next().internalKey();
            return InternalKeyCodec.branchOf(key) == id;
        }

        @Override
        public int compareTo(Head o) {
            return Arrays.compareUnsigned(key, o.key);
        }
    }
}
