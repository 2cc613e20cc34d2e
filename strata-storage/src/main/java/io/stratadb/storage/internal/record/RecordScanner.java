package io.stratadb.storage.internal.record;

import java.util.Arrays;

/**
 * Reads framed records ({@link RecordFraming}) from {@code data[start, end)} of object {@code object}.
 * {@link #next()} returns payloads until the clean end ({@code null}); it stops at the first frame
 * that is incomplete ({@link Stop#TORN}) or fails its checksum ({@link Stop#CORRUPT}), and then
 * {@link #stop()} and {@link #validEnd()} say where the trustworthy prefix ends. Callers decide
 * whether that is a torn tail to truncate (a log) or corruption to raise ({@link #corruption()}).
 * Not thread-safe.
 */
public final class RecordScanner {
    /** Why scanning stopped. */
    public enum Stop { NOT_YET, CLEAN_END, TORN, CORRUPT }

    private final String object;
    private final byte[] data;
    private final int end;
    private int pos;
    private Stop stop = Stop.NOT_YET;
    private String problem;

    public RecordScanner(String object, byte[] data, int start, int end) {
        if (start < 0 || end > data.length || start > end) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ") of " + data.length + " bytes");
        }
        this.object = object;
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    /** The next payload, or {@code null} when scanning stopped (see {@link #stop()}). */
    public byte[] next() {
        if (stop != Stop.NOT_YET) {
            return null;
        }
        int remaining = end - pos;
        if (remaining == 0) {
            stop = Stop.CLEAN_END;
            return null;
        }
        if (remaining < RecordFraming.OVERHEAD) {
            return halt(Stop.TORN, "incomplete record header: " + remaining + " bytes left");
        }
        int length = Bytes.getInt(data, pos);
        if (length < 0 || length > RecordFraming.MAX_PAYLOAD) {
            return halt(Stop.CORRUPT, "impossible record length " + length);
        }
        if (remaining - RecordFraming.OVERHEAD < length) {
            return halt(Stop.TORN, "record of " + length + " bytes but only " + (remaining - RecordFraming.OVERHEAD)
                    + " bytes left");
        }
        int crc = Bytes.getInt(data, pos + 4);
        if (crc != RecordFraming.crcOf(data, pos, length)) {
            return halt(Stop.CORRUPT, "record checksum mismatch (length " + length + ")");
        }
        byte[] payload = Arrays.copyOfRange(data, pos + RecordFraming.OVERHEAD, pos + RecordFraming.OVERHEAD + length);
        pos += RecordFraming.OVERHEAD + length;
        return payload;
    }

    private byte[] halt(Stop why, String message) {
        stop = why;
        problem = message;
        return null;
    }

    /** Why scanning stopped ({@link Stop#NOT_YET} while records remain). */
    public Stop stop() {
        return stop;
    }

    /** End offset of the last good record: everything before it is trustworthy. */
    public int validEnd() {
        return pos;
    }

    /** Bytes after {@link #validEnd()} up to the end of the range. */
    public int droppedBytes() {
        return end - pos;
    }

    /** What was wrong, or {@code null} after a clean end. */
    public String problem() {
        return problem;
    }

    /** The stop as an exception naming the object and offset ({@code null} after a clean end). */
    public CorruptionException corruption() {
        return problem == null ? null : new CorruptionException(object, pos, problem);
    }
}
