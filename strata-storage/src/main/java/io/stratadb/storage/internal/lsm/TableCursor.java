package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/**
 * Two-level cursor over a table: the in-memory index picks the block, a block cursor walks it.
 * Walking on reads the following blocks ahead (see {@link TableReader.Readahead}).
 *
 * <p>A table of format 5 keeps each key's newest entry in its data blocks and the older ones in its history
 * blocks ({@link TableFormat}). The cursor walks both sequences and shows the smaller key of the two, so it
 * yields every entry in internal-key order; a cursor for the newest entries only (a read at or above the
 * table's highest version, which wants nothing older) walks the data blocks alone. Older formats have data
 * blocks only, which hold every entry.
 *
 * <p>On a memory-mapped table, the block a {@link #seek} lands in is read in place when it is stored
 * uncompressed and already verified ({@link InPlaceBlock}): a merge over many sources seeks every one
 * of them and reads only a few entries from most, so copying a whole block for each seek costs more
 * than the entries read (measured: YCSB E). Blocks the cursor walks into are copied, since it then
 * decodes every entry of them and a bulk copy beats per-byte reads from the map. A fault in the map
 * (the file truncated under it) surfaces as an {@link IOException} ({@link java.io.UncheckedIOException}
 * from {@link #value()}, which also reads a value stored apart in a value block and reports a failure to
 * do so that way; it keeps the last compressed value block it decompressed, see {@link TableValues.ValueMemo}).
 */
final class TableCursor implements EntryCursor {
    private final TableReader table;
    private final boolean fillCache;
    private final TableValues.ValueMemo valueMemo = new TableValues.ValueMemo();
    private final Walker data;
    /** The history blocks' walker; null when the cursor shows the newest entries only or there are none. */
    private final Walker history;
    /** The walker whose entry the cursor shows: the one with the smaller key. */
    private Walker at;
    /** {@code at}'s block cursor, on a valid entry; null when the cursor is not positioned. */
    private BlockCursor cur;
    private boolean closed;

    /**
     * @param newestOnly walk the data blocks alone: for a format 5 table, each key's newest entry (an older
     *                   format's data blocks hold every entry, so this changes nothing for it)
     */
    TableCursor(TableReader table, boolean fillCache, boolean newestOnly) {
        this.table = table;
        this.fillCache = fillCache;
        this.data = new Walker(0, table.dataBlocks());
        this.history = newestOnly || table.blockCount() == table.dataBlocks() ? null
                : new Walker(table.dataBlocks(), table.blockCount());
        this.at = data;
    }

    @Override
    public void seekToFirst() throws IOException {
        checkOpen();
        try {
            data.seekToFirst();
            if (history != null) {
                history.seekToFirst();
            }
        } catch (InternalError fault) {
            throw table.mapFault(fault);
        }
        pick();
    }

    @Override
    public void seek(byte[] target) throws IOException {
        checkOpen();
        try {
            data.seek(target, table.findBlock(target));
            if (history != null) {
                history.seek(target, table.findHistoryBlock(target));
            }
        } catch (InternalError fault) {
            throw table.mapFault(fault);
        }
        pick();
    }

    /** Shows the walker on the smaller key (keys never repeat across the two sequences). */
    private void pick() {
        Walker w = data;
        if (history != null && history.valid()) {
            if (!data.valid() || java.util.Arrays.compareUnsigned(history.cur.keyBuf, 0, history.cur.keyLen,
                    data.cur.keyBuf, 0, data.cur.keyLen) < 0) {
                w = history;
            }
        }
        at = w;
        cur = w.valid() ? w.cur : null;
    }

    @Override
    public boolean valid() {
        return cur != null;
    }

    /** Whether the current entry is from the history blocks (an older version of a key). */
    boolean inHistory() {
        return at == history;
    }

    @Override
    public byte[] key() {
        return cur.key();
    }

    /** The current key in place (see {@link BlockCursor#keyArray()}): valid until the cursor moves. */
    byte[] keyArray() {
        return cur.keyArray();
    }

    int keyLength() {
        return cur.keyLength();
    }

    @Override
    public byte[] value() {
        try {
            return table.value(cur, valueMemo);
        } catch (InternalError fault) {
            throw new java.io.UncheckedIOException(table.mapFault(fault));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public byte[] blobReference() {
        return cur.blob ? cur.value() : null;
    }

    @Override
    public boolean tombstone() {
        return cur.tombstone();
    }

    @Override
    public long timestampMicros() {
        return cur.timestampMicros();
    }

    @Override
    public void next() throws IOException {
        checkOpen();
        if (!valid()) {
            throw new IllegalStateException("cursor over " + table.name() + " is not positioned");
        }
        try {
            at.next();
        } catch (InternalError fault) {
            throw table.mapFault(fault);
        }
        pick();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("cursor over " + table.name() + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        cur = null;
        data.cur = null;
        if (history != null) {
            history.cur = null;
        }
    }

    /** A walk over the blocks {@code [from, to)} of one sequence (data or history), with its own read-ahead. */
    private final class Walker {
        private final int from;
        private final int to;
        private final TableReader.Readahead readahead = new TableReader.Readahead(fillCache
                ? TableReader.MAX_SCAN_READAHEAD_BLOCKS : TableReader.MAX_READAHEAD_BLOCKS);
        private int blockIndex;
        private BlockCursor cur;

        Walker(int from, int to) {
            this.from = from;
            this.to = to;
        }

        boolean valid() {
            return cur != null && cur.valid();
        }

        void seekToFirst() throws IOException {
            readahead.reset();
            open(from);
            if (cur != null) {
                cur.seekToFirst();
                skipEmpty();
            }
        }

        /** Seeks to {@code target}, which the index places in block {@code b} (or past the end: {@code to}). */
        void seek(byte[] target, int b) throws IOException {
            readahead.reset();
            if (cur == null || b != blockIndex) { // else a re-seek within the block in hand: no cache lookup
                blockIndex = b;
                cur = b < to ? table.seekCursor(b, readahead, fillCache) : null;
            }
            if (cur != null) {
                cur.seek(target);
                skipEmpty();
            }
        }

        void next() throws IOException {
            cur.next();
            skipEmpty();
        }

        private void open(int i) throws IOException {
            blockIndex = i;
            cur = i < to ? table.dataBlock(i, readahead, fillCache).cursor() : null;
        }

        private void skipEmpty() throws IOException {
            while (cur != null && !cur.valid()) {
                open(blockIndex + 1);
                if (cur != null) {
                    cur.seekToFirst();
                }
            }
        }
    }
}
