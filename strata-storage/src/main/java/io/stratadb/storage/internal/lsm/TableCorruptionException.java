package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/**
 * A table object failed verification: bad magic, checksum mismatch, impossible structure.
 * The message always names the object and the byte offset where the problem was found.
 * Thrown by every reader in this package; never retried silently.
 */
public class TableCorruptionException extends IOException {
    private final String object;
    private final long offset;

    public TableCorruptionException(String object, long offset, String problem) {
        super("corrupt table " + object + " at offset " + offset + ": " + problem);
        this.object = object;
        this.offset = offset;
    }

    /** Name of the corrupt object. */
    public String object() {
        return object;
    }

    /** Byte offset in the object where the problem was detected. */
    public long offset() {
        return offset;
    }
}
