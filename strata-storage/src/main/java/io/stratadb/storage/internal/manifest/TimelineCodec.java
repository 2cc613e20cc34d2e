package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.ByteArrayOutputStream;

/**
 * The commit timeline (version → timestamp for versions 1..n) as stored in a manifest's extra
 * section, so time-travel reads of flushed versions survive the deletion of their WAL segments.
 * Format version 1: {@code format (1) · count (varint) · first timestamp (varint) · deltas (varint)},
 * timestamps strictly increasing so every delta is positive. Stateless, thread-safe.
 */
public final class TimelineCodec {
    private static final int FORMAT = 1;

    private TimelineCodec() {
    }

    /** Encodes the timestamps of versions 1..{@code upTo} of {@code timeline}. */
    public static byte[] encode(Timeline timeline, long upTo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 20, 16 + upTo * 3));
        out.write(FORMAT);
        putVarint(out, upTo);
        long prev = 0;
        for (long v = 1; v <= upTo; v++) {
            long ts = timeline.timestampOf(v);
            putVarint(out, ts - prev);
            prev = ts;
        }
        return out.toByteArray();
    }

    /**
     * A timeline holding the encoded versions; an empty array gives an empty timeline.
     *
     * @throws CorruptionException the bytes are malformed (names {@code object})
     */
    public static Timeline decode(byte[] data, String object) throws CorruptionException {
        Timeline t = new Timeline();
        if (data.length == 0) {
            return t;
        }
        int[] pos = {0};
        if (data[0] != FORMAT) {
            throw new CorruptionException(object, 0, "unknown timeline format " + data[0]);
        }
        pos[0] = 1;
        long n = getVarint(data, pos, object);
        long prev = 0;
        for (long v = 1; v <= n; v++) {
            long d = getVarint(data, pos, object);
            if (d <= 0 && v > 1) {
                throw new CorruptionException(object, pos[0], "timeline timestamps not increasing at version " + v);
            }
            prev += d;
            t.append(v, prev);
        }
        if (pos[0] != data.length) {
            throw new CorruptionException(object, pos[0], "trailing bytes after the timeline");
        }
        return t;
    }

    private static void putVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long getVarint(byte[] b, int[] pos, String object) throws CorruptionException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new CorruptionException(object, pos[0], "timeline truncated");
            }
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptionException(object, pos[0], "timeline varint too long");
    }
}
