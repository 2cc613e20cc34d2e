package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read path's sources in durable mode: the active memtable, then the frozen memtables waiting to
 * be flushed (newest first), then the LSM tables of the live {@link TableSet}, pinned while a reader
 * uses them so compaction cannot delete a table under it.
 *
 * <p>A flush {@link #freeze freezes} the active memtable under the commit lock (commits go on into a
 * fresh one) and, once the frozen memtable's table is written, {@link #applyFlush} makes the table
 * visible and drops the frozen memtable in one step, so every reader sees each version in exactly one
 * place. A reader that acquired the old array keeps its reference to the frozen memtable, which the
 * garbage collector frees after the last such reader. Thread-safe.
 */
final class DurableSources implements SourceSet {
    /** A frozen memtable holding every applied version up to {@code version}; WAL from {@code walSegment} on covers the rest. */
    record Frozen(Memtable memtable, long version, long walSegment) {
    }

    /** Immutable memtable state: the active one and the frozen ones, newest first. */
    private record Mem(Memtable active, List<Frozen> frozen) {
    }

    private record Built(TableSet set, Mem mem, VersionedSource[] sources) {
    }

    private final LsmTree lsm;
    private final Map<VersionedSource[], TableSet> pins = new IdentityHashMap<>();
    private volatile Mem mem;
    private volatile Built cached;

    DurableSources(Memtable memtable, LsmTree lsm) {
        this.mem = new Mem(memtable, List.of());
        this.lsm = lsm;
    }

    @Override
    public VersionedSource[] acquire() {
        synchronized (pins) {
            TableSet set = lsm.acquire();
            Mem m = mem;
            Built b = cached;
            if (b == null || b.set() != set || b.mem() != m) {
                VersionedSource[] tables = lsm.sources(set);
                VersionedSource[] all = new VersionedSource[1 + m.frozen().size() + tables.length];
                int i = 0;
                all[i++] = m.active();
                for (Frozen f : m.frozen()) {
                    all[i++] = f.memtable();
                }
                System.arraycopy(tables, 0, all, i, tables.length);
                b = new Built(set, m, all);
                cached = b;
            }
            // a distinct array per acquire, so release can find its pin even when sets repeat
            VersionedSource[] handed = b.sources().clone();
            pins.put(handed, set);
            return handed;
        }
    }

    /**
     * Under the commit lock: records that {@code frozen} (just swapped out of the commit pipeline for
     * {@code next}) holds every version up to {@code version} and no commit will touch it again.
     */
    Frozen freeze(Memtable frozen, Memtable next, long version, long walSegment) {
        Frozen f = new Frozen(frozen, version, walSegment);
        synchronized (pins) {
            List<Frozen> list = new ArrayList<>(mem.frozen().size() + 1);
            list.add(f);
            list.addAll(mem.frozen());
            mem = new Mem(next, List.copyOf(list));
        }
        return f;
    }

    /** The frozen memtables not yet flushed, oldest first. */
    List<Frozen> frozenOldestFirst() {
        List<Frozen> out = new ArrayList<>(mem.frozen());
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Makes a flushed table visible ({@code edit}, or none for an empty memtable) and drops the frozen
     * memtable it was written from, atomically for readers.
     */
    TableSet applyFlush(TableEdit edit, Frozen flushed) {
        synchronized (pins) {
            TableSet visible = edit == null ? lsm.current() : lsm.apply(edit);
            List<Frozen> rest = new ArrayList<>(mem.frozen());
            if (!rest.remove(flushed)) {
                throw new IllegalStateException("flushed memtable up to version " + flushed.version()
                        + " is not frozen");
            }
            mem = new Mem(mem.active(), List.copyOf(rest));
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
        try {
            lsm.release(set);
        } catch (IOException e) {
            throw new StorageIOException("deleting an obsolete table failed: " + e.getMessage(), e);
        }
    }
}
