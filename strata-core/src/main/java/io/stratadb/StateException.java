package io.stratadb;

/** An invalid state transition: duplicate branch, closed database, no active transaction, degraded storage. */
public class StateException extends StrataException {
    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
