package io.stratadb.storage.internal.backend;

import java.io.Closeable;
import java.io.IOException;

/**
 * An open object receiving appends (a WAL segment). Appended bytes are visible to readers at once
 * and durable after {@link #sync()}. {@link #append} is called by one thread at a time; {@link #sync} may
 * run concurrently with an append and then covers at least what was appended before it started;
 * {@link #size} may be read from any thread. {@link #close()} is idempotent
 * and does not sync.
 */
public interface Appender extends Closeable {
    /** Appends {@code data}; returns the offset it was written at. */
    long append(byte[] data) throws IOException;

    /**
     * Appends {@code data[off, off + len)}; returns the offset it was written at. The caller may reuse
     * {@code data} once this returns. This default copies the range and calls {@link #append(byte[])}.
     */
    default long append(byte[] data, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        return append(java.util.Arrays.copyOfRange(data, off, off + len));
    }

    /** Makes everything appended so far (and the object's existence) durable. */
    void sync() throws IOException;

    /** Current size in bytes. */
    long size();

    /** The object name. */
    String name();
}
