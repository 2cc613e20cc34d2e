package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob files: the values of older versions that compaction moved out of the tables, so that later
 * compactions copy a small reference instead of the value. With the default retention every version is
 * kept, and a key's history would otherwise be rewritten by every compaction it passes through.
 *
 * <pre>
 * header (12 B)   the common {@link FormatHeader}: magic "STRA" · kind BLOB_FILE · format version · crc32c
 * records         each: value bytes · crc32c(value) u32 (big-endian)
 * </pre>
 *
 * A table entry refers to a record with {@code file id varint · offset of the value varint · length varint}
 * ({@link TableFormat#FLAG_BLOB}); the table's properties list the files it refers to. A blob file is
 * written by one compaction next to one output table and made durable before that table; it is deleted when
 * no table of the live set or of a pinned set refers to it any more ({@link LsmTree}), and by recovery when
 * no live table does. Each read verifies the record's checksum and that it lies inside the file.
 *
 * <p>This class reads blob files (opened on first use, shared by all threads) and creates writers.
 * Thread-safe; a {@link Writer} is not.
 */
public final class BlobFiles implements AutoCloseable {
    static final int FORMAT_VERSION = 1;
    private final TableStore store;
    private final ConcurrentHashMap<Long, TableStore.TableInput> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param store where blob objects live ({@link TableStore#blobs()} of the table store) */
    BlobFiles(TableStore store) {
        this.store = store;
    }

    /** The value {@code reference} (a {@link TableFormat#FLAG_BLOB} entry's value field of {@code referrer}) names. */
    byte[] read(byte[] reference, String referrer) throws IOException {
        ByteReader r = new ByteReader(reference, 0, reference.length, referrer, 0);
        long id = r.getVarLong();
        long off = r.getVarLong();
        int len = r.getVarInt(Integer.MAX_VALUE - 4);
        if (r.hasMore() || off < FormatHeader.LENGTH) {
            throw new CorruptionException(referrer, 0, "bad reference to a blob file value (file " + id + ", offset "
                    + off + ")");
        }
        TableStore.TableInput in = input(id);
        long size = in.size();
        if (off > size || len + 4L > size - off) {
            throw new CorruptionException(in.name(), off, "a reference from " + referrer + " to " + len
                    + " bytes at " + off + " runs past the blob file's " + size + " bytes");
        }
        byte[] b = in.read(off, len + 4);
        int stored = ((b[len] & 0xff) << 24) | ((b[len + 1] & 0xff) << 16) | ((b[len + 2] & 0xff) << 8) | (b[len + 3] & 0xff);
        if (stored != TableFormat.crc(b, 0, len)) {
            throw new CorruptionException(in.name(), off, "checksum mismatch in the " + len
                    + "-byte value that " + referrer + " refers to");
        }
        return java.util.Arrays.copyOf(b, len);
    }

    /** The size in bytes of blob file {@code id} (opened if it is not). */
    long size(long id) throws IOException {
        return input(id).size();
    }

    /** The id of the blob file a reference names. */
    static long fileOf(byte[] reference, String referrer) throws CorruptionException {
        return new ByteReader(reference, 0, reference.length, referrer, 0).getVarLong();
    }

    /** The value length a reference names. */
    static int lengthOf(byte[] reference, String referrer) throws CorruptionException {
        ByteReader r = new ByteReader(reference, 0, reference.length, referrer, 0);
        r.getVarLong();
        r.getVarLong();
        return r.getVarInt(Integer.MAX_VALUE - 4);
    }

    private TableStore.TableInput input(long id) throws IOException {
        TableStore.TableInput in = open.get(id);
        if (in != null) {
            return in;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("blob files are closed");
            }
            in = open.get(id);
            if (in == null) {
                in = store.open(id);
                try {
                    if (in.size() < FormatHeader.LENGTH) {
                        throw new CorruptionException(in.name(), 0, "blob file of " + in.size()
                                + " bytes is shorter than its header");
                    }
                    FormatHeader.check(in.name(), in.read(0, FormatHeader.LENGTH), ObjectKind.BLOB_FILE,
                            FORMAT_VERSION, FORMAT_VERSION);
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
                open.put(id, in);
            }
            return in;
        }
    }

    /** Start a new blob file {@code id}. */
    Writer create(long id) throws IOException {
        return new Writer(store.create(id), id);
    }

    /** Closes the file (if open) and deletes its object. */
    void delete(long id) throws IOException {
        TableStore.TableInput in = open.remove(id);
        if (in != null) {
            in.close();
        }
        store.delete(id);
    }

    /** Closes every open file; failures are collected as suppressed exceptions. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        List<TableStore.TableInput> all = new ArrayList<>(open.values());
        open.clear();
        IOException first = Closing.closeEach(all, TableStore.TableInput::close, null);
        if (first != null) {
            throw first;
        }
    }

    /** Appends values to one new blob file. Not thread-safe. */
    static final class Writer implements AutoCloseable {
        private final TableStore.TableOutput out;
        private final long id;
        private final ByteSink reference = new ByteSink(16);
        private final byte[] crc = new byte[4];
        private long offset;

        private Writer(TableStore.TableOutput out, long id) throws IOException {
            this.out = out;
            this.id = id;
            byte[] h = new FormatHeader(ObjectKind.BLOB_FILE, FORMAT_VERSION).encode();
            out.write(h, 0, h.length);
            offset = h.length;
        }

        long id() {
            return id;
        }

        /** Bytes written so far. */
        long size() {
            return offset;
        }

        /** Appends {@code value}; returns the reference to it (valid once {@link #finish()} returned). */
        byte[] append(byte[] value) throws IOException {
            int c = TableFormat.crc(value, 0, value.length);
            crc[0] = (byte) (c >>> 24);
            crc[1] = (byte) (c >>> 16);
            crc[2] = (byte) (c >>> 8);
            crc[3] = (byte) c;
            reference.reset();
            reference.putVarLong(id);
            reference.putVarLong(offset);
            reference.putVarLong(value.length);
            out.write(value, 0, value.length);
            out.write(crc, 0, 4);
            offset += value.length + 4L;
            return reference.toByteArray();
        }

        /** Makes the file durable and visible under its name. */
        void finish() throws IOException {
            out.finish();
        }

        /** Abandons the file unless it was finished. */
        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
