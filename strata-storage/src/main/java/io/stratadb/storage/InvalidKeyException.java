package io.stratadb.storage;

/** A key, range or argument that storage cannot accept (null, empty, too long, out of range). */
public class InvalidKeyException extends StorageException {
    public InvalidKeyException(String message) {
        super(message);
    }
}
