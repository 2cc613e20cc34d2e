package io.stratadb.internal.engine;

import io.stratadb.ValidationException;

/**
 * Which point in time a read sees: the latest commit, a commit version, or a timestamp (the newest
 * commit at or before it). A timestamp before the first commit, or version 0, sees nothing.
 */
public sealed interface AsOf {
    /** The latest commit. */
    AsOf LATEST = new Latest();

    static AsOf latest() {
        return LATEST;
    }

    /** @throws ValidationException if {@code version < 0} */
    static AsOf version(long version) {
        return new Version(version);
    }

    /** @throws ValidationException if {@code micros < 0} */
    static AsOf timestamp(long micros) {
        return new Timestamp(micros);
    }

    record Latest() implements AsOf {
    }

    record Version(long version) implements AsOf {
        public Version {
            if (version < 0) {
                throw new ValidationException("as-of version must be >= 0, got " + version);
            }
        }
    }

    record Timestamp(long micros) implements AsOf {
        public Timestamp {
            if (micros < 0) {
                throw new ValidationException("as-of timestamp must be >= 0 µs, got " + micros);
            }
        }
    }
}
