package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/**
 * Two-level cursor over a table: the in-memory index picks the block, a block cursor walks it.
 * Walking on reads the following blocks ahead (see {@link TableReader.Readahead}).
 *
 * <p>On a memory-mapped table, the block a {@link #seek} lands in is read in place when it is stored
 * uncompressed and already verified ({@link InPlaceBlock}): a merge over many sources seeks every one
 * of them and reads only a few entries from most, so copying a whole block for each seek costs more
 * than the entries read (measured: YCSB E). Blocks the cursor walks into are copied, since it then
 * decodes every entry of them and a bulk copy beats per-byte reads from the map. A fault in the map
 * (the file truncated under it) surfaces as an {@link IOException} ({@link java.io.UncheckedIOException}
 * from {@link #value()}, which also reads a value stored apart in a value block and reports a failure to
 * do so that way; it keeps the last compressed value block it decompressed, see {@link TableReader.ValueMemo}).
 */
final class TableCursor implements EntryCursor {
    private final TableReader table;
    private final boolean fillCache;
    private final TableReader.Readahead readahead;
    private final TableReader.ValueMemo valueMemo = new TableReader.ValueMemo();
    private int blockIndex;
    private BlockCursor cur;
    private boolean closed;

    TableCursor(TableReader table, boolean fillCache) {
        this.table = table;
        this.fillCache = fillCache;
        this.readahead = new TableReader.Readahead(fillCache ? TableReader.MAX_SCAN_READAHEAD_BLOCKS
                : TableReader.MAX_READAHEAD_BLOCKS);
    }

    @Override
    public void seekToFirst() throws IOException {
        readahead.reset();
        openBlock(0);
        if (cur != null) {
            cur.seekToFirst();
            skipEmpty();
        }
    }

    @Override
    public void seek(byte[] target) throws IOException {
        readahead.reset();
        int b = table.findBlock(target);
        checkOpen();
        try {
            if (cur == null || b != blockIndex) { // else a re-seek within the block in hand: no cache lookup
                blockIndex = b;
                cur = b < table.blockCount() ? table.seekCursor(b, readahead, fillCache) : null;
            }
            if (cur != null) {
                cur.seek(target);
                skipEmpty();
            }
        } catch (InternalError fault) {
            throw table.mapFault(fault);
        }
    }

    private void openBlock(int i) throws IOException {
        checkOpen();
        blockIndex = i;
        cur = i < table.blockCount() ? table.dataBlock(i, readahead, fillCache).cursor() : null;
    }

    private void skipEmpty() throws IOException {
        while (cur != null && !cur.valid()) {
            openBlock(blockIndex + 1);
            if (cur != null) {
                cur.seekToFirst();
            }
        }
    }

    @Override
    public boolean valid() {
        return cur != null && cur.valid();
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
            cur.next();
        } catch (InternalError fault) {
            throw table.mapFault(fault);
        }
        skipEmpty();
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
    }
}
