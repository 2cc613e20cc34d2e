package io.stratadb.storage.internal.backend;

import java.io.Closeable;
import java.io.IOException;

/**
 * Repeated positional reads of one object that is not written while the reader is open (an
 * immutable table). Implementations may hold the object open, so close it before deleting the
 * object. Thread-safe.
 */
public interface RangeReader extends Closeable {
    /** {@code length} bytes at {@code offset}, as {@link Backend#readRange}. */
    byte[] read(long offset, int length) throws IOException;

    /**
     * As {@link #read(long, int)}, into {@code dst[0, length)} (which must be long enough): a reader that
     * reads many ranges one after another reuses one buffer instead of a new zeroed array each time.
     */
    default void read(long offset, int length, byte[] dst) throws IOException {
        System.arraycopy(read(offset, length), 0, dst, 0, length);
    }

    /**
     * The argument and bounds check every range read makes: {@code IllegalArgumentException} for a negative
     * offset or length, {@link java.io.EOFException} for a range past {@code size}, both naming the object.
     */
    static void checkRange(String name, long size, long offset, int length) throws java.io.EOFException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range offset=" + offset + " length=" + length + " of " + name);
        }
        if (offset + length > size) {
            throw new java.io.EOFException("range [" + offset + ", " + (offset + length) + ") past the end (" + size
                    + " bytes) of " + name);
        }
    }

    /** Whether a read is a memory copy (no I/O call), so reading ahead buys nothing. */
    default boolean mapped() {
        return false;
    }

    /**
     * A read-only view of the whole mapped object for reading in place with absolute gets, or null
     * if not mapped. After {@link #close()} its gets throw {@link IllegalStateException}; a fault in
     * the map (the file shrank) surfaces as the JVM's {@link InternalError}.
     */
    default java.nio.ByteBuffer buffer() {
        return null;
    }
}
