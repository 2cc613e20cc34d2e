package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The read path's sources in durable mode: the memtable first, then the LSM tables of the live
 * {@link TableSet}, pinned while a reader uses them so compaction cannot delete a table under it.
 * Thread-safe.
 */
final class DurableSources implements SourceSet {
    private record Built(TableSet set, VersionedSource[] sources) {
    }

    private final Memtable memtable;
    private final LsmTree lsm;
    private final Map<VersionedSource[], TableSet> pins = new IdentityHashMap<>();
    private volatile Built cached;

    DurableSources(Memtable memtable, LsmTree lsm) {
        this.memtable = memtable;
        this.lsm = lsm;
    }

    @Override
    public VersionedSource[] acquire() {
        TableSet set = lsm.acquire();
        Built b = cached;
        if (b == null || b.set() != set) {
            VersionedSource[] tables = lsm.sources(set);
            VersionedSource[] all = new VersionedSource[tables.length + 1];
            all[0] = memtable;
            System.arraycopy(tables, 0, all, 1, tables.length);
            b = new Built(set, all);
            cached = b;
        }
        // a distinct array per acquire, so release can find its pin even when sets repeat
        VersionedSource[] handed = b.sources().clone();
        synchronized (pins) {
            pins.put(handed, set);
        }
        return handed;
    }

    @Override
    public void release(VersionedSource[] sources) {
        TableSet set;
        synchronized (pins) {
            set = pins.remove(sources);
        }
        if (set == null) {
            return;
        }
        try {
            lsm.release(set);
        } catch (IOException e) {
            throw new StorageIOException("deleting an obsolete table failed: " + e.getMessage(), e);
        }
    }
}
