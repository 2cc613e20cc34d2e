package io.stratadb;

/**
 * State of a session's transaction. Immutable.
 *
 * @param active          whether a transaction is open
 * @param readOnly        whether it rejects writes
 * @param branch          the branch it runs on (null when none is active)
 * @param snapshotVersion the commit version its reads see (0 when none is active)
 * @param hasWrites       whether it has buffered writes
 */
public record TxnInfo(boolean active, boolean readOnly, String branch, long snapshotVersion, boolean hasWrites) {
    /** No transaction. */
    public static final TxnInfo NONE = new TxnInfo(false, false, null, 0, false);
}
