package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.UnsupportedFormatException;

import java.util.zip.CRC32C;

/**
 * The on-disk layout of a sorted table (format version 5). All integers big-endian.
 *
 * <pre>
 * header  (12 B)  the common {@link FormatHeader}: magic "STRA" · kind TABLE · format version · crc32c
 * data, history and value blocks, interleaved in the order they filled
 *                 each: stored payload · block type u8 · compression u8 · crc32c(payload · type · compression)
 * history index   (format 5, only if there are history blocks) an index block over the history blocks
 * bloom block     payload: hash count u8 · bit array
 * props block     payload: {@link TableProperties} · value block count varint · per value block: offset varint ·
 *                 length varint (format 3; formats 1 and 2 end after the properties and have no value blocks) ·
 *                 history block count varint · if not 0: history index offset varint · length varint (format 5)
 * index block     a data-block-format block mapping each data block's last key to (offset, length)
 * footer  (48 B)  index handle (offset u64 · length u32) · bloom handle · props handle ·
 *                 kind u8 (TABLE code) · reserved u8 · crc32c(previous 38 B) · format version u16 · magic "STBL"
 *                 (the version is outside the checksum: a reader requires it to equal the header's)
 * </pre>
 *
 * Block payload of data and index blocks: entries {@code shared varint · unshared varint ·
 * value length varint · flags u8 · commit timestamp varint · key suffix · value}, then restart offsets (u32 each) and their
 * count (u32). Keys at restart points are stored whole. Flag bit 0 marks a tombstone. Flag bit 1
 * (format 3) marks a value stored apart: the entry's value field is a reference
 * {@code value block number varint · offset in its payload varint · length varint}. The writer stores
 * apart every value but the first (newest) of each key within the table, when it is at least
 * {@link #SEPARATE_MIN_VALUE} bytes: older versions are kept for time travel, and keeping their values
 * out of the data blocks keeps those dense with the newest versions a current read or scan wants.
 * Format 5 goes further: the data blocks hold only the first (newest) entry of each key in the table, and
 * every later entry of a key goes to the history blocks, which have the data blocks' format and an index of
 * their own. A read at or above the table's highest version needs the data blocks alone; an older one merges
 * the two sequences (each sorted; together, every key's entries in internal-key order). Formats 1-4 have no
 * history blocks: every entry is in the data blocks.
 * A value block's payload is the values back to back. Flag bit 2 (format 4) marks a value in a blob file
 * ({@link BlobFiles}): the value field is {@code blob file id varint · offset varint · length varint}.
 * Compaction writes older versions' values there once, and later compactions copy only the reference;
 * the properties list the blob files a table refers to ({@link TableProperties#blobIds()}).
 * Flag values are exclusive: an entry is plain (0), a tombstone (1), stored apart (2) or in a blob file (4).
 * Compression 0 = none; 1 = LZ4 block format, where the stored payload is
 * {@code uncompressed length varint · LZ4 block} (the checksum covers the stored bytes); other
 * codes are rejected.
 * The sections tile the object exactly; readers check that, so every byte is covered by a checksum.
 */
final class TableFormat {
    static final int MAGIC = 0x5354424C; // "STBL"
    static final int KIND_TABLE = ObjectKind.TABLE.code();
    /**
     * Written: 5 (older versions in history blocks). Read: 1 (classic bloom filter), 2, 3 (older versions' values in
     * value blocks), 4 (entries may refer to blob files) and 5.
     */
    static final int FORMAT_VERSION = 5;
    /** The first format with value blocks (and their list after the properties). */
    static final int VALUE_BLOCKS_SINCE = 3;
    /** The first format with history blocks (and their count and index handle after the value block list). */
    static final int HISTORY_BLOCKS_SINCE = 5;
    static final int OLDEST_READABLE_VERSION = 1;
    static final int HEADER_SIZE = FormatHeader.LENGTH;
    static final int FOOTER_SIZE = 48;
    static final int TRAILER_SIZE = 6;

    static final int BLOCK_DATA = 1;
    static final int BLOCK_INDEX = 2;
    static final int BLOCK_BLOOM = 3;
    static final int BLOCK_PROPS = 4;
    static final int BLOCK_VALUES = 5;
    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_LZ4 = 1;
    /** Largest decompressed block accepted (a value is at most 16 MiB). */
    static final int MAX_BLOCK_BYTES = 64 << 20;

    static final int FLAG_TOMBSTONE = 1;
    static final int FLAG_SEPARATE = 2;
    static final int FLAG_BLOB = 4;
    /** Smallest older-version value the writer stores in a value block (a reference costs 3-8 bytes). */
    static final int SEPARATE_MIN_VALUE = 64;

    private TableFormat() {
    }

    /**
     * Whether an entry's flags and value length go together: no flags, a tombstone without a value, or
     * a value stored apart (a non-empty reference). A tombstone is never stored apart.
     */
    static boolean flagsValid(int flags, int valueLength) {
        return flags == 0 || (flags == FLAG_TOMBSTONE && valueLength == 0)
                || ((flags == FLAG_SEPARATE || flags == FLAG_BLOB) && valueLength > 0);
    }

