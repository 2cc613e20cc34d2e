package io.stratadb;

/** An entity that must exist does not (branch, collection, space, transaction...). Reading a missing item returns empty instead. */
public class NotFoundException extends StrataException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
