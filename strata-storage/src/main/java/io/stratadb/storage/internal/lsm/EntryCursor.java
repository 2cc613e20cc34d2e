package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/**
 * A positioned, seekable cursor over internal-key-ordered entries (a table, a merge of
 * several sources, ...). Starts unpositioned: call {@link #seekToFirst()} or {@link #seek}.
 * Accessors are only valid while {@link #valid()}; returned arrays must not be modified.
 * Not thread-safe: one cursor per reading thread. I/O and corruption surface as
 * {@link IOException} from the moving methods.
 */
public interface EntryCursor extends AutoCloseable {
    /** Position at the first entry. */
    void seekToFirst() throws IOException;

    /** Position at the first entry whose key is &gt;= {@code target} (unsigned order). */
    void seek(byte[] target) throws IOException;

    /** True while positioned on an entry. */
    boolean valid();

    /** Internal key of the current entry. */
    byte[] key();

    /** Value of the current entry (empty for a tombstone). */
    byte[] value();

    /** True if the current entry is a deletion marker. */
    boolean tombstone();

    /** Commit timestamp (µs) of the current entry. */
    long timestampMicros();

    /** Move to the next entry; afterwards {@link #valid()} may be false. */
    void next() throws IOException;

    /**
     * For an entry whose value is in a blob file: the reference to it (a {@link TableFormat#FLAG_BLOB} entry's
     * value field), so that compaction can copy it without reading the value; null otherwise.
     */
    default byte[] blobReference() {
        return null;
    }

    /** The current entry as a record. */
    default TableEntry entry() {
        return new TableEntry(key(), value(), tombstone(), timestampMicros());
    }

    /** Release resources; idempotent. */
    @Override
    void close();
}
