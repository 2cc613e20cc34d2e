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

    /** Whether a read is a memory copy (no I/O call), so reading ahead buys nothing. */
    default boolean mapped() {
        return false;
    }
}
