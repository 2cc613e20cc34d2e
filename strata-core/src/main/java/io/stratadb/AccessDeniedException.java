package io.stratadb;

/** The operation is not allowed here: a write to a read-only database or snapshot. */
public class AccessDeniedException extends StrataException {
    public AccessDeniedException(String message) {
        super(message);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
