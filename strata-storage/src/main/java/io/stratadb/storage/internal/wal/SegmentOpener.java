package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.layout.Layout;
import java.io.IOException;

/**
 * Opens the segments a {@link WalWriter} appends to, as its {@link WalOptions.Reserve} mode asks.
 * Without reservation a segment grows by appends and rolls at {@code segmentBytes}. With it, a
 * segment starts as zeros that records overwrite ({@link Backend#openReserved}): 1 MiB for the first
 * segment a writer opens, doubling per segment up to {@code segmentBytes}, so a short-lived writer (a
 * CLI command) fills megabytes, not whole segments; it rolls when that is full and is {@link #trim
 * trimmed} to its records when rolled or closed. In the {@code AHEAD} modes the next segment is
 * reserved while the current one fills. Used by one thread at a time (the writer's owner of writing).
 */
final class SegmentOpener {
    /** An opened segment (its header written) and the size at which it rolls. */
    record Opened(Appender appender, long limit) {
    }

    static final long FIRST_RESERVE = 1 << 20;

    private final Backend backend;
    private final WalOptions options;
    /** Bytes the next reservation zero-fills. */
    private long nextReserve;
    /** The next segment, reserved or being reserved, or null. */
    private Reservation ahead;

    SegmentOpener(Backend backend, WalOptions options) {
        this.backend = backend;
        this.options = options;
        this.nextReserve = Math.min(options.segmentBytes(), FIRST_RESERVE);
    }

    /** Opens segment {@code seq} (reserved, if asked: from the reservation made ahead when it is ready) and writes its header. */
    Opened open(long seq) throws IOException {
        String name = Layout.walSegment(seq);
        Appender a = null;
        long limit = options.segmentBytes();
        if (options.reserve() == WalOptions.Reserve.NONE) {
            a = backend.openAppender(name);
        } else {
            Reservation r = ahead;
            ahead = null;
            if (r != null && r.seq == seq) {
                a = r.take(); // null if its thread failed: reserve here, where a failure counts
                limit = r.bytes;
            } else if (r != null) {
                r.discard();
            }
            if (a == null) {
                limit = nextReservation();
                a = backend.openReserved(name, limit);
            }
        }
        try {
            a.append(WalFormat.HEADER.encode());
        } catch (IOException e) {
            a.close();
            throw e;
        }
        if (options.reserve().ahead()) {
            ahead = new Reservation(seq + 1, nextReservation(), options.reserve() == WalOptions.Reserve.AHEAD_INLINE);
        }
        return new Opened(a, limit);
    }

    /** Reserved segments: cuts the zeros after the records (volatile until the segment's next sync). */
    void trim(Appender s) throws IOException {
        if (options.reserve() != WalOptions.Reserve.NONE) {
            backend.truncate(s.name(), s.size());
        }
    }

    /** Removes the reservation made ahead, if any (the writer is closing). */
    void discardAhead() {
        Reservation r = ahead;
        ahead = null;
        if (r != null) {
            r.discard();
        }
    }

    private long nextReservation() {
        long bytes = nextReserve;
        nextReserve = Math.min(options.segmentBytes(), nextReserve * 2);
        return bytes;
    }

    /**
     * Zero-fills segment {@code seq}, on its own thread unless {@code inline}. Until the writer rolls
     * into it, a crash leaves it all zeros, which replay removes as an unused reservation.
     */
    private final class Reservation {
        final long seq;
        final long bytes;
        private final Thread thread;
        private Appender appender; // written by the thread, read after join
        private IOException error;

        Reservation(long seq, long bytes, boolean inline) {
            this.seq = seq;
            this.bytes = bytes;
            if (inline) {
                thread = null;
                run();
            } else {
                thread = new Thread(this::run, "strata-wal-reserve");
                thread.setDaemon(true);
                thread.start();
            }
        }

        private void run() {
            try {
                appender = backend.openReserved(Layout.walSegment(seq), bytes);
            } catch (IOException e) {
                error = e;
            } catch (RuntimeException e) {
                error = new IOException("WAL reservation crashed: " + e, e);
            }
        }

        /** The reserved segment, or null if reserving failed (the caller then reserves it itself). */
        Appender take() {
            if (thread != null) {
                WalWriter.joinUninterruptibly(thread);
            }
            return error == null ? appender : null;
        }

        /** Removes the unused reservation; a failure only leaves it for the next replay to remove. */
        void discard() {
            Appender a = take();
            if (a == null) {
                return;
            }
            try {
                a.close();
                backend.delete(a.name());
            } catch (IOException e) {
                // an all-zero segment after the newest one is removed by the next recovery
            }
        }
    }
}
