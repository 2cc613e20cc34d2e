package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One LSM level as a {@link VersionedSource} for the read path: a single L0 table, or a whole
 * deeper level (disjoint tables, searched by key range). Point lookups use the tables' bloom
 * filters. Table readers are opened lazily through {@link TableReaders}.
 *
 * <p>The SPI is unchecked: an I/O failure or corruption becomes a
 * {@link StorageIOException} whose message names the object and offset. Thread-safe; each
 * iterator is for one thread. Valid while the {@link TableSet} it came from is pinned
 * ({@link LsmTree#acquire()}).
 */
public final class TableSource implements VersionedSource {
    private final TableReaders readers;
    private final List<TableMeta> tables; // disjoint, sorted by key
    private final long entries;

    TableSource(TableReaders readers, List<TableMeta> tables) {
        this.readers = readers;
        this.tables = List.copyOf(tables);
        long n = 0;
        for (TableMeta t : tables) {
            n += t.props().entries();
        }
        this.entries = n;
    }

    static StorageIOException unchecked(IOException e) {
        return new StorageIOException("table read failed: " + e.getMessage(), e);
    }

    static SourceEntry toSource(EntryCursor c) {
        return new SourceEntry(c.key(), c.tombstone() ? null : c.value(), c.timestampMicros());
    }

    /** First table whose largest key is &gt;= key. */
    private int tableFor(byte[] key) {
        int lo = 0;
        int hi = tables.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKeys.compare(tables.get(mid).largestKey(), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public SourceEntry ceiling(byte[] internalKey) {
        int i = tableFor(internalKey);
        if (i >= tables.size()) {
            return null;
        }
        try (EntryCursor c = readers.get(tables.get(i)).cursor()) {
            c.seek(internalKey);
            return c.valid() ? toSource(c) : null;
        } catch (IOException e) {
            throw unchecked(e);
        }
    }

    @Override
    public SourceEntry newestAtOrBelow(byte[] seekKey) {
        if (seekKey.length < InternalKeys.SUFFIX) {
            return null;
        }
        int i = tableFor(seekKey);
        if (i >= tables.size()) {
            return null;
        }
        TableMeta t = tables.get(i);
        if (InternalKeys.compare(t.smallestKey(), InternalKeys.of(InternalKeys.prefix(seekKey), 0)) > 0) {
            return null;
        }
        try {
            TableEntry e = readers.get(t).get(InternalKeys.prefix(seekKey), InternalKeys.version(seekKey));
            return e == null ? null : new SourceEntry(e.key(), e.tombstone() ? null : e.value(), e.timestampMicros());
        } catch (IOException e) {
            throw unchecked(e);
        }
    }

    @Override
    public Iterator<SourceEntry> iterator(byte[] fromInclusive) {
        return new Iterator<>() {
            private int table = tableFor(fromInclusive);
            private EntryCursor cur;
            private boolean positioned;

            private void position() {
                if (positioned) {
                    return;
                }
                positioned = true;
                try {
                    while (table < tables.size()) {
                        cur = readers.get(tables.get(table)).cursor();
                        cur.seek(fromInclusive);
                        if (cur.valid()) {
                            return;
                        }
                        cur.close();
                        cur = null;
                        table++;
                    }
                } catch (IOException e) {
                    throw unchecked(e);
                }
            }

            @Override
            public boolean hasNext() {
                position();
                return cur != null && cur.valid();
            }

            @Override
            public SourceEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                SourceEntry e = toSource(cur);
                try {
                    cur.next();
                    while (!cur.valid() && ++table < tables.size()) {
                        cur.close();
                        cur = readers.get(tables.get(table)).cursor();
                        cur.seekToFirst();
                    }
                } catch (IOException ex) {
                    throw unchecked(ex);
                }
                return e;
            }
        };
    }

    @Override
    public long entryCount() {
        return entries;
    }
}
