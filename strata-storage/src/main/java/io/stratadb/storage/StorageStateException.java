package io.stratadb.storage;

/**
 * The storage is not in a state that allows the call: closed, read-only, or degraded after a
 * background failure (the cause is attached), or a transaction that was already finished.
 */
public class StorageStateException extends StorageException {
    public StorageStateException(String message) {
        super(message);
    }

    public StorageStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
