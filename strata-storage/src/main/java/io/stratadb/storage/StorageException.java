package io.stratadb.storage;

/**
 * Root of the storage layer's unchecked exceptions. The engine translates these into the
 * public {@code StrataException} family; nothing above the engine sees them.
 */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
