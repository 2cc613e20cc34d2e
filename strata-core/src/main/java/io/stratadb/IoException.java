package io.stratadb;

/** An I/O or storage failure, including detected corruption (the message names the object and offset). */
public class IoException extends StrataException {
    public IoException(String message) {
        super(message);
    }

    public IoException(String message, Throwable cause) {
        super(message, cause);
    }
}
