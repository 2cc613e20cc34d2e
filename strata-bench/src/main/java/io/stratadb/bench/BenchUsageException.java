package io.stratadb.bench;

/** A bad command line: the message names the option and what was wrong. */
public final class BenchUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchUsageException(String message) {
        super(message);
    }
}
