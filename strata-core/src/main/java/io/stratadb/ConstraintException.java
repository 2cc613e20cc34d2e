package io.stratadb;

/** A constraint violation: vector dimension mismatch, non-empty space deleted without force, limits. */
public class ConstraintException extends StrataException {
    public ConstraintException(String message) {
        super(message);
    }

    public ConstraintException(String message, Throwable cause) {
        super(message, cause);
    }
}
