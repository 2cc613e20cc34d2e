package io.stratadb.storage.internal.record;

import java.io.IOException;

/**
 * A durable object failed a format check: bad magic, unknown kind or version, checksum mismatch,
 * impossible length. The message always names the object and the byte offset where the problem was
 * found, so an operator can locate it.
 */
public class CorruptionException extends IOException {
    private final String object;
    private final long offset;

    public CorruptionException(String object, long offset, String detail) {
        super("corrupt object '" + object + "' at offset " + offset + ": " + detail);
        this.object = object;
        this.offset = offset;
    }

    public CorruptionException(String object, long offset, String detail, Throwable cause) {
        this(object, offset, detail);
        initCause(cause);
    }

    /** The object (layout name) that is corrupt. */
    public String object() {
        return object;
    }

    /** The byte offset inside the object where the problem was detected. */
    public long offset() {
        return offset;
    }
}
