package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/**
 * Where table objects live, addressed by table id. This is the narrow seam between the LSM
 * layer and backend I/O + object layout (owned by the durable layer): the runtime adapts its
 * backend to this interface, mapping a table id to its layout name (e.g. {@code tables/000042.sst}).
 *
 * <p>Implementations must be thread-safe. {@link TableOutput#finish()} must make the object
 * durable (write, fsync, publish) before returning; a table that was never finished must not
 * become visible under its name.
 */
public interface TableStore {
    /** Start writing a new table object; fails if it already exists. */
    TableOutput create(long tableId) throws IOException;

    /** Open an existing table object for positional reads. */
    TableInput open(long tableId) throws IOException;

    /** Delete a table object; deleting a missing object is not an error. */
    void delete(long tableId) throws IOException;

    /**
     * The store of the blob files that this store's tables refer to ({@link BlobFiles}): the same interface,
     * over objects named apart from the tables (ids come from the same counter).
     *
     * @throws UnsupportedOperationException if this store keeps no blob files
     */
    TableStore blobs();

    /** Sequential writer of one table object. Not thread-safe. */
    interface TableOutput extends AutoCloseable {
        /** Object name, for error messages. */
        String name();

        void write(byte[] b, int off, int len) throws IOException;

        /** Make the whole object durable and visible under its name. */
        void finish() throws IOException;

        /** Abandon an unfinished object (removes partial data); no-op after finish; idempotent. */
        @Override
        void close() throws IOException;
    }

    /** Positional reader of one immutable table object. Thread-safe. */
    interface TableInput extends AutoCloseable {
        /** Object name, for error messages. */
        String name();

        long size() throws IOException;

        /**
         * Read exactly {@code len} bytes at {@code offset}.
         *
         * @throws IOException (an {@link java.io.EOFException} or corruption) if the object is shorter
         */
        byte[] read(long offset, int len) throws IOException;

        /** As {@link #read(long, int)}, into {@code dst[0, len)} (see {@code RangeReader.read(long, int, byte[])}). */
        default void read(long offset, int len, byte[] dst) throws IOException {
            System.arraycopy(read(offset, len), 0, dst, 0, len);
        }

        /** Whether reads are memory copies from a map (no read-ahead needed). */
        default boolean mapped() {
            return false;
        }

        /** Mapped inputs: the whole object for reads in place (see {@code RangeReader.buffer}), else null. */
        default java.nio.ByteBuffer buffer() {
            return null;
        }

        @Override
        void close() throws IOException;
    }
}
