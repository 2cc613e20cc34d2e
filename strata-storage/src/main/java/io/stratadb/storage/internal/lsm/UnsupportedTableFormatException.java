package io.stratadb.storage.internal.lsm;

/**
 * A table declares a format version this build cannot read (written by a newer release, or
 * an unknown kind). Distinct from plain corruption so callers can tell "upgrade needed" apart.
 */
public final class UnsupportedTableFormatException extends TableCorruptionException {
    public UnsupportedTableFormatException(String object, long offset, String problem) {
        super(object, offset, problem);
    }
}