    /** Whether {@code flags} is one of the entry kinds: plain, tombstone, stored apart, in a blob file. */
    static boolean knownFlags(int flags) {
        return flags == 0 || flags == FLAG_TOMBSTONE || flags == FLAG_SEPARATE || flags == FLAG_BLOB;
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static String blockName(int type) {
        return switch (type) {
            case BLOCK_DATA -> "data";
            case BLOCK_INDEX -> "index";
            case BLOCK_BLOOM -> "bloom";
            case BLOCK_PROPS -> "properties";
            case BLOCK_VALUES -> "value";
            default -> "type " + type;
        };
    }

    /** Location of a block's payload; the trailer follows it. */
    record BlockHandle(long offset, int length) {
        long end() {
            return offset + length + TRAILER_SIZE;
        }
    }

    static byte[] header() {
        return new FormatHeader(ObjectKind.TABLE, FORMAT_VERSION).encode();
    }

    /** Checks the header (checksummed) and returns its format version. */
    static int checkHeader(byte[] h, String object) throws CorruptionException {
        return FormatHeader.check(object, h, ObjectKind.TABLE, OLDEST_READABLE_VERSION, FORMAT_VERSION);
    }

    /** @param version the table's format version (the footer's) */
    record Footer(BlockHandle index, BlockHandle bloom, BlockHandle props, int version) {
    }

    static byte[] footer(Footer f) {
        ByteSink s = new ByteSink(FOOTER_SIZE);
        for (BlockHandle h : new BlockHandle[] {f.index, f.bloom, f.props}) {
            s.putLong(h.offset());
            s.putInt(h.length());
        }
        s.put(KIND_TABLE);
        s.put(0);
        s.putInt(crc(s.array(), 0, 38));
        s.putShort(FORMAT_VERSION);
        s.putInt(MAGIC);
        return s.toByteArray();
    }

    /** Parse the footer: magic first, then version (so a newer format is reported as such), then checksum. */
    static Footer readFooter(byte[] f, String object, long at) throws CorruptionException {
        ByteReader r = new ByteReader(f, 0, f.length, object, at);
        r.position(FOOTER_SIZE - 4);
        int magic = r.getInt();
        if (magic != MAGIC) {
            throw new CorruptionException(object, at + FOOTER_SIZE - 4, "bad footer magic 0x"
                    + Integer.toHexString(magic) + ", not a Strata table or truncated");
        }
        r.position(FOOTER_SIZE - 6);
        int version = r.getShort();
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new UnsupportedFormatException(object, at + FOOTER_SIZE - 6, "table format version "
                    + version + " is not supported (this build reads versions " + OLDEST_READABLE_VERSION + " to "
                    + FORMAT_VERSION + ")");
        }
        r.position(38);
        if (r.getInt() != crc(f, 0, 38)) {
            throw new CorruptionException(object, at + 38, "footer checksum mismatch");
        }
        r.position(0);
        BlockHandle[] hs = new BlockHandle[3];
        for (int i = 0; i < 3; i++) {
            long off = r.getLong();
            int len = r.getInt();
            if (off < HEADER_SIZE || len < 0) {
                throw new CorruptionException(object, at + 12L * i, "impossible block handle " + off + "+" + len);
            }
            hs[i] = new BlockHandle(off, len);
        }
        int kind = r.get();
        if (kind != KIND_TABLE) {
            throw new UnsupportedFormatException(object, at + 36, "object kind " + kind + " is not a sorted table");
        }
        return new Footer(hs[0], hs[1], hs[2], version);
    }

    /** Append the trailer (type, compression, crc) to a finished payload in {@code s}. */
    static void seal(ByteSink s, int type, int compression) {
        s.put(type);
        s.put(compression);
        s.putInt(crc(s.array(), 0, s.length()));
    }

    /**
     * Verify a raw block (payload + trailer) read at {@code handle} and return its payload.
     */
    static byte[] unseal(byte[] raw, BlockHandle handle, int expectedType, String object)
            throws CorruptionException {
        int n = handle.length();
        if (checkTrailer(raw, handle, expectedType, object) == COMPRESSION_LZ4) {
            return decompress(raw, handle, object);
        }
        return n == raw.length ? raw : java.util.Arrays.copyOf(raw, n);
    }

    /**
     * Verify a raw block's checksum, type and compression code; returns the compression code
     * ({@link #COMPRESSION_NONE}: the payload is {@code raw[0, handle.length())} as stored).
     */
    static int checkTrailer(byte[] raw, BlockHandle handle, int expectedType, String object)
            throws CorruptionException {
        return checkTrailer(raw, handle, expectedType, object, true);
    }

    /** As above; {@code checksum} false skips only the CRC (the bytes were verified before, see TableReader). */
    static int checkTrailer(byte[] raw, BlockHandle handle, int expectedType, String object, boolean checksum)
            throws CorruptionException {
        int n = handle.length();
        int stored = ((raw[n + 2] & 0xff) << 24) | ((raw[n + 3] & 0xff) << 16) | ((raw[n + 4] & 0xff) << 8)
                | (raw[n + 5] & 0xff);
        if (checksum && stored != crc(raw, 0, n + 2)) {
            throw new CorruptionException(object, handle.offset(), blockName(expectedType)
                    + " block checksum mismatch (block of " + n + " bytes)");
        }
        int type = raw[n] & 0xff;
        if (type != expectedType) {
            throw new CorruptionException(object, handle.offset() + n, "expected a " + blockName(expectedType)
                    + " block, found " + blockName(type));
        }
        int compression = raw[n + 1] & 0xff;
        if (compression != COMPRESSION_LZ4 && compression != COMPRESSION_NONE) {
            throw new UnsupportedFormatException(object, handle.offset() + n + 1, "block compression "
                    + compression + " is not supported by this build");
        }
        return compression;
    }

    /** The decompressed payload of a verified LZ4 block. */
    static byte[] decompress(byte[] raw, BlockHandle handle, String object) throws CorruptionException {
        ByteReader r = new ByteReader(raw, 0, handle.length(), object, handle.offset());
        int size = r.getVarInt(MAX_BLOCK_BYTES);
        return Lz4Block.decompress(raw, r.position(), handle.length(), size, object, handle.offset() + r.position());
    }
}
