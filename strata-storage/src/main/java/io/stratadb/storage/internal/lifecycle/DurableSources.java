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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * One consistent source array and the table set it pins, shared by every reader that acquires it
     * while it is current. Counted: one reference for being current, one per open {@link Pin}; the
     * last one out unpins the table set. A count that reached zero never rises again.
     */
    private final class Snapshot implements Pin {
        final TableSet set;
        final Mem mem;
        private final VersionedSource[] sources;
        private final AtomicInteger refs = new AtomicInteger(1);

        Snapshot(TableSet set, Mem mem, VersionedSource[] sources) {
            this.set = set;
            this.mem = mem;
            this.sources = sources;
        }

        boolean tryRetain() {
            while (true) {
                int r = refs.get();
                if (r == 0) {
                    return false;
                }
                if (refs.compareAndSet(r, r + 1)) {
                    return true;
                }
            }
        }

        @Override
        public VersionedSource[] sources() {
            return sources;
        }

        @Override
        public void close() {
            int r = refs.decrementAndGet();
            if (r == 0) {
                try {
                    lsm.release(set);
                } catch (IOException e) {
                    throw new StorageIOException("deleting an obsolete table failed: " + e.getMessage(), e);
                }
            } else if (r < 0) {
                throw new IllegalStateException("source pin closed twice");
            }
        }
    }

    private final LsmTree lsm;
    private final Object lock = new Object();
    private volatile Mem mem;
    private volatile Snapshot current;

    DurableSources(Memtable memtable, LsmTree lsm) {
        this.mem = new Mem(memtable, List.of());
        this.lsm = lsm;
    }

    /**
     * Lock-free unless the memtables or the table set changed since the current snapshot was built.
     * The snapshot is checked after it is retained: its memtables being the current ones means no
     * freeze happened since, so every version published before this call is in its sources (a
     * compaction since then changes no content, and the snapshot's own set stays pinned).
     */
    @Override
    public Pin acquire() {
        while (true) {
            Snapshot s = current;
            if (s != null && s.tryRetain()) {
                if (s.mem == mem && s.set == lsm.current()) {
                    return s;
                }
                s.close();
            }
            refresh();
        }
    }

    /**
     * Replaces a stale current snapshot (call after the table set changed, so the old set is unpinned
     * as soon as its last reader leaves rather than at the next read).
     */
    void refresh() {
        synchronized (lock) {
            Snapshot old = current;
            Mem m = mem;
            if (old != null && old.mem == m && old.set == lsm.current()) {
                return;
            }
            TableSet set = lsm.acquire();
            VersionedSource[] tables = lsm.sources(set);
            VersionedSource[] all = new VersionedSource[1 + m.frozen().size() + tables.length];
            int i = 0;
            all[i++] = m.active();
            for (Frozen f : m.frozen()) {
                all[i++] = f.memtable();
            }
            System.arraycopy(tables, 0, all, i, tables.length);
            current = new Snapshot(set, m, all);
            if (old != null) {
                old.close();
            }
        }
    }

    /**
     * Under the commit lock: records that {@code frozen} (just swapped out of the commit pipeline for
     * {@code next}) holds every version up to {@code version} and no commit will touch it again.
     */
    Frozen freeze(Memtable frozen, Memtable next, long version, long walSegment) {
        Frozen f = new Frozen(frozen, version, walSegment);
        synchronized (lock) {
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
        synchronized (lock) {
            TableSet visible = edit == null ? lsm.current() : lsm.apply(edit);
            List<Frozen> rest = new ArrayList<>(mem.frozen());
            if (!rest.remove(flushed)) {
                throw new IllegalStateException("flushed memtable up to version " + flushed.version()
                        + " is not frozen");
            }
            mem = new Mem(mem.active(), List.copyOf(rest));
            refresh();
            return visible;
        }
    }
}
