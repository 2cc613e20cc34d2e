package io.stratadb.storage.internal.wal;

/**
 * How a {@link WalWriter} syncs.
 *
 * @param strict             {@code true}: {@code awaitDurable} returns after the record is fsynced (STRICT);
 *                           {@code false}: after it is written to the backend, fsync at least every interval (BUFFERED)
 * @param syncIntervalMillis BUFFERED: the longest time written records stay unsynced
 * @param segmentBytes       roll to a new segment once the current one reaches this size
 */
public record WalOptions(boolean strict, int syncIntervalMillis, long segmentBytes) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    public WalOptions {
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("syncIntervalMillis must be >= 1, got " + syncIntervalMillis);
        }
        if (segmentBytes < 64) {
            throw new IllegalArgumentException("segmentBytes must be >= 64, got " + segmentBytes);
        }
    }
}
