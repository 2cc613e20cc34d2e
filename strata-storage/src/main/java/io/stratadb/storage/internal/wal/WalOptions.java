package io.stratadb.storage.internal.wal;

/**
 * How a {@link WalWriter} syncs.
 *
 * @param strict             {@code true}: {@code awaitDurable} returns after the record is fsynced (STRICT);
 *                           {@code false}: after it is written to the backend, fsync at least every interval (BUFFERED)
 * @param syncIntervalMillis BUFFERED: the longest time written records stay unsynced
 * @param segmentBytes       roll to a new segment once the current one reaches this size
 * @param reserve            whether segments are pre-filled with zeros (see {@link Reserve})
 */
public record WalOptions(boolean strict, int syncIntervalMillis, long segmentBytes, Reserve reserve) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /**
     * Segment space reservation. A record overwriting reserved zeros is fsynced without a file-size
     * update (on ext4 about 1.7x the fsync rate of an append), which is what STRICT commits wait for;
     * the price is writing each segment's bytes twice (zeros, then records). Replay reads the zeros
     * after the last record of the newest segment as its end, and an all-zero newest segment as an
     * unused reservation.
     */
    public enum Reserve {
        /** Segments grow by appends. */
        NONE,
        /** Each segment is zero-filled when it is opened, by the thread opening it (deterministic, for tests). */
        AT_OPEN,
        /** A background thread zero-fills the next segment while the current one fills, so rolls do not wait. */
        AHEAD,
        /** As {@link #AHEAD}, but the next segment is reserved on the thread that opened the current one (for crash sweeps). */
        AHEAD_INLINE;

        /** Whether the next segment is reserved while the current one fills. */
        boolean ahead() {
            return this == AHEAD || this == AHEAD_INLINE;
        }
    }

    public WalOptions {
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("syncIntervalMillis must be >= 1, got " + syncIntervalMillis);
        }
        if (segmentBytes < 64) {
            throw new IllegalArgumentException("segmentBytes must be >= 64, got " + segmentBytes);
        }
        if (reserve == null) {
            throw new IllegalArgumentException("reserve must not be null");
        }
    }

    /** Without reservation. */
    public WalOptions(boolean strict, int syncIntervalMillis, long segmentBytes) {
        this(strict, syncIntervalMillis, segmentBytes, Reserve.NONE);
    }
}
