package io.stratadb.command;

import io.stratadb.ValidationException;

/**
 * Where a data command runs and, for reads, as of when. Every field is optional: a null branch or
 * space means the session's current one; no {@code asOfVersion}/{@code asOfMicros} means the latest
 * state (or the session's transaction view). At most one of the two as-of fields may be set, and a
 * write with an as-of point is rejected by the executor (the past is read-only).
 *
 * @param branch      branch name, or null for the session's current branch
 * @param space       space name, or null for the session's current space
 * @param asOfVersion read as of this commit version (&gt;= 0), or null
 * @param asOfMicros  read as of this timestamp in µs since the epoch (&gt;= 0), or null
 */
public record Scope(String branch, String space, Long asOfVersion, Long asOfMicros) {
    /** The session default: current branch, current space, latest state. */
    public static final Scope CURRENT = new Scope(null, null, null, null);

    public Scope {
        if (asOfVersion != null && asOfMicros != null) {
            throw new ValidationException("scope: give asOfVersion or asOfMicros, not both (got " + asOfVersion
                    + " and " + asOfMicros + ")");
        }
        if (asOfVersion != null && asOfVersion < 0) {
            throw new ValidationException("scope: asOfVersion must be >= 0, got " + asOfVersion);
        }
        if (asOfMicros != null && asOfMicros < 0) {
            throw new ValidationException("scope: asOfMicros must be >= 0, got " + asOfMicros);
        }
    }

    public static Scope branch(String branch) {
        return new Scope(branch, null, null, null);
    }

    public static Scope asOfVersion(long version) {
        return new Scope(null, null, version, null);
    }

    public static Scope asOfMicros(long micros) {
        return new Scope(null, null, null, micros);
    }

    public Scope withBranch(String b) {
        return new Scope(b, space, asOfVersion, asOfMicros);
    }

    public Scope withSpace(String s) {
        return new Scope(branch, s, asOfVersion, asOfMicros);
    }

    /** True when this scope reads the past (an as-of point is set). */
    public boolean isHistorical() {
        return asOfVersion != null || asOfMicros != null;
    }

    /** Null-safe: a null scope is {@link #CURRENT}. */
    static Scope orCurrent(Scope s) {
        return s == null ? CURRENT : s;
    }
}
