package io.stratadb;

/** A concurrency conflict: an optimistic transaction's read or write set changed, or a strict merge found conflicts. */
public class ConflictException extends StrataException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
