package io.stratadb.storage;

import java.io.IOException;

/**
 * An I/O failure or detected corruption below the storage boundary. The cause is the original
 * {@link IOException}; for corruption its message names the object and the offset.
 */
public class StorageIOException extends StorageException {
    public StorageIOException(String message, IOException cause) {
        super(message, cause);
    }
}
