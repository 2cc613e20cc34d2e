package io.stratadb;

/**
 * State of a session's transaction. Immutable.
 *
 * @param active          whether a transaction is open
 * @param readOnly        whether it rejects writes
 * @param branch          the branch it runs on (null when none is active)
 * @param snapshotVersion the commit version its reads see (0 when none is active)
 * @param writes          number of buffered writes so far
 */
public record TxnInfo(boolean active, boolean readOnly, String branch, long snapshotVersion, int writes) {
    /** No transaction. */
    public static final TxnInfo NONE = new TxnInfo(false, false, null, 0, 0);
}
