package io.stratadb;

/**
 * Root of every error Strata throws: unchecked. Subclasses say what kind of problem it is:
 * {@link NotFoundException}, {@link ValidationException}, {@link ConflictException},
 * {@link StateException}, {@link ConstraintException}, {@link AccessDeniedException},
 * {@link IoException}. Messages name the bad input.
 */
public class StrataException extends RuntimeException {
    public StrataException(String message) {
        super(message);
    }

    public StrataException(String message, Throwable cause) {
        super(message, cause);
    }
}
