package io.stratadb;

import java.time.Duration;

/**
 * Which shadowed versions compaction may drop (the seed's {@code retention_apply}). The newest
 * version of every key on every branch is always kept, and so is every version a forked branch
 * still sees through its fork point. Dropping versions limits history and time travel: an as-of
 * read before the retained window may see a key as missing or older than it was. Immutable.
 *
 * @param keepLatest keep at most this many versions per key (0 = no count limit)
 * @param keepFor    keep versions younger than this (null = no age limit)
 */
public record Retention(int keepLatest, Duration keepFor) {
    private static final Retention ALL = new Retention(0, null);

    public Retention {
        if (keepLatest < 0) {
            throw new ValidationException("retention: keepLatest must be >= 0 (0 = unlimited), got " + keepLatest);
        }
        if (keepFor != null && keepFor.isNegative()) {
            throw new ValidationException("retention: keepFor must not be negative, got " + keepFor);
        }
        if (keepLatest > 0 && keepFor != null) {
            throw new ValidationException("retention: choose keepLatest or keepFor, not both");
        }
    }

    /** Keep every version forever (the default): full history and time travel. */
    public static Retention keepAll() {
        return ALL;
    }

    /** Keep the newest {@code n} (&gt;= 1) versions of each key. */
    public static Retention keepLatest(int n) {
        if (n < 1) {
            throw new ValidationException("retention: keepLatest needs n >= 1, got " + n);
        }
        return new Retention(n, null);
    }

    /** Keep versions younger than {@code age}; older shadowed versions may be dropped. */
    public static Retention keepFor(Duration age) {
        if (age == null) {
            throw new ValidationException("retention: keepFor duration must not be null");
        }
        return new Retention(0, age);
    }

    /** Whether this keeps everything. */
    public boolean keepsAll() {
        return keepLatest == 0 && keepFor == null;
    }
}
