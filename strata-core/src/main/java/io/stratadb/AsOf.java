package io.stratadb;

import java.time.Instant;

/**
 * A point in the past to read at: a commit version or a timestamp (µs since the epoch; the newest
 * commit at or before it). Immutable. Version 0, or a time before the first commit, sees nothing.
 *
 * @param version commit version (&gt;= 0), or null
 * @param micros  timestamp in µs since the epoch (&gt;= 0), or null; exactly one of the two is set
 */
public record AsOf(Long version, Long micros) {
    public AsOf {
        if ((version == null) == (micros == null)) {
            throw new ValidationException("as-of needs exactly one of version or timestamp, got version=" + version
                    + " micros=" + micros);
        }
        if (version != null && version < 0) {
            throw new ValidationException("as-of version must be >= 0, got " + version);
        }
        if (micros != null && micros < 0) {
            throw new ValidationException("as-of timestamp must be >= 0 µs, got " + micros);
        }
    }

    public static AsOf version(long version) {
        return new AsOf(version, null);
    }

    public static AsOf timestamp(long micros) {
        return new AsOf(null, micros);
    }

    public static AsOf instant(Instant t) {
        if (t == null) {
            throw new ValidationException("as-of instant must not be null");
        }
        return timestamp(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
    }

    @Override
    public String toString() {
        return version != null ? "version " + version : "timestamp " + micros + "µs";
    }
}
