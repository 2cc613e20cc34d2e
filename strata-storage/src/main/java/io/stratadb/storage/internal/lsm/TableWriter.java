package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Writes one immutable sorted table. Entries must arrive in strictly increasing internal-key
 * order (a memtable flush or a compaction merge); anything else is rejected with
 * {@link IllegalArgumentException} naming both keys. {@link #finish()} writes the history index, bloom,
 * properties, index and footer and makes the object durable through
 * {@link TableStore.TableOutput#finish()}; until then nothing is visible. {@link #close()}
 * abandons an unfinished table. The first (newest) version of each key in the table goes to the data blocks,
 * every later one to the history blocks (see {@link TableFormat}). An older version with a value of at least
 * {@link TableFormat#SEPARATE_MIN_VALUE} bytes goes to a value block, and its entry holds a reference; a writer
 * given a {@link BlobOutput} (compaction) puts those values in a blob file instead. Not thread-safe.
 */
public final class TableWriter implements AutoCloseable {
    private final TableStore.TableOutput out;
    private final long tableId;
    private final TableOptions options;
    /** The open data block: the first (newest) version of each key. */
    private final BlockBuilder data;
    private final BlockBuilder index = new BlockBuilder(1);
    /** The open history block: every later (older) version of a key. */
    private final BlockBuilder history;
    private final BlockBuilder historyIndex = new BlockBuilder(1);
    private int historyBlocks;
    private final ByteSink scratch = new ByteSink(8192);
    private final ByteSink compressed = new ByteSink(8192);
    /** The open value block's payload: older versions' values back to back. */
    private final ByteSink values = new ByteSink(8192);
    /** Written value blocks' handles (offset varint · length varint each), for the properties block. */
    private final ByteSink valueHandles = new ByteSink(64);
    private final ByteSink reference = new ByteSink(16);
    private int valueBlocks;
    private int[] lz4Table;
    private int incompressibleRun;
    private int skipCompression;
    private byte[] lz4Out = new byte[0];
    private long offset;
    private long[] prefixHashes = new long[1024];
    private int prefixCount;
    private byte[] firstKey;
    private byte[] lastKey;
    private long minVersion = Long.MAX_VALUE;
    private long maxVersion = Long.MIN_VALUE;
    private long entries;
    private long tombstones;
    private int dataBlocks;
    private long rawKeyBytes;
    private long rawValueBytes;
    private boolean finished;
    private boolean closed;
    /** Where older versions' values go instead of value blocks; null: value blocks (a flush). */
    private final BlobOutput blobOutput;
    /** Bytes of values referred to per blob file. */
    private final java.util.TreeMap<Long, Long> blobBytes = new java.util.TreeMap<>();

    /** Takes the values of older versions to a blob file and returns the references to them. */
    public interface BlobOutput {
        byte[] append(byte[] value) throws IOException;
    }

    public TableWriter(TableStore store, long tableId, TableOptions options) throws IOException {
        this(store, tableId, options, null);
    }

    /**
     * @param blobOutput where the values of older versions go (compaction), or null to keep them in the table's
     *                   value blocks (a flush)
     */
    public TableWriter(TableStore store, long tableId, TableOptions options, BlobOutput blobOutput) throws IOException {
        this.out = store.create(tableId);
        this.blobOutput = blobOutput;
        this.tableId = tableId;
        this.options = options;
        this.data = new BlockBuilder(options.restartInterval());
        this.history = new BlockBuilder(options.restartInterval());
        byte[] h = TableFormat.header();
        write(h, h.length);
    }

    /** Write a whole table from a sorted iterator; the iterator must yield at least one entry. */
    public static TableMeta write(TableStore store, long tableId, TableOptions options, Iterator<TableEntry> entries)
            throws IOException {
        try (TableWriter w = new TableWriter(store, tableId, options)) {
            while (entries.hasNext()) {
                TableEntry e = entries.next();
                w.add(e);
            }
            return w.finish();
        }
    }

    public void add(TableEntry e) throws IOException {
        add(e.key(), e.value(), e.tombstone(), e.timestampMicros());
    }

    public void add(byte[] key, byte[] value, boolean tombstone, long timestampMicros) throws IOException {
        boolean olderVersion = admit(key, value.length, tombstone);
        BlockBuilder to = olderVersion ? history : data;
        if (olderVersion && !tombstone && value.length >= TableFormat.SEPARATE_MIN_VALUE) {
            if (blobOutput != null) {
                addBlobEntry(to, blobOutput.append(value), value.length, timestampMicros);
            } else {
                addApart(value, timestampMicros);
            }
        } else {
            to.add(lastKey, value, tombstone, timestampMicros);
        }
        endEntry(to);
    }

    /**
     * Adds an entry whose value is already in a blob file: {@code reference} as a {@link TableFormat#FLAG_BLOB}
     * entry's value field names it (compaction copies the reference, not the value).
     */
    public void addBlobReference(byte[] key, byte[] reference, long timestampMicros) throws IOException {
        int length = BlobFiles.lengthOf(reference, out.name());
        BlockBuilder to = admit(key, length, false) ? history : data;
        addBlobEntry(to, reference, length, timestampMicros);
        endEntry(to);
    }

    /** Checks an entry against the last and counts it; returns whether it is an older version of the last key. */
    private boolean admit(byte[] key, int valueLength, boolean tombstone) {
        if (finished || closed) {
            throw new IllegalStateException("table writer for " + out.name() + " is already finished or closed");
        }
        if (key.length < InternalKeys.SUFFIX) {
            throw new IllegalArgumentException("internal key of " + key.length + " bytes has no version suffix");
        }
        if (tombstone && valueLength != 0) {
            throw new IllegalArgumentException("a tombstone carries no value, got " + valueLength + " bytes");
        }
        if (lastKey != null && InternalKeys.compare(lastKey, key) >= 0) {
            throw new IllegalArgumentException("keys out of order in " + out.name() + ": "
                    + java.util.HexFormat.of().formatHex(key) + " after " + java.util.HexFormat.of().formatHex(lastKey));
        }
        boolean olderVersion = lastKey != null && InternalKeys.samePrefix(lastKey, key);
        if (!olderVersion) {
            if (prefixCount == prefixHashes.length) {
                prefixHashes = Arrays.copyOf(prefixHashes, prefixCount * 2);
            }
            prefixHashes[prefixCount++] = BloomFilter.prefixHash(key);
        }
        if (firstKey == null) {
            firstKey = key.clone();
        }
        lastKey = key.clone();
        long v = InternalKeys.version(key);
        minVersion = Math.min(minVersion, v);
        maxVersion = Math.max(maxVersion, v);
        entries++;
        if (tombstone) {
            tombstones++;
        }
        rawKeyBytes += key.length;
        rawValueBytes += valueLength;
        return olderVersion;
    }

    private void endEntry(BlockBuilder block) throws IOException {
        if (block.estimatedSize() >= options.blockSize()) {
            if (block == data) {
                flushBlock();
            } else {
                flushHistoryBlock();
            }
        }
    }

    private void addBlobEntry(BlockBuilder to, byte[] reference, int length, long timestampMicros)
            throws CorruptionException {
        blobBytes.merge(BlobFiles.fileOf(reference, out.name()), (long) length, Long::sum);
        to.add(lastKey, reference, 0, reference.length, TableFormat.FLAG_BLOB, timestampMicros);
    }

    /** Puts an older version's {@code value} into the open value block and a reference to it into the history block. */
    private void addApart(byte[] value, long timestampMicros) throws IOException {
        if (values.length() > 0 && values.length() + value.length > options.blockSize()) {
            flushValueBlock();
        }
        reference.reset();
        reference.putVarLong(valueBlocks);
        reference.putVarLong(values.length());
        reference.putVarLong(value.length);
        values.put(value);
        history.add(lastKey, reference.array(), 0, reference.length(), TableFormat.FLAG_SEPARATE, timestampMicros);
    }

    /** Bytes written so far plus the open blocks: a table size estimate for splitting outputs. */
    public long estimatedSize() {
        return offset + (data.isEmpty() ? 0 : data.estimatedSize()) + (history.isEmpty() ? 0 : history.estimatedSize())
                + values.length();
    }

    public long entryCount() {
        return entries;
    }

    public long tableId() {
        return tableId;
    }

    private void flushBlock() throws IOException {
        if (writeDataBlock(data, index)) {
            dataBlocks++;
        }
    }

    private void flushHistoryBlock() throws IOException {
        if (writeDataBlock(history, historyIndex)) {
            historyBlocks++;
        }
    }

    /** Writes {@code block} (if it holds entries) as a data block, lists it in {@code blockIndex} and resets it. */
    private boolean writeDataBlock(BlockBuilder block, BlockBuilder blockIndex) throws IOException {
        if (block.isEmpty()) {
            return false;
        }
        scratch.reset();
        block.finishInto(scratch);
        TableFormat.BlockHandle h = writeBlock(scratch, TableFormat.BLOCK_DATA);
        ByteSink hv = new ByteSink(16);
        hv.putVarLong(h.offset());
        hv.putVarLong(h.length());
        blockIndex.add(block.lastKey(), hv.toByteArray(), false, 0);
        block.reset();
        return true;
    }

    private void flushValueBlock() throws IOException {
        if (values.length() == 0) {
            return;
        }
        TableFormat.BlockHandle h = writeBlock(values, TableFormat.BLOCK_VALUES);
        valueHandles.putVarLong(h.offset());
        valueHandles.putVarLong(h.length());
        values.reset();
        valueBlocks++;
    }

    /**
     * Writes the block whose payload {@code payload} holds (data and value blocks compressed when that
     * pays); {@code payload} gets the trailer appended.
     */
    private TableFormat.BlockHandle writeBlock(ByteSink payload, int type) throws IOException {
        int n = payload.length();
        if (compresses(type) && n >= 64 && shouldTryCompression()) {
            if (lz4Table == null) {
                lz4Table = Lz4Block.newTable();
            }
            int max = Lz4Block.maxCompressedLength(n);
            if (lz4Out.length < max) {
                lz4Out = new byte[max];
            }
            byte[] c = lz4Out;
            int clen = Lz4Block.compress(payload.array(), n, c, lz4Table);
            if (clen + 5 <= n - n / 8) {
                // verify before trusting: a codec bug must never become silent data loss
                byte[] back = Lz4Block.decompress(c, 0, clen, n, out.name(), offset);
                if (!java.util.Arrays.equals(back, 0, n, payload.array(), 0, n)) {
                    throw new IllegalStateException("LZ4 round trip mismatch while writing " + out.name());
                }
                incompressibleRun = 0;
                skipCompression = 0;
                compressed.reset();
                compressed.putVarLong(n);
                compressed.put(c, 0, clen);
                TableFormat.seal(compressed, type, TableFormat.COMPRESSION_LZ4);
                return writeSealed(compressed);
            }
            noteIncompressible();
        }
        TableFormat.seal(payload, type, TableFormat.COMPRESSION_NONE);
        return writeSealed(payload);
    }

    /** Whether the options compress blocks of this type (index blocks never are). */
    private boolean compresses(int type) {
        return switch (options.compression()) {
            case NONE -> false;
            case LZ4 -> type == TableFormat.BLOCK_DATA || type == TableFormat.BLOCK_VALUES;
            case LZ4_VALUE_BLOCKS -> type == TableFormat.BLOCK_VALUES;
        };
    }

    /**
     * Adaptive compression: after blocks in a row did not shrink by 1/8 (random or already-compressed
     * values), attempts back off exponentially (skip 1, 2, 4 ... up to 32 blocks between probes); one
     * block that compresses resets it. Saves the compressor's CPU where it cannot pay off.
     */
    private boolean shouldTryCompression() {
        if (skipCompression > 0) {
            skipCompression--;
            return false;
        }
        return true;
    }

    private void noteIncompressible() {
        incompressibleRun = Math.min(incompressibleRun + 1, 6);
        skipCompression = (1 << incompressibleRun) >> 1;
    }

    private TableFormat.BlockHandle writeSealed(ByteSink sealed) throws IOException {
        TableFormat.BlockHandle h = new TableFormat.BlockHandle(offset, sealed.length() - TableFormat.TRAILER_SIZE);
        write(sealed.array(), sealed.length());
        return h;
    }

    private void write(byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        offset += len;
    }

    /** Complete the table, make it durable, and describe it. */
    public TableMeta finish() throws IOException {
        if (finished || closed) {
            throw new IllegalStateException("table writer for " + out.name() + " is already finished or closed");
        }
        if (entries == 0) {
            throw new IllegalStateException("refusing to write an empty table " + out.name());
        }
        flushBlock();
        flushHistoryBlock();
        flushValueBlock();
        TableFormat.BlockHandle hih = null;
        if (historyBlocks > 0) {
            scratch.reset();
            historyIndex.finishInto(scratch);
            hih = writeBlock(scratch, TableFormat.BLOCK_INDEX);
        }
        scratch.reset();
        scratch.put(BloomFilter.buildBlocked(prefixHashes, prefixCount, options.bloomBitsPerKey()));
        TableFormat.seal(scratch, TableFormat.BLOCK_BLOOM, TableFormat.COMPRESSION_NONE);
        TableFormat.BlockHandle bloom = writeSealed(scratch);
        long[] ids = new long[blobBytes.size()];
        long[] bytes = new long[ids.length];
        int i = 0;
        for (java.util.Map.Entry<Long, Long> e : blobBytes.entrySet()) {
            ids[i] = e.getKey();
            bytes[i++] = e.getValue();
        }
        TableProperties props = new TableProperties(firstKey, lastKey, minVersion, maxVersion, entries, tombstones,
                dataBlocks, rawKeyBytes, rawValueBytes, ids, bytes);
        scratch.reset();
        props.encode(scratch);
        scratch.putVarLong(valueBlocks);
        scratch.put(valueHandles.array(), 0, valueHandles.length());
        scratch.putVarLong(historyBlocks);
        if (hih != null) {
            scratch.putVarLong(hih.offset());
            scratch.putVarLong(hih.length());
        }
        TableFormat.seal(scratch, TableFormat.BLOCK_PROPS, TableFormat.COMPRESSION_NONE);
        TableFormat.BlockHandle ph = writeSealed(scratch);
        scratch.reset();
        index.finishInto(scratch);
        TableFormat.BlockHandle ih = writeBlock(scratch, TableFormat.BLOCK_INDEX);
        byte[] f = TableFormat.footer(new TableFormat.Footer(ih, bloom, ph, TableFormat.FORMAT_VERSION));
        write(f, f.length);
        out.finish();
        finished = true;
        return new TableMeta(tableId, offset, props);
    }

    /** Abandon the table unless it was finished. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
