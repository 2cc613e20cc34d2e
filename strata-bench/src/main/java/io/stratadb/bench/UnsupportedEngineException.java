package io.stratadb.bench;

/**
 * An engine cannot run the requested configuration in this build (e.g. a Strata durability mode
 * that has not landed yet). Suites catch it and write an "unsupported" row instead of failing.
 */
public final class UnsupportedEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedEngineException(String message) {
        super(message);
    }

    public UnsupportedEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
