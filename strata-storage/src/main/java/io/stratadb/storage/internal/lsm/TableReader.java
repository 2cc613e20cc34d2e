package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.record.CorruptionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one immutable table. Opening verifies header, footer, bloom, properties and index
 * (checksums, format version, and that the sections tile the object exactly); data blocks are
 * verified when first read and then served from the shared {@link BlockCache}, except that on a
 * memory-mapped table a block stored uncompressed is not cached: point lookups and cursor seeks read it
 * in place ({@link InPlaceBlock}) and cursors walking into it copy it.
 * Thread-safe: any number of threads may call {@link #get} and open cursors concurrently.
 * Every read error is an {@link IOException}; corruption is a {@link CorruptionException}
 * naming the object and offset. After {@link #close()} (idempotent) reads throw
 * {@link IllegalStateException}.
 */
public final class TableReader implements AutoCloseable {
    private final TableStore.TableInput in;
    /** Reads are copies from a memory map: one block per read, no read-ahead buffer to copy from again. */
    private final boolean mapped;
    /** Mapped tables: one bit per data block whose checksum this reader has verified. */
    private final long[] verified;
    /**
     * Mapped tables: the whole object, and one bit per data block that is verified and stored
     * uncompressed, which point lookups and cursor seeks then read in place ({@link InPlaceBlock}). Racy like
     * {@link #verified}: bits are only ever set after verification, so a lost one costs a reload.
     */
    private final java.nio.ByteBuffer inPlace;
    private final long[] plain;
    private final String name;
    private final long tableId;
    private final long size;
    private final BlockCache cache;
    private final BlockCache.Owner owner;
    private final BloomFilter bloom;
    private final TableProperties props;
    private final byte[][] lastKeys;
    /** Bytes every last key shares (so {@link #fingerprints} start where keys differ). */
    private final int common;
    /** Per data block: 8 bytes of its last key from {@link #common} on, zero-padded, unsigned order. */
    private final long[] fingerprints;
    /**
     * Every {@link #SAMPLE}-th fingerprint: a search narrows to {@code SAMPLE} blocks in this small
     * array, which stays in the CPU cache, before it touches {@link #fingerprints} (a 1 GiB table of
     * 4 KiB blocks has a 2 MiB fingerprint array, whose deep binary-search steps each miss the cache).
     * Null for small tables.
     */
    private final long[] sampled;
    static final int SAMPLE = 64;
    /** {@link #sampled} for the history blocks. */
    private final long[] sampledHistory;
    /**
     * Data blocks then history blocks (format 5): blocks {@code [0, dataBlocks)} hold the first (newest) entry of
     * each key, {@code [dataBlocks, blocks.length)} every later one. Formats 1-4 have data blocks only.
     */
    private final TableFormat.BlockHandle[] blocks;
    private final int dataBlocks;
    /** Format 5: the data blocks hold only each key's newest entry in the table (there may be no history blocks). */
    private final boolean historyApart;
    /** The values entries refer to: in value blocks (format 3) and blob files (format 4). */
    private final TableValues values;
    private volatile boolean closed;

    private TableReader(TableStore.TableInput in, long tableId, BlockCache cache, BlobFiles blobs) throws IOException {
        this.in = in;
        this.mapped = in.mapped();
        this.name = in.name();
        this.tableId = tableId;
        this.cache = cache;
        this.size = in.size();
        if (size < TableFormat.HEADER_SIZE + TableFormat.FOOTER_SIZE) {
            throw new CorruptionException(name, 0, "object of " + size + " bytes is too short to be a table");
        }
        long footerAt = size - TableFormat.FOOTER_SIZE;
        TableFormat.Footer f = TableFormat.readFooter(in.read(footerAt, TableFormat.FOOTER_SIZE), name, footerAt);
        int headerVersion = TableFormat.checkHeader(in.read(0, TableFormat.HEADER_SIZE), name);
        if (headerVersion != f.version()) { // the footer's version bytes are outside its checksum; the header's are not
            throw new CorruptionException(name, footerAt + TableFormat.FOOTER_SIZE - 6, "footer format version "
                    + f.version() + " differs from the header's " + headerVersion);
        }
        if (f.bloom().end() != f.props().offset() || f.props().end() != f.index().offset()
                || f.index().end() != footerAt) {
            throw new CorruptionException(name, footerAt, "footer block handles do not tile the object");
        }
        byte[] bp = readBlock(f.bloom(), TableFormat.BLOCK_BLOOM);
        this.bloom = BloomFilter.decode(bp, name, f.bloom().offset());
        byte[] pp = readBlock(f.props(), TableFormat.BLOCK_PROPS);
        ByteReader pr = new ByteReader(pp, 0, pp.length, name, f.props().offset());
        this.props = TableProperties.decode(pr);
        TableFormat.BlockHandle[] valueBlocks = f.version() >= TableFormat.VALUE_BLOCKS_SINCE
                ? decodeValueBlocks(pr, f.bloom().offset()) : new TableFormat.BlockHandle[0];
        this.historyApart = f.version() >= TableFormat.HISTORY_BLOCKS_SINCE;
        int historyBlocks = 0;
        TableFormat.BlockHandle historyIndex = null;
        if (historyApart) {
            historyBlocks = pr.getVarInt(Integer.MAX_VALUE);
            if (historyBlocks > 0) {
                historyIndex = new TableFormat.BlockHandle(pr.getVarLong(),
                        pr.getVarInt(Integer.MAX_VALUE - TableFormat.TRAILER_SIZE));
                if (historyIndex.offset() < TableFormat.HEADER_SIZE || historyIndex.end() != f.bloom().offset()) {
                    throw pr.corrupt("history index at " + historyIndex.offset() + "+" + historyIndex.length()
                            + " does not end where the bloom block starts (" + f.bloom().offset() + ")");
                }
            }
        }
        if (pr.hasMore()) {
            throw pr.corrupt("trailing bytes in the properties block");
        }
        List<byte[]> keys = new ArrayList<>();
        List<TableFormat.BlockHandle> handles = new ArrayList<>();
        readIndex(f.index(), keys, handles);
        this.dataBlocks = keys.size();
        if (dataBlocks != props.dataBlocks()) {
            throw new CorruptionException(name, f.index().offset(), "index lists " + dataBlocks
                    + " data blocks, properties say " + props.dataBlocks());
        }
        if (historyIndex != null) {
            readIndex(historyIndex, keys, handles);
            if (keys.size() - dataBlocks != historyBlocks) {
                throw new CorruptionException(name, historyIndex.offset(), "history index lists "
                        + (keys.size() - dataBlocks) + " blocks, properties say " + historyBlocks);
            }
        }
        this.lastKeys = keys.toArray(new byte[0][]);
        this.blocks = handles.toArray(new TableFormat.BlockHandle[0]);
        checkTiling(valueBlocks, historyIndex != null ? historyIndex.offset() : f.bloom().offset());
        byte[] largest = lastKeys[dataBlocks - 1];
        byte[] first = lastKeys[0];
        if (historyIndex != null) { // each sequence is sorted: the table's extremes are among their ends
            byte[] lastHistory = lastKeys[lastKeys.length - 1];
            largest = InternalKeys.compare(lastHistory, largest) > 0 ? lastHistory : largest;
            first = InternalKeys.compare(lastKeys[dataBlocks], first) < 0 ? lastKeys[dataBlocks] : first;
        }
        if (!java.util.Arrays.equals(largest, props.largestKey())) {
            throw new CorruptionException(name, f.index().offset(), "index and properties disagree on the largest key");
        }
        this.verified = mapped ? new long[(blocks.length + 63) >>> 6] : null;
        this.inPlace = mapped ? in.buffer() : null;
        this.plain = inPlace != null ? new long[(blocks.length + 63) >>> 6] : null;
        this.values = new TableValues(name, in, inPlace, this::readRaw, valueBlocks, blobs, props.blobIds());
        // every last key lies between the smallest and the largest, so shares the bytes they share
        int m = java.util.Arrays.mismatch(first, largest);
        this.common = m < 0 ? first.length : m;
        this.fingerprints = new long[lastKeys.length];
        for (int i = 0; i < lastKeys.length; i++) {
            fingerprints[i] = fingerprint(lastKeys[i], common);
        }
        this.sampled = sample(0, dataBlocks);
        this.sampledHistory = sample(dataBlocks, blocks.length);
        this.owner = cache.register(blocks.length);
    }

    /** Appends the last keys and handles an index block lists. */
    private void readIndex(TableFormat.BlockHandle at, List<byte[]> keys, List<TableFormat.BlockHandle> handles)
            throws IOException {
        Block index = new Block(readBlock(at, TableFormat.BLOCK_INDEX), name, at.offset());
        Block.Cursor c = index.cursor();
        for (c.seekToFirst(); c.valid(); c.next()) {
            byte[] v = c.value();
            ByteReader r = new ByteReader(v, 0, v.length, name, at.offset());
            long off = r.getVarLong();
            int len = r.getVarInt(Integer.MAX_VALUE - TableFormat.TRAILER_SIZE);
            if (r.hasMore()) {
                throw r.corrupt("trailing bytes in an index entry");
            }
            keys.add(c.key());
            handles.add(new TableFormat.BlockHandle(off, len));
        }
        if (keys.isEmpty()) {
            throw new CorruptionException(name, at.offset(), TableFormat.blockName(TableFormat.BLOCK_INDEX)
                    + " block lists no blocks");
        }
    }

    /**
     * Checks that the data, history and value blocks, in file order, tile the object from the header to
     * {@code end} (where the history index, or else the bloom block, starts).
     */
    private void checkTiling(TableFormat.BlockHandle[] valueBlocks, long end) throws CorruptionException {
        TableFormat.BlockHandle[] all = java.util.Arrays.copyOf(blocks, blocks.length + valueBlocks.length);
        System.arraycopy(valueBlocks, 0, all, blocks.length, valueBlocks.length);
        java.util.Arrays.sort(all, java.util.Comparator.comparingLong(TableFormat.BlockHandle::offset));
        long expect = TableFormat.HEADER_SIZE;
        for (TableFormat.BlockHandle h : all) {
            if (h.offset() != expect) {
                throw new CorruptionException(name, Math.min(expect, size), "a block starts at offset " + h.offset()
                        + ", expected "
                        + expect + " (the index and value block list do not tile the object)");
            }
            expect = h.end();
        }
        if (expect != end) {
            throw new CorruptionException(name, Math.min(expect, size), "the blocks end at " + expect + ", the next section starts at "
                    + end);
        }
    }

    /** Every {@link #SAMPLE}-th fingerprint of blocks {@code [from, to)}, or null for a short range. */
    private long[] sample(int from, int to) {
        if (to - from <= 4 * SAMPLE) {
            return null;
        }
        long[] a = new long[(to - from + SAMPLE - 1) / SAMPLE];
        for (int j = 0; j < a.length; j++) {
            a[j] = fingerprints[from + j * SAMPLE];
        }
        return a;
    }

    /** The value block list after the properties (format 3): count, then offset and length of each. */
    private TableFormat.BlockHandle[] decodeValueBlocks(ByteReader pr, long end) throws CorruptionException {
        int count = pr.getVarInt(Integer.MAX_VALUE);
        if (count > (end - TableFormat.HEADER_SIZE) / TableFormat.TRAILER_SIZE) {
            throw pr.corrupt("impossible value block count " + count);
        }
        TableFormat.BlockHandle[] hs = new TableFormat.BlockHandle[count];
        for (int i = 0; i < count; i++) {
            long off = pr.getVarLong();
            int len = pr.getVarInt(Integer.MAX_VALUE - TableFormat.TRAILER_SIZE);
            hs[i] = new TableFormat.BlockHandle(off, len);
            if (off < TableFormat.HEADER_SIZE || hs[i].end() > end) {
                throw pr.corrupt("value block " + i + " at " + off + "+" + len + " lies outside the blocks");
            }
        }
        return hs;
    }

    /** Big-endian bytes {@code key[from, from + 8)}, zero-padded: monotone in the key's unsigned order. */
    private static long fingerprint(byte[] key, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int p = from + i;
            v = (v << 8) | (p < key.length ? key[p] & 0xff : 0);
        }
        return v;
    }

    /**
     * Open and verify the table's metadata, without blob files: reading a value kept in one fails
     * with {@link IllegalStateException} (for tests of the table alone).
     */
    public static TableReader open(TableStore store, long tableId, BlockCache cache) throws IOException {
        return open(store, tableId, cache, null);
    }

    /**
     * Open and verify the table's metadata. The reader owns the input it opens from {@code store};
     * values in blob files are read through {@code blobs} (shared, not owned).
     */
    public static TableReader open(TableStore store, long tableId, BlockCache cache, BlobFiles blobs)
            throws IOException {
        TableStore.TableInput in = store.open(tableId);
        try {
            return new TableReader(in, tableId, cache, blobs);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A block's verified payload (decompressed if stored compressed). */
    private byte[] readBlock(TableFormat.BlockHandle h, int type) throws IOException {
        return TableFormat.unseal(readRaw(h, type), h, type, name);
    }

    /** The raw bytes (payload and trailer) of a block of the given type, not yet verified. */
    private byte[] readRaw(TableFormat.BlockHandle h, int type) throws IOException {
        checkEnd(h, type);
        return in.read(h.offset(), h.length() + TableFormat.TRAILER_SIZE);
    }

    private void checkEnd(TableFormat.BlockHandle h, int type) throws CorruptionException {
        if (h.end() > size) {
            throw new CorruptionException(name, h.offset(), TableFormat.blockName(type) + " block of " + h.length()
                    + " bytes runs past the end of the object (" + size + " bytes)");
        }
    }

    /**
     * Data block {@code i} for a point lookup. A mapped table's block is cached only if it had to be
     * decompressed: an uncompressed one is read in place once verified (see {@link #readsInPlace}).
     */
    Block dataBlock(int i) throws IOException {
        checkOpen();
        if (mapped) {
            Block b = cache.lookup(owner, i);
            return b != null ? b : loadMappedBlock(i, true);
        }
        return cache.get(owner, i, () -> loadDataBlock(blocks[i]));
    }

    /** Read and verify a data block; an uncompressed payload is used in place (no copy without its trailer). */
    private Block loadDataBlock(TableFormat.BlockHandle h) throws IOException {
        return decodeDataBlock(readRaw(h, TableFormat.BLOCK_DATA), h);
    }

    /**
     * Block {@code i} of a mapped table. Its checksum is verified the first time this reader loads it;
     * later loads copy the same immutable mapped pages again, which are trusted as the block cache's
     * copies are (a racy bit set: a lost bit only means one more verification). {@link #verify()}
     * always checks every checksum. With {@code cacheDecompressed}, a block that had to be decompressed
     * is inserted into the block cache (an uncompressed one costs less to copy again than to insert).
     */
    private Block loadMappedBlock(int i, boolean cacheDecompressed) throws IOException {
        return loadMappedBlock(i, cacheDecompressed, readRaw(blocks[i], TableFormat.BLOCK_DATA));
    }

    /**
     * As above, with the raw bytes in the cursor's reused buffer ({@link Readahead#scratch}): a block a
     * cursor walks into lives only until the cursor leaves it (an uncompressed one is never cached), so
     * the copy need not be a new zeroed array per block.
     */
    private Block loadMappedBlock(int i, boolean cacheDecompressed, Readahead ra) throws IOException {
        TableFormat.BlockHandle h = blocks[i];
        checkEnd(h, TableFormat.BLOCK_DATA);
        int n = h.length() + TableFormat.TRAILER_SIZE;
        byte[] raw = ra.scratch;
        if (raw == null || raw.length < n) {
            raw = new byte[Math.max(n, raw == null ? 0 : raw.length * 2)];
            ra.scratch = raw;
        }
        in.read(h.offset(), n, raw);
        return loadMappedBlock(i, cacheDecompressed, raw);
    }

    private Block loadMappedBlock(int i, boolean cacheDecompressed, byte[] raw) throws IOException {
        TableFormat.BlockHandle h = blocks[i];
        long bit = 1L << i;
        boolean known = (verified[i >>> 6] & bit) != 0;
        Block b = decodeDataBlock(raw, h, !known);
        if (!known) {
            verified[i >>> 6] |= bit;
            if (plain != null && b.readsFrom(raw)) {
                plain[i >>> 6] |= bit;
            }
        }
        if (cacheDecompressed && !b.readsFrom(raw)) { // decompressed: an uncompressed block reads raw in place
            cache.insert(owner, i, b);
        }
        return b;
    }


    private Block decodeDataBlock(byte[] raw, TableFormat.BlockHandle h) throws IOException {
        return decodeDataBlock(raw, h, true);
    }

    /** {@code checksum} false: the bytes were verified before (mapped tables, see {@link #loadMappedBlock}). */
    private Block decodeDataBlock(byte[] raw, TableFormat.BlockHandle h, boolean checksum) throws IOException {
        if (TableFormat.checkTrailer(raw, h, TableFormat.BLOCK_DATA, name, checksum) == TableFormat.COMPRESSION_LZ4) {
            return new Block(TableFormat.decompress(raw, h, name), name, h.offset());
        }
        return new Block(raw, h.length(), name, h.offset());
    }

    /** Most blocks one read-ahead fetches for a whole-table pass (compaction). */
    static final int MAX_READAHEAD_BLOCKS = 16;
    /**
     * Most blocks one read-ahead fetches for a read path cursor: scans are short, so a wide window
     * mostly reads blocks nobody uses (measured: 4 and 16 within noise of each other for YCSB E).
     */
    static final int MAX_SCAN_READAHEAD_BLOCKS = 4;
    /** Most bytes one read-ahead fetches (a single larger block is still read alone). */
    static final long MAX_READAHEAD_BYTES = 128 * 1024;

    /**
     * A sequential reader's read-ahead: raw bytes of blocks [from, to) and how many blocks the next
     * fetch may cover (doubling per fetch up to a cap). One per cursor.
     */
    static final class Readahead {
        private final int maxWindow;
        private byte[] buf;
        private long start;
        private int from = -1;
        private int to = -1;
        private int window = 1;
        /** The cursor's buffer for the raw bytes of a mapped block it walks into (see {@link #loadMappedBlock}). */
        private byte[] scratch;

        Readahead(int maxWindow) {
            this.maxWindow = maxWindow;
        }

        /** After a seek: the next miss reads one block, and the window grows from there. */
        void reset() {
            window = 1;
        }
    }

    /**
     * Data block {@code i} for a cursor (copied even where point lookups read in place: a cursor
     * decodes every entry, and per-byte reads from the map measured slower than one bulk copy, E
     * 31-32k vs 39-45k ops/s): from the cache, else read together with up to the window's
     * following blocks in one I/O. With {@code fillCache} false (compaction) nothing is inserted
     * into the cache, so a table scan does not push out the blocks point reads keep hot. A mapped
     * table's block is read alone (a memory copy into the cursor's reused buffer), and a cursor caches
     * it only if it had to be decompressed: an uncompressed one costs less to copy again than to insert
     * (which evicts), so a block known to be stored uncompressed is not looked up in the cache at all.
     */
    Block dataBlock(int i, Readahead ra, boolean fillCache) throws IOException {
        checkOpen();
        if (mapped) {
            if (readsInPlace(i)) {
                return loadMappedBlock(i, fillCache, ra);
            }
            Block b = fillCache ? cache.lookup(owner, i) : cache.peek(owner, i);
            if (b == null) {
                b = loadMappedBlock(i, fillCache, ra);
            }
            return b;
        }
        if (!fillCache) {
            Block b = cache.peek(owner, i);
            return b != null ? b : loadAhead(i, ra);
        }
        return cache.get(owner, i, () -> loadAhead(i, ra));
    }

    private Block loadAhead(int i, Readahead ra) throws IOException {
        if (i < ra.from || i >= ra.to) {
            long start = blocks[i].offset();
            int to = i + 1;
            int laneEnd = i < dataBlocks ? dataBlocks : blocks.length; // a cursor walks one sequence
            while (to < laneEnd && to - i < ra.window && blocks[to].end() - start <= MAX_READAHEAD_BYTES) {
                to++;
            }
            ra.window = Math.min(ra.window * 2, ra.maxWindow);
            if (to - i == 1) {
                ra.buf = null;
                ra.from = -1;
                ra.to = -1;
                return loadDataBlock(blocks[i]);
            }
            long end = blocks[to - 1].end();
            if (end > size) {
                return loadDataBlock(blocks[to - 1]); // reports the block that runs past the end
            }
            ra.buf = in.read(start, (int) (end - start));
            ra.start = start;
            ra.from = i;
            ra.to = to;
        }
        TableFormat.BlockHandle h = blocks[i];
        int off = (int) (h.offset() - ra.start);
        return decodeDataBlock(java.util.Arrays.copyOfRange(ra.buf, off, off + h.length() + TableFormat.TRAILER_SIZE),
                h);
    }

    /** Index of the first data block whose last key is &gt;= target, or {@link #dataBlocks()}. */
    int findBlock(byte[] target) {
        return findBlock(target, 0, dataBlocks, sampled);
    }

    /** Index of the first history block whose last key is &gt;= target, or {@code blockCount()}. */
    int findHistoryBlock(byte[] target) {
        return findBlock(target, dataBlocks, blocks.length, sampledHistory);
    }

    /** Index of the first block in {@code [from, n)} whose last key is &gt;= target, or {@code n}. */
    private int findBlock(byte[] target, int from, int n, long[] sampled) {
        // outside the shared prefix every block compares the same way
        byte[] any = lastKeys[0];
        int c = java.util.Arrays.compareUnsigned(target, 0, Math.min(common, target.length), any, 0, common);
        if (c != 0 || target.length < common) {
            return c > 0 ? n : from;
        }
        long fp = fingerprint(target, common);
        // first block whose fingerprint is >= fp: every block before it has a smaller last key
        int lo = from;
        int hi = n;
        if (sampled != null) {
            int j = lowerBound(sampled, 0, sampled.length, fp); // fingerprints[from + (j - 1) * SAMPLE] < fp <= fingerprints[from + j * SAMPLE]
            lo = j == 0 ? from : from + (j - 1) * SAMPLE + 1;
            hi = j == sampled.length ? n : from + j * SAMPLE;
        }
        lo = lowerBound(fingerprints, lo, hi, fp);
        // among blocks with an equal fingerprint, compare whole keys
        hi = lo;
        while (hi < n && fingerprints[hi] == fp) {
            if (hi - lo >= 8) {
                return findAmongEqual(target, lo, n, fp);
            }
            hi++;
        }
        while (lo < hi && InternalKeys.compare(lastKeys[lo], target) < 0) {
            lo++;
        }
        return lo;
    }

    /** The first index in {@code [lo, hi)} whose value is &gt;= {@code fp} (unsigned), or {@code hi}. */
    private static int lowerBound(long[] a, int lo, int hi, long fp) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[mid], fp) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int findAmongEqual(byte[] target, int from, int n, long fp) {
        int end = from;
        int step = 1;
        while (end < n && fingerprints[end] == fp) { // gallop to the end of the run
            end = Math.min(n, end + step);
            step <<= 1;
        }
        int lo = from;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fingerprints[mid] == fp && InternalKeys.compare(lastKeys[mid], target) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Data and history blocks. */
    int blockCount() {
        return blocks.length;
    }

    /** The data blocks are {@code [0, dataBlocks())}, the history blocks the rest. */
    int dataBlocks() {
        return dataBlocks;
    }

    /** Number of history blocks: entries after the first (newest) of each key (format 5; 0 in older formats). */
    public int historyBlocks() {
        return blocks.length - dataBlocks;
    }

    String name() {
        return name;
    }

    public long tableId() {
        return tableId;
    }

    public TableProperties properties() {
        return props;
    }

    public TableMeta meta() {
        return new TableMeta(tableId, size, props);
    }

    /** Bloom and key-range check: false means no version of {@code prefix} is in this table. */
    public boolean mayContain(byte[] prefix) {
        return bloom.mayContain(BloomFilter.hash(prefix, 0, prefix.length)) && meta().mayContainPrefix(prefix);
    }

    /** Bloom check only (for measuring the filter). */
    public boolean bloomMayContain(byte[] prefix) {
        return bloom.mayContain(BloomFilter.hash(prefix, 0, prefix.length));
    }

    /**
     * The newest entry of {@code prefix} with version &lt;= {@code cap}, tombstones included
     * (a tombstone answers "deleted", which stops a caller from looking in older tables);
     * null if this table has none.
     */
    public TableEntry get(byte[] prefix, long cap) throws IOException {
        checkOpen();
        try {
            BlockCursor c = newest(InternalKeys.of(prefix, cap), prefix.length);
            return c == null ? null : new TableEntry(c.key(), value(c), c.tombstone(), c.timestampMicros());
        } catch (InternalError fault) {
            throw mapFault(fault);
        }
    }

    /**
     * The read path's point lookup: for {@code seek} = prefix · ~cap, the newest entry of that prefix
     * with version &lt;= cap as a source entry (tombstones have a null value), or null.
     */
    SourceEntry newestAtOrBelow(byte[] seek) throws IOException {
        checkOpen();
        try {
            BlockCursor c = newest(seek, seek.length - InternalKeys.SUFFIX);
            return c == null ? null : new SourceEntry(c.key(), c.tombstone() ? null : value(c), c.timestampMicros());
        } catch (InternalError fault) {
            throw mapFault(fault);
        }
    }

    /**
     * Bloom check, block search and seek: a block cursor on the newest entry of {@code seek}'s prefix
     * with version &lt;= its cap, or null. The entry is read from the cursor (in place: from the map).
     */
    private BlockCursor newest(byte[] seek, int prefixLength) throws IOException {
        if (!bloom.mayContain(BloomFilter.hash(seek, 0, prefixLength))) {
            return null;
        }
        long cap = InternalKeys.version(seek);
        if (blocks.length == dataBlocks || cap >= props.maxVersion()) {
            return seekIn(findBlock(seek), dataBlocks, seek, prefixLength); // the newest entry is the answer
        }
        // below the table's highest version: the key's newest entry, if it is above the cap, hides the answer
        byte[] newestKey = InternalKeys.of(java.util.Arrays.copyOf(seek, prefixLength), Long.MAX_VALUE);
        BlockCursor c = seekIn(findBlock(newestKey), dataBlocks, newestKey, prefixLength);
        if (c == null || InternalKeys.version(c.keyArray(), c.keyLength()) <= cap) {
            return c;
        }
        return seekIn(findHistoryBlock(seek), blocks.length, seek, prefixLength);
    }

    /**
     * A cursor on the first entry &gt;= {@code seek} in block {@code b} of a sequence ending at block {@code end},
     * if that entry has {@code seek}'s prefix; else null.
     */
    private BlockCursor seekIn(int b, int end, byte[] seek, int prefixLength) throws IOException {
        if (b >= end) {
            return null;
        }
        BlockCursor c = readsInPlace(b) ? InPlaceBlock.cursor(inPlace, blocks[b], name) : dataBlock(b).cursor();
        c.seek(seek);
        if (!c.valid()) {
            throw new CorruptionException(name, blocks[b].offset(), "data block ends before its index key");
        }
        return c.hasPrefix(seek, prefixLength) ? c : null;
    }

    /** The value of a block cursor's entry of this table: its value field, or the value that field refers to. */
    byte[] value(BlockCursor c) throws IOException {
        return value(c, null);
    }

    /** As {@link #value(BlockCursor)}, keeping the last compressed value block read in {@code memo} (may be null). */
    byte[] value(BlockCursor c, TableValues.ValueMemo memo) throws IOException {
        return values.value(c, memo);
    }

    /** Whether data block {@code b} is verified and stored uncompressed in the map. */
    private boolean readsInPlace(int b) {
        return plain != null && (plain[b >>> 6] & (1L << b)) != 0;
    }

    /**
     * A cursor over data block {@code b} for a seek: read in place when the block is verified and stored
     * uncompressed in the map, else as {@link #dataBlock(int, Readahead, boolean)} loads it.
     */
    BlockCursor seekCursor(int b, Readahead ra, boolean fillCache) throws IOException {
        checkOpen();
        return readsInPlace(b) ? InPlaceBlock.cursor(inPlace, blocks[b], name) : dataBlock(b, ra, fillCache).cursor();
    }

    /** A read's fault in the map (the file shrank under it), as an I/O error. */
    IOException mapFault(InternalError fault) {
        return new IOException("reading " + name + " in place failed: the file was truncated or changed on disk "
                + "while mapped (" + fault.getMessage() + ")", fault);
    }

    /** A new cursor over all entries. The caller closes it. */
    public EntryCursor cursor() {
        return cursor(true);
    }

    /**
     * A new cursor over all entries; with {@code fillCache} false the blocks it reads are not
     * added to the block cache (for compaction, which reads each block once). The caller closes it.
     */
    public EntryCursor cursor(boolean fillCache) {
        checkOpen();
        return new TableCursor(this, fillCache, false);
    }

    /**
     * Read every block and check the whole object: checksums, ordering of keys within and across
     * blocks, entry and tombstone counts and version bounds against the properties, and (format 5) that
     * the data blocks hold the first entry of each key and the history blocks only later ones.
     */
    public void verify() throws IOException {
        checkOpen();
        int[] valueLengths = values.verifyBlocks(); // every value block's checksum, then each reference's bounds
        long[] counts = new long[2]; // entries, tombstones
        verifySequence(0, dataBlocks, valueLengths, counts);
        verifySequence(dataBlocks, blocks.length, valueLengths, counts);
        if (counts[0] != props.entries() || counts[1] != props.tombstones()) {
            throw new CorruptionException(name, 0, "found " + counts[0] + " entries / " + counts[1]
                    + " tombstones, properties say " + props.entries() + " / " + props.tombstones());
        }
        if (blocks.length > dataBlocks) {
            verifyMerge();
        }
    }

    /** Checks blocks {@code [from, to)}, one sorted sequence, and adds their entry and tombstone counts. */
    private void verifySequence(int from, int to, int[] valueLengths, long[] counts) throws IOException {
        byte[] prev = null;
        for (int i = from; i < to; i++) {
            Block.Cursor c = loadDataBlock(blocks[i]).cursor();
            byte[] last = null;
            for (c.seekToFirst(); c.valid(); c.next()) {
                byte[] k = c.key();
                if (prev != null && InternalKeys.compare(prev, k) >= 0) {
                    throw new CorruptionException(name, blocks[i].offset(), "keys out of order");
                }
                if (historyApart && i < dataBlocks && prev != null && InternalKeys.samePrefix(prev, k)) {
                    throw new CorruptionException(name, blocks[i].offset(), "a data block holds an older version");
                }
                long v = InternalKeys.version(k);
                if (v < props.minVersion() || v > props.maxVersion()) {
                    throw new CorruptionException(name, blocks[i].offset(), "version " + v
                            + " outside the table's range");
                }
                if (i == 0 && prev == null && !java.util.Arrays.equals(k, props.smallestKey())) {
                    throw new CorruptionException(name, blocks[i].offset(), "first key differs from properties");
                }
                values.verifyReference(c, valueLengths);
                prev = k;
                last = k;
                counts[0]++;
                if (c.tombstone()) {
                    counts[1]++;
                }
            }
            if (last == null || !java.util.Arrays.equals(last, lastKeys[i])) {
                throw new CorruptionException(name, blocks[i].offset(), "block's last key differs from the index");
            }
        }
    }

    /** Format 5: in merged order, each key's entries start in the data blocks and go on in the history blocks. */
    private void verifyMerge() throws IOException {
        try (TableCursor c = new TableCursor(this, false, false)) {
            byte[] prev = null;
            for (c.seekToFirst(); c.valid(); c.next()) {
                byte[] k = c.key();
                boolean older = prev != null && InternalKeys.samePrefix(prev, k);
                if (prev != null && InternalKeys.compare(prev, k) >= 0 || older != c.inHistory()) {
                    throw new CorruptionException(name, 0, "an entry of the history blocks is not an older version "
                            + "of a data block entry (or a data block entry is one)");
                }
                prev = k;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("table reader for " + name + " is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            cache.evictOwner(owner);
            in.close();
        }
    }
}
