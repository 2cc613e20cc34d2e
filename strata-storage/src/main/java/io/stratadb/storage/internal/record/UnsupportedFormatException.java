package io.stratadb.storage.internal.record;

/**
 * An object is well formed but written in a format version (or kind) this build cannot read,
 * e.g. by a newer release. Not a sign of damage: the message says which versions are supported.
 */
public class UnsupportedFormatException extends CorruptionException {
    public UnsupportedFormatException(String object, long offset, String detail) {
        super(object, offset, detail);
    }
}
