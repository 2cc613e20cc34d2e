package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.Iterator;

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
            VersionedSource[] srcs = path.sources().acquire();
            try {
                for (VersionedSource src : srcs) {
                    Iterator<SourceEntry> it = src.iterator(InternalKeyCodec.seekKey(b.id(), new byte[0]));
                    while (it.hasNext()) {
                        byte[] k = it.next().internalKey();
                        if (InternalKeyCodec.branchOf(k) != b.id()) {
                            break;
                        }
                        if (InternalKeyCodec.versionOf(k) <= version) {
                            versions++;
                        }
                    }
                }
            } finally {
                path.sources().release(srcs);
            }
        }
        return new long[] {keys, versions};
    }
}
