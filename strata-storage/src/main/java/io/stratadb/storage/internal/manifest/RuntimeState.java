package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the runtime keeps in a manifest's extra section about the flushed versions, which recovery
 * cannot get from the WAL any more: the commit timeline up to the flushed version (for time travel)
 * each branch's last commit (version, timestamp) among the flushed versions, and when the database
 * (its {@code default} branch) was created. Format version 2: {@code format (1) · createdMicros (8) ·
 * timelineLen (4) · timeline ({@link TimelineCodec}) · markCount (4) · [branchId (8) · version (8) ·
 * micros (8)]*}. Stateless codec, immutable value.
 *
 * @param createdMicros when the database was created (0: unknown)
 * @param timeline timestamps of versions 1..flushedVersion
 * @param marks    branch id → {version, micros} of its last flushed commit
 */
public record RuntimeState(long createdMicros, Timeline timeline, Map<Long, long[]> marks) {
    private static final int FORMAT = 2;

    public byte[] encode(long upTo) {
        byte[] t = TimelineCodec.encode(timeline, upTo);
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length + 16 + marks.size() * 24);
        out.write(FORMAT);
        out.writeBytes(ByteBuffer.allocate(12).putLong(createdMicros).putInt(t.length).array());
        out.writeBytes(t);
        ByteBuffer m = ByteBuffer.allocate(4 + marks.size() * 24).putInt(marks.size());
        new TreeMap<>(marks).forEach((id, vt) -> m.putLong(id).putLong(vt[0]).putLong(vt[1]));
        out.writeBytes(m.array());
        return out.toByteArray();
    }

    /** Decodes {@link #encode} output; an empty array (a new database) gives an empty state. */
    public static RuntimeState decode(byte[] data, String object) throws CorruptionException {
        if (data.length == 0) {
            return new RuntimeState(0, new Timeline(), Map.of());
        }
        if (data[0] != FORMAT) {
            throw new CorruptionException(object, 0, "unknown runtime state format " + data[0]);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
            long created = b.getLong();
            int tl = b.getInt();
            if (tl < 0 || tl > b.remaining()) {
                throw new CorruptionException(object, 1, "timeline length " + tl);
            }
            byte[] t = new byte[tl];
            b.get(t);
            Timeline timeline = TimelineCodec.decode(t, object);
            int n = b.getInt();
            if (n < 0 || n * 24L != b.remaining()) {
                throw new CorruptionException(object, b.position(), "branch mark count " + n + " does not fit");
            }
            Map<Long, long[]> marks = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                marks.put(b.getLong(), new long[] {b.getLong(), b.getLong()});
            }
            return new RuntimeState(created, timeline, marks);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptionException(object, 0, "runtime state truncated", e);
        }
    }
}
