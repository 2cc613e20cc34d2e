package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceEntry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * In-memory retention pass over the memtable. For each key of each branch, with versions newest
 * first {@code v0 > v1 > ...} (only versions at or below the visible watermark are considered):
 * {@code v0} is always kept; {@code vi} is dropped when the {@link RetentionPolicy} allows it
 * ({@code newerVersions = i}) unless a child branch's fork version {@code f} pins it
 * ({@code vi <= f < v(i-1)}: the child still reads it). Data of deleted branches that no live branch
 * descends from is dropped entirely. The catalog branch is never touched.
 *
 * <p>Run under the commit lock (one at a time, no concurrent writer); readers keep running: an
 * as-of read older than the retention horizon may lose versions, which is what retention means.
 */
public final class RetentionCompactor {
    private final Memtable memtable;
    private final BranchCatalog catalog;
    private final RetentionPolicy policy;
    private final long nowMicros;
    private final long visible;

    public RetentionCompactor(Memtable memtable, BranchCatalog catalog, RetentionPolicy policy, long nowMicros,
                              long visibleVersion) {
        this.memtable = memtable;
        this.catalog = catalog;
        this.policy = policy;
        this.nowMicros = nowMicros;
        this.visible = visibleVersion;
    }

    /** Runs the pass; returns how many versions were dropped. */
    public long run() {
        ForkPins pins = ForkPins.of(catalog);
        long dropped = 0;
        List<SourceEntry> group = new ArrayList<>();
        Iterator<SourceEntry> it = memtable.iterator(InternalKeyCodec.seekKey(CommitRecord.CATALOG_BRANCH_ID + 1,
                new byte[0]));
        while (it.hasNext()) {
            SourceEntry e = it.next();
            if (!group.isEmpty() && !InternalKeyCodec.sameBranchAndLogical(group.get(0).internalKey(), e.internalKey())) {
                dropped += compactGroup(group, pins);
                group.clear();
            }
            group.add(e);
        }
        if (!group.isEmpty()) {
            dropped += compactGroup(group, pins);
        }
        return dropped;
    }

    private long compactGroup(List<SourceEntry> group, ForkPins pins) {
        long branch = InternalKeyCodec.branchOf(group.get(0).internalKey());
        long dropped = 0;
        if (!pins.isReadable(branch)) {
            for (SourceEntry e : group) {
                if (InternalKeyCodec.versionOf(e.internalKey()) <= visible && memtable.remove(e.internalKey())) {
                    dropped++;
                }
            }
            return dropped;
        }
        long[] forks = pins.childForkVersions(branch);
        Key key = null;
        long newer = -1;
        int index = 0;
        for (SourceEntry e : group) {
            long v = InternalKeyCodec.versionOf(e.internalKey());
            if (v > visible) {
                continue;
            }
            if (index > 0 && !pinned(v, newer, forks)) {
                if (key == null) {
                    key = InternalKeyCodec.decodeKey(e.internalKey());
                }
                if (policy.mayDrop(key, v, e.timestampMicros(), index, nowMicros) && memtable.remove(e.internalKey())) {
                    dropped++;
                }
            }
            newer = v;
            index++;
        }
        return dropped;
    }

    private static boolean pinned(long v, long newer, long[] forks) {
        for (long f : forks) {
            if (v <= f && f < newer) {
                return true;
            }
        }
        return false;
    }
}
