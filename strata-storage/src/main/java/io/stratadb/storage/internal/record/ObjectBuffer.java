package io.stratadb.storage.internal.record;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds an immutable object in memory: {@link FormatHeader}, then raw bytes and/or framed
 * records, then {@link #finish()} appends the {@link FormatFooter} and returns the bytes ready for a
 * backend {@code write} or {@code publish}. The running crc32c is kept incrementally. Not
 * thread-safe; single use.
 */
public final class ObjectBuffer {
    private byte[] buf = new byte[256];
    private int size;
    private final CRC32C crc = new CRC32C();
    private boolean finished;

    public ObjectBuffer(FormatHeader header) {
        put(header.encode());
    }

    /** Appends raw bytes; returns the offset they start at. */
    public int put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    /** Appends {@code bytes[off, off+len)}; returns the offset they start at. */
    public int put(byte[] bytes, int off, int len) {
        if (finished) {
            throw new IllegalStateException("object already finished");
        }
        if (size + len > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + len);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("object larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
        System.arraycopy(bytes, off, buf, size, len);
        crc.update(bytes, off, len);
        int at = size;
        size += len;
        return at;
    }

    /** Appends one framed record; returns the offset of its frame. */
    public int putRecord(byte[] payload) {
        return put(RecordFraming.frame(payload));
    }

    /** Bytes written so far (header included, footer not). */
    public int size() {
        return size;
    }

    /** Appends the footer and returns the complete object. */
    public byte[] finish() {
        byte[] footer = FormatFooter.encode(size, crc);
        put(footer);
        finished = true;
        return Arrays.copyOf(buf, size);
    }
}
