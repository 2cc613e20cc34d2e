package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatFooter;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectBuffer;
import io.stratadb.storage.internal.record.ObjectKind;
import java.io.ByteArrayOutputStream;

/**
 * The commit timeline (version → timestamp for versions 1..n), kept so that time-travel reads of flushed
 * versions survive the deletion of their WAL segments. Since runtime state format 3 it is stored in
 * <em>chunk objects</em> ({@code Layout.timelineChunk}), each holding a run of versions: the common header
 * (kind {@code TIMELINE_CHUNK}, version 1) · {@code first version varint · count varint · timestamp of the
 * first (varint) · deltas (varint)} · the common footer (crc32c over the object). Earlier manifests hold the
 * whole timeline inline (format 1: {@code format (1) · count (varint) · first timestamp (varint) · deltas
 * (varint)}), still decoded. Timestamps strictly increase, so every delta is positive. Stateless, thread-safe.
 */
public final class TimelineCodec {
    private static final int FORMAT = 1;
    private static final int CHUNK_VERSION = 1;

    /** The chunk object holding versions {@code first..last} of {@code timeline}. */
    public static byte[] encodeChunk(Timeline timeline, long first, long last) {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("bad chunk range " + first + ".." + last);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 20, 16 + (last - first) * 3));
        putVarint(out, first);
        putVarint(out, last - first + 1);
        putTimestamps(out, timeline, first, last);
        ObjectBuffer ob = new ObjectBuffer(new FormatHeader(ObjectKind.TIMELINE_CHUNK, CHUNK_VERSION));
        ob.put(out.toByteArray());
        return ob.finish();
    }

    /**
     * Appends the versions of a chunk object to {@code into} (whose last version must be {@code first - 1}),
     * checking its checksum and that it holds exactly versions {@code first..last} with timestamps increasing
     * from the last one {@code into} holds.
     *
     * @throws CorruptionException the object is damaged or does not hold what the manifest says (names {@code object})
     */
    public static void decodeChunk(byte[] whole, String object, long first, long last, Timeline into)
            throws CorruptionException {
        long body = FormatFooter.verify(object, whole);
        FormatHeader.check(object, whole, ObjectKind.TIMELINE_CHUNK, CHUNK_VERSION, CHUNK_VERSION);
        byte[] b = java.util.Arrays.copyOf(whole, (int) body);
        int[] pos = {FormatHeader.LENGTH};
        long f = getVarint(b, pos, object);
        long n = getVarint(b, pos, object);
        if (f != first || n != last - first + 1 || into.last() != first - 1) {
            throw new CorruptionException(object, FormatHeader.LENGTH, "timeline chunk holds versions " + f + ".."
                    + (f + n - 1) + ", the manifest expects " + first + ".." + last + " after version " + into.last());
        }
        readTimestamps(b, pos, object, first, last, into);
        if (pos[0] != b.length) {
            throw new CorruptionException(object, pos[0], "trailing bytes after the timeline chunk");
        }
    }

    private TimelineCodec() {
    }

    /**
     * Encodes the timestamps of versions 1..{@code upTo} of {@code timeline} in the inline format 1, which
     * manifests of earlier builds hold (the engine now writes chunks; kept for compatibility tests).
     */
    public static byte[] encode(Timeline timeline, long upTo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(1 << 20, 16 + upTo * 3));
        out.write(FORMAT);
        putVarint(out, upTo);
        putTimestamps(out, timeline, 1, upTo);
        return out.toByteArray();
    }

    /** Versions {@code first..last}: the first timestamp, then each one's increase over the one before. */
    private static void putTimestamps(ByteArrayOutputStream out, Timeline timeline, long first, long last) {
        long prev = 0;
        for (long v = first; v <= last; v++) {
            long ts = timeline.timestampOf(v);
            putVarint(out, ts - prev);
            prev = ts;
        }
    }

    /**
     * Reads what {@link #putTimestamps} wrote for versions {@code first..last} and appends them to {@code into}
     * (whose last version is {@code first - 1}), checking that timestamps increase from its last one.
     */
    private static void readTimestamps(byte[] b, int[] pos, String object, long first, long last, Timeline into)
            throws CorruptionException {
        long prev = 0;
        long before = into.timestampOf(first - 1);
        for (long v = first; v <= last; v++) {
            long ts = prev + getVarint(b, pos, object);
            if (ts <= before && v > 1) {
                throw new CorruptionException(object, pos[0], "timeline timestamps not increasing at version " + v);
            }
            into.append(v, ts);
            prev = ts;
            before = ts;
        }
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
        readTimestamps(data, pos, object, 1, n, t);
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
