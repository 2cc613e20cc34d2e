package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.internal.memtable.SourceCursor;
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
    /** Readers resolved so far (racy cache: every thread resolves the same reader). */
    private final TableReader[] resolved;
    private final long entries;
    private final long maxVersion;

    TableSource(TableReaders readers, List<TableMeta> tables) {
        this.readers = readers;
        this.tables = List.copyOf(tables);
        this.resolved = new TableReader[tables.size()];
        long n = 0;
        long max = 0;
        for (TableMeta t : tables) {
            n += t.props().entries();
            max = Math.max(max, t.props().maxVersion());
        }
        this.entries = n;
        this.maxVersion = max;
    }

    /** The highest version in any of the level's tables (from their properties). */
    @Override
    public long maxVersion() {
        return maxVersion;
    }

    static StorageIOException unchecked(IOException e) {
        return new StorageIOException("table read failed: " + e.getMessage(), e);
    }

    static SourceEntry toSource(EntryCursor c) {
        return new SourceEntry(c.key(), c.tombstone() ? null : valueOf(c), c.timestampMicros());
    }

    /** A table cursor's value; a failed read of a value stored apart is a {@link StorageIOException}. */
    private static byte[] valueOf(EntryCursor c) {
        try {
            return c.value();
        } catch (java.io.UncheckedIOException e) {
            throw unchecked(e.getCause());
        }
    }

    private TableReader reader(int i) throws IOException {
        TableReader r = resolved[i];
        if (r == null) {
            r = readers.get(tables.get(i));
            resolved[i] = r;
        }
        return r;
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
        try (EntryCursor c = reader(i).cursor()) {
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
        if (startsAfterPrefix(tables.get(i).smallestKey(), seekKey, seekKey.length - InternalKeys.SUFFIX)) {
            return null;
        }
        try {
            return reader(i).newestAtOrBelow(seekKey);
        } catch (IOException e) {
            throw unchecked(e);
        }
    }

    /** Whether {@code smallest} sorts after every version of prefix {@code seek[0, p)} (after prefix · ~0). */
    static boolean startsAfterPrefix(byte[] smallest, byte[] seek, int p) {
        int n = Math.min(smallest.length, p);
        int c = java.util.Arrays.compareUnsigned(smallest, 0, n, seek, 0, n);
        if (c != 0) {
            return c > 0;
        }
        if (smallest.length <= p) {
            return false; // smallest is a prefix of the key's prefix: it sorts before
        }
        // same prefix bytes: compare the rest of smallest with the 8 0xFF bytes of version 0
        for (int i = p; i < Math.min(smallest.length, p + InternalKeys.SUFFIX); i++) {
            if (smallest[i] != (byte) 0xFF) {
                return false;
            }
        }
        return smallest.length > p + InternalKeys.SUFFIX;
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
                        cur = reader(table).cursor();
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
                        cur = reader(table).cursor();
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
    public SourceCursor cursor(byte[] fromInclusive) {
        return new TablesCursor(fromInclusive, -1);
    }

    /** A table at or below {@code cap} in version shows each key's newest entry only (see {@link TableCursor}). */
    @Override
    public SourceCursor cursor(byte[] fromInclusive, long cap) {
        return new TablesCursor(fromInclusive, cap);
    }

    /**
     * Walks the level's tables in order with one {@link TableCursor} at a time, showing keys in the
     * block cursor's decode buffer. A re-seek into the table in hand reuses its cursor (and so its
     * current block and read-ahead state).
     */
    private final class TablesCursor implements SourceCursor {
        /** Tables whose highest version is at or below this show their newest entries only (-1: none). */
        private final long cap;
        private int table = -1;
        private TableCursor cur;

        TablesCursor(byte[] from, long cap) {
            this.cap = cap;
            seek(from);
        }

        @Override
        public boolean valid() {
            return cur != null && cur.valid();
        }

        @Override
        public byte[] keyArray() {
            return cur.keyArray();
        }

        @Override
        public int keyOffset() {
            return 0;
        }

        @Override
        public int keyLength() {
            return cur.keyLength();
        }

        @Override
        public boolean tombstone() {
            return cur.tombstone();
        }

        @Override
        public byte[] value() {
            return cur.tombstone() ? null : valueOf(cur);
        }

        @Override
        public long timestampMicros() {
            return cur.timestampMicros();
        }

        @Override
        public void next() {
            try {
                cur.next();
                while (!cur.valid() && table + 1 < tables.size()) {
                    open(table + 1);
                    cur.seekToFirst();
                }
            } catch (IOException e) {
                throw unchecked(e);
            }
        }

        @Override
        public void seek(byte[] target) {
            try {
                int t = tableFor(target);
                if (t >= tables.size()) {
                    close();
                    return;
                }
                if (cur == null || t != table) {
                    open(t);
                }
                cur.seek(target);
                while (!cur.valid() && table + 1 < tables.size()) {
                    open(table + 1);
                    cur.seekToFirst();
                }
            } catch (IOException e) {
                throw unchecked(e);
            }
        }

        private void open(int t) throws IOException {
            if (cur != null) {
                cur.close();
            }
            table = t;
            cur = new TableCursor(reader(t), true, tables.get(t).props().maxVersion() <= cap);
        }

        @Override
        public void close() {
            if (cur != null) {
                cur.close();
                cur = null;
            }
        }
    }

    @Override
    public long entryCount() {
        return entries;
    }
}
