package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open {@link TableReader}s of one tree, opened on first use and shared by all threads.
 * Opening checks that the object matches what the manifest recorded (size and properties), so
 * a swapped or truncated object is reported as corruption rather than read. Thread-safe.
 */
public final class TableReaders implements AutoCloseable {
    private final TableStore store;
    private final BlockCache cache;
    private final BlobFiles blobs;
    private final ConcurrentHashMap<Long, TableReader> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TableReaders(TableStore store, BlockCache cache) {
        this.store = store;
        this.cache = cache;
        this.blobs = new BlobFiles(store.blobs());
    }

    /** The blob files the tables refer to (read through here, written by compaction). */
    public BlobFiles blobs() {
        return blobs;
    }

    public TableStore store() {
        return store;
    }

    public BlockCache cache() {
        return cache;
    }

    /** The reader of {@code table}, opening and verifying it if needed. */
    public TableReader get(TableMeta table) throws IOException {
        TableReader r = open.get(table.id());
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("table readers are closed");
            }
            r = open.get(table.id());
            if (r == null) {
                r = TableReader.open(store, table.id(), cache, blobs);
                if (!r.meta().equals(table)) {
                    String name = r.name();
                    r.close();
                    throw new CorruptionException(name, 0, "table object does not match its manifest entry: found "
                            + r.meta() + " " + r.properties() + ", expected " + table + " " + table.props());
                }
                open.put(table.id(), r);
            }
            return r;
        }
    }

    /** Close the reader of a table that is no longer used (before deleting its object). */
    public void evict(long tableId) throws IOException {
        TableReader r = open.remove(tableId);
        if (r != null) {
            r.close();
        }
    }

    public int openCount() {
        return open.size();
    }

    /** Close every reader; failures are collected as suppressed exceptions. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        List<TableReader> all = new ArrayList<>(open.values());
        open.clear();
        IOException first = Closing.closeEach(all, TableReader::close, null);
        first = Closing.closeEach(List.of(blobs), BlobFiles::close, first);
        if (first != null) {
            throw first;
        }
    }
}
