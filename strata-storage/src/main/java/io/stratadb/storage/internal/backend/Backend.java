package io.stratadb.storage.internal.backend;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * L1: named objects under one root. Names are layout names ({@code "wal/00000000000000000001.wal"}):
 * one or more segments of {@code [A-Za-z0-9._-]} joined by {@code '/'}, validated by
 * {@link ObjectNames#check}; a name ending in {@value ObjectNames#TEMP_SUFFIX} is reserved for
 * {@link #publish} and never listed.
 *
 * <p><b>Durability contract</b> (what survives a crash or power loss):
 * <ul>
 *   <li>{@link #write}, {@link #append}, {@link #truncate} change the object at once for readers but
 *       are <i>volatile</i> until {@link #sync} of that object returns; then its content and its
 *       existence (the directory entry) are durable. A crash may drop, tear, reorder or garble any
 *       unsynced bytes.</li>
 *   <li>{@link #publish} is atomic and durable on return: after a crash the object has either its
 *       old content (or is absent) or the new content, never a mix.</li>
 *   <li>{@link #delete} is durable on return.</li>
 * </ul>
 *
 * <p><b>Errors.</b> Every method throws {@link IOException}; a missing object gives
 * {@link java.nio.file.NoSuchFileException} naming it; a bad name gives
 * {@link IllegalArgumentException}; a read past the end gives {@link java.io.EOFException}.
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe; concurrent writers of the same object
 * are the caller's problem (the layout gives every object exactly one writer).
 */
public interface Backend extends Closeable {
    /** The whole object. */
    byte[] read(String name) throws IOException;

    /** {@code length} bytes starting at {@code offset}; fails with {@link java.io.EOFException} past the end. */
    byte[] readRange(String name, long offset, int length) throws IOException;

    /**
     * A reader for many ranges of one immutable object. The default reads each range through
     * {@link #readRange}; the local file system keeps the file open instead of reopening it per read.
     */
    default RangeReader openRangeReader(String name) throws IOException {
        return new RangeReader() {
            @Override
            public byte[] read(long offset, int length) throws IOException {
                return readRange(name, offset, length);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Creates or replaces the whole object (volatile until {@link #sync}). */
    void write(String name, byte[] data) throws IOException;

    /**
     * Deletes the temporary objects a crash left behind in the middle of a {@link #publish} or an
     * {@link #openReserved} (never visible to {@link #list} or {@link #read}, they only hold space);
     * returns how many. Call only while no {@code publish} or {@code openReserved} runs on this store
     * (recovery, holding the writer lock, before the WAL opens). The default has none to delete.
     */
    default int deleteTemporaries() throws IOException {
        return 0;
    }

    /** The argument check of {@link #openReserved}: {@code reserve} in {@code 0..max}. */
    static void checkReserve(long reserve, long max) {
        if (reserve < 0 || reserve > max) {
            throw new IllegalArgumentException("reserve must be " + (max == Long.MAX_VALUE ? ">= 0" : "in 0.." + max)
                    + ", got " + reserve);
        }
    }

    /** Appends to the object, creating it if absent (volatile until {@link #sync}). Returns the offset written at. */
    long append(String name, byte[] data) throws IOException;

    /** An appender that keeps the object open for a stream of appends (a WAL segment). Creates the object if absent. */
    Appender openAppender(String name) throws IOException;

    /**
     * An appender over a new object that starts as {@code reserve} zero bytes. The object appears
     * atomically (absent, or all its zeros, with its directory entry durable) before this returns;
     * appends then overwrite those zeros from offset 0 on: {@link Appender#size()} is how far they
     * reached, while the object stays at least {@code reserve} bytes long, so {@link #read} returns the
     * appended bytes followed by zeros (a reader finds the end of the data itself, e.g. {@code WalReplay}).
     * On a file system an overwrite of allocated blocks is synced without the file-size update an
     * append makes the journal commit (on this project's ext4 test machine 9,500 vs 5,600 fsyncs/s for
     * 1 KiB records). The default ignores the reservation: a new empty object, as {@link #openAppender}.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the object exists
     */
    default Appender openReserved(String name, long reserve) throws IOException {
        checkReserve(reserve, Long.MAX_VALUE);
        if (exists(name)) {
            throw new java.nio.file.FileAlreadyExistsException(name);
        }
        return openAppender(name);
    }

    /** Shortens the object to {@code size} bytes (volatile until {@link #sync}). */
    void truncate(String name, long size) throws IOException;

    /** Makes the object's current content and existence durable. */
    void sync(String name) throws IOException;

    /** Atomically and durably replaces the object: write temp, sync, rename, sync directory. */
    void publish(String name, byte[] data) throws IOException;

    /** Names starting with {@code prefix}, sorted; temp objects excluded. */
    List<String> list(String prefix) throws IOException;

    /** Deletes the object durably; returns false if it did not exist. */
    boolean delete(String name) throws IOException;

    /** Whether the object exists. */
    boolean exists(String name) throws IOException;

    /** Size in bytes; {@link java.nio.file.NoSuchFileException} if absent. */
    long size(String name) throws IOException;

    /**
     * Tries to take an exclusive, process-wide lock on {@code name} (created if absent). Returns
     * {@code null} if another holder (this or another process) has it. The lock is released by
     * closing the returned handle or when the process dies.
     */
    ObjectLock tryLock(String name) throws IOException;

    /** A human description of where the objects live (for messages). */
    String describe();
}
