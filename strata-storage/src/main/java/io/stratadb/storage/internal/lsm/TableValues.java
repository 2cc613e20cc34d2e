package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.io.IOException;

/**
 * The values a table's entries refer to instead of holding: older versions' values in the table's value blocks
 * ({@link TableFormat#FLAG_SEPARATE}, format 3) and values in blob files ({@link TableFormat#FLAG_BLOB},
 * format 4). Part of a {@link TableReader}, which reads the blocks for it; thread-safe like the reader.
 */
final class TableValues {
    /** Reads a block's raw bytes (payload and trailer), not yet verified: the reader's positional or mapped read. */
    interface RawBlocks {
        byte[] readRaw(TableFormat.BlockHandle h, int type) throws IOException;
    }

    private final String name;
    private final TableStore.TableInput in;
    /** The mapped object, or null: where a value of an uncompressed, verified value block is copied from. */
    private final java.nio.ByteBuffer inPlace;
    private final RawBlocks raw;
    private final TableFormat.BlockHandle[] blocks;
    /** One bit per value block verified by this reader and stored uncompressed: values are then read alone. */
    private final long[] plain;
    /** Where values of {@link TableFormat#FLAG_BLOB} entries are read; null if opened without (tests). */
    private final BlobFiles blobs;
    /** The blob files the table's properties list, sorted. */
    private final long[] blobIds;

    TableValues(String name, TableStore.TableInput in, java.nio.ByteBuffer inPlace, RawBlocks raw,
                TableFormat.BlockHandle[] blocks, BlobFiles blobs, long[] blobIds) {
        this.name = name;
        this.in = in;
        this.inPlace = inPlace;
        this.raw = raw;
        this.blocks = blocks;
        this.plain = new long[(blocks.length + 63) >>> 6];
        this.blobs = blobs;
        this.blobIds = blobIds;
    }

    /** The value of a block cursor's entry: its value field, or the value that field refers to. */
    byte[] value(BlockCursor c, ValueMemo memo) throws IOException {
        return c.separate ? valueApart(c.value(), memo) : c.blob ? valueInBlob(c.value()) : c.value();
    }

    /** The value a {@link TableFormat#FLAG_BLOB} reference names, checking that the table lists the file. */
    private byte[] valueInBlob(byte[] reference) throws IOException {
        checkBlobListed(reference);
        if (blobs == null) {
            throw new IllegalStateException(name + " was opened without blob files");
        }
        return blobs.read(reference, name);
    }

    private void checkBlobListed(byte[] reference) throws CorruptionException {
        long id = BlobFiles.fileOf(reference, name);
        if (java.util.Arrays.binarySearch(blobIds, id) < 0) {
            throw new CorruptionException(name, 0, "an entry refers to blob file " + id
                    + ", which the table's properties do not list");
        }
    }

    /**
     * A table cursor's last decompressed value block: a cursor walking a key's older versions (compaction,
     * history, time-travel scans) reads the values of one compressed value block one after another, and
     * decompresses it once rather than once per value. One per cursor.
     */
    static final class ValueMemo {
        private int block = -1;
        private byte[] payload;
    }

    /**
     * The value a reference ({@link TableFormat#FLAG_SEPARATE}) points to. A value block is read whole
     * and its checksum verified the first time this reader reads from it; if it is stored uncompressed,
     * later reads copy just the value (from the map, or one positional read). A compressed one is read,
     * verified and decompressed again by each read, except that a cursor's {@code memo} keeps the last one.
     */
    private byte[] valueApart(byte[] reference, ValueMemo memo) throws IOException {
        ValueRef ref = decodeRef(reference);
        int b = ref.block();
        int off = ref.off();
        int len = ref.len();
        TableFormat.BlockHandle h = blocks[b];
        if ((plain[b >>> 6] & (1L << b)) != 0) {
            checkValueBounds(h, off, len, h.length());
            if (inPlace != null) {
                byte[] v = new byte[len];
                inPlace.get((int) (h.offset() + off), v, 0, len);
                return v;
            }
            return in.read(h.offset() + off, len);
        }
        if (memo != null && memo.block == b) {
            checkValueBounds(h, off, len, memo.payload.length);
            return java.util.Arrays.copyOfRange(memo.payload, off, off + len);
        }
        byte[] bytes = raw.readRaw(h, TableFormat.BLOCK_VALUES);
        byte[] payload = bytes;
        int n = h.length();
        if (TableFormat.checkTrailer(bytes, h, TableFormat.BLOCK_VALUES, name) == TableFormat.COMPRESSION_LZ4) {
            payload = TableFormat.decompress(bytes, h, name);
            n = payload.length;
            if (memo != null) {
                memo.block = b;
                memo.payload = payload;
            }
        } else {
            plain[b >>> 6] |= 1L << b; // racy like the data blocks' bits: a lost bit costs a re-verification
        }
        checkValueBounds(h, off, len, n);
        return java.util.Arrays.copyOfRange(payload, off, off + len);
    }

    /** A reference's parts: value block number, offset in the block's payload, length. */
    private record ValueRef(int block, int off, int len) {
    }

    /** Decodes a reference, checking that it names one of this table's value blocks. */
    private ValueRef decodeRef(byte[] ref) throws CorruptionException {
        ByteReader r = new ByteReader(ref, 0, ref.length, name, 0);
        int b = r.getVarInt(Integer.MAX_VALUE);
        int off = r.getVarInt(Integer.MAX_VALUE);
        int len = r.getVarInt(Integer.MAX_VALUE);
        if (r.hasMore() || b >= blocks.length) {
            throw new CorruptionException(name, 0, "bad reference to a value stored apart (value block " + b
                    + " of " + blocks.length + ")");
        }
        return new ValueRef(b, off, len);
    }

    private void checkValueBounds(TableFormat.BlockHandle h, int off, int len, int payloadLength)
            throws CorruptionException {
        if ((long) off + len > payloadLength) {
            throw new CorruptionException(name, h.offset(), "reference to " + len + " bytes at " + off
                    + " runs past the value block's " + payloadLength + " bytes");
        }
    }

    /** For {@link TableReader#verify()}: reads every value block, checking its checksum; returns payload lengths. */
    int[] verifyBlocks() throws IOException {
        int[] lengths = new int[blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            TableFormat.BlockHandle h = blocks[b];
            lengths[b] = TableFormat.unseal(raw.readRaw(h, TableFormat.BLOCK_VALUES), h, TableFormat.BLOCK_VALUES,
                    name).length;
        }
        return lengths;
    }

    /**
     * For {@link TableReader#verify()}: checks the reference a cursor's entry holds, if any, against the lengths
     * {@link #verifyBlocks()} returned (a value block's bounds) or the table's blob file list.
     */
    void verifyReference(BlockCursor c, int[] lengths) throws CorruptionException {
        if (c.separate) {
            ValueRef ref = decodeRef(c.value());
            checkValueBounds(blocks[ref.block()], ref.off(), ref.len(), lengths[ref.block()]);
        } else if (c.blob) {
            checkBlobListed(c.value());
        }
    }
}
