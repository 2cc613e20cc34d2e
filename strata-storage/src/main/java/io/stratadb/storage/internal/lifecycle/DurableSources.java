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
 * {@link #whenDrained} lets the flusher drop flushed versions from the memtable only once no reader
 * still holds sources from before the flushed table became visible (such a reader would otherwise
 * find the versions in neither place). Thread-safe.
 */
final class DurableSources implements SourceSet {
    private record Built(TableSet set, VersionedSource[] sources) {
    }

    private final Memtable memtable;
    private final LsmTree lsm;
    private final Map<VersionedSource[], TableSet> pins = new IdentityHashMap<>();
    private volatile Built cached;
    /** From table-set generation {@code cutGeneration} on, memtable versions <= cutVersion are in tables. */
    private volatile long cutGeneration = Long.MAX_VALUE;
    private volatile long cutVersion;
    /** Actions waiting until no pinned set is older than their generation (guarded by pins). */
    private final java.util.List<Map.Entry<Long, Runnable>> waiting = new java.util.ArrayList<>();

    DurableSources(Memtable memtable, LsmTree lsm) {
        this.memtable = memtable;
        this.lsm = lsm;
    }

    @Override
    public VersionedSource[] acquire() {
        // pin and register atomically, so whenDrained never misses a reader of an older set
        synchronized (pins) {
            TableSet set = lsm.acquire();
            Built b = cached;
            if (b == null || b.set() != set) {
                VersionedSource[] tables = lsm.sources(set);
                VersionedSource[] all = new VersionedSource[tables.length + 1];
                all[0] = set.generation() >= cutGeneration ? memtable.above(cutVersion) : memtable;
                System.arraycopy(tables, 0, all, 1, tables.length);
                b = new Built(set, all);
                cached = b;
            }
            // a distinct array per acquire, so release can find its pin even when sets repeat
            VersionedSource[] handed = b.sources().clone();
            pins.put(handed, set);
            return handed;
        }
    }

    /**
     * Makes a flushed table visible: applies {@code edit} and, from that set on, hides the memtable's
     * versions &lt;= {@code flushedVersion} (they are in the table), so no reader sees a version twice.
     */
    TableSet applyFlush(io.stratadb.storage.internal.lsm.TableEdit edit, long flushedVersion) {
        synchronized (pins) {
            TableSet visible = lsm.apply(edit);
            cutVersion = flushedVersion;
            cutGeneration = visible.generation();
            cached = null;
            return visible;
        }
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
        runDrained();
        try {
            lsm.release(set);
        } catch (IOException e) {
            throw new StorageIOException("deleting an obsolete table failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code action} once no reader holds sources built from a table set older than generation
     * {@code generation}: now if none does, else in the thread of the last such reader's release.
     */
    void whenDrained(long generation, Runnable action) {
        synchronized (pins) {
            waiting.add(Map.entry(generation, action));
        }
        runDrained();
    }

    private void runDrained() {
        java.util.List<Runnable> ready = new java.util.ArrayList<>();
        synchronized (pins) {
            if (waiting.isEmpty()) {
                return;
            }
            long oldest = Long.MAX_VALUE;
            for (TableSet s : pins.values()) {
                oldest = Math.min(oldest, s.generation());
            }
            for (var it = waiting.iterator(); it.hasNext(); ) {
                var e = it.next();
                if (oldest >= e.getKey()) {
                    ready.add(e.getValue());
                    it.remove();
                }
            }
        }
        ready.forEach(Runnable::run);
    }
}
