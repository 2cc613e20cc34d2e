package io.stratadb;

/**
 * Result of verifying an event log's hash chain.
 *
 * @param valid               whether every event's hash and link are correct
 * @param eventsChecked       how many events were checked
 * @param firstBrokenSequence sequence of the first bad event, or -1 when valid
 * @param reason              what is wrong with it (null when valid)
 */
public record ChainVerification(boolean valid, long eventsChecked, long firstBrokenSequence, String reason) {
    public static ChainVerification ok(long checked) {
        return new ChainVerification(true, checked, -1, null);
    }

    public static ChainVerification broken(long checked, long seq, String reason) {
        return new ChainVerification(false, checked, seq, reason);
    }
}
