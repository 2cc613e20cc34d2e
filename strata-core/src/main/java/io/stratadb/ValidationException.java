package io.stratadb;

/** Invalid input: bad key, name, path, value, limit, type mismatch. */
public class ValidationException extends StrataException {
    public ValidationException(String message) {
        super(message);
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
