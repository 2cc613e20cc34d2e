package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the runtime keeps in a manifest's extra section about the flushed versions, which recovery
 * cannot get from the WAL any more: where the commit timeline up to the flushed version is (for time
 * travel), each branch's last commit (version, timestamp) among the flushed versions, and when the
 * database (its {@code default} branch) was created.
 *
 * <p>Format version 3: {@code format (1) · createdMicros (8) · chunkCount (4) · [chunk id (8) · first
 * version (8) · last version (8)]* · markCount (4) · [branchId (8) · version (8) · micros (8)]*}. The
 * timeline is in chunk objects ({@link TimelineCodec#encodeChunk}), in version order, covering versions
 * 1..flushedVersion without gaps, so a manifest stays small however many commits the database has seen (format
 * 2 held the whole timeline inline, {@code format · createdMicros · timelineLen (4) · timeline · marks}; it is
 * still decoded, and the first flush moves the timeline to a chunk). Stateless codec, immutable value.
 *
 * @param createdMicros when the database was created (0: unknown)
 * @param chunks        the timeline chunk objects, oldest versions first
 * @param inline        the timeline of a format 2 manifest (then {@code chunks} is empty), else null
 * @param marks         branch id → {version, micros} of its last flushed commit
 */
public record RuntimeState(long createdMicros, List<Chunk> chunks, Timeline inline, Map<Long, long[]> marks) {
    private static final int FORMAT = 3;
    private static final int FORMAT_INLINE_TIMELINE = 2;

    /** A timeline chunk object: its id ({@link Layout#timelineChunk}) and the versions it holds. */
    public record Chunk(long id, long first, long last) {
        public long count() {
            return last - first + 1;
        }
    }

    public RuntimeState {
        chunks = List.copyOf(chunks);
    }

    /** A state whose timeline is in {@code chunks}. */
    public static RuntimeState of(long createdMicros, List<Chunk> chunks, Map<Long, long[]> marks) {
        return new RuntimeState(createdMicros, chunks, null, marks);
    }

    public byte[] encode() {
        if (inline != null) {
            throw new IllegalStateException("a state with an inline timeline is only decoded, never written");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + chunks.size() * 24 + marks.size() * 24);
        out.write(FORMAT);
        ByteBuffer c = ByteBuffer.allocate(12 + chunks.size() * 24).putLong(createdMicros).putInt(chunks.size());
        chunks.forEach(k -> c.putLong(k.id()).putLong(k.first()).putLong(k.last()));
        out.writeBytes(c.array());
        ByteBuffer m = ByteBuffer.allocate(4 + marks.size() * 24).putInt(marks.size());
        new TreeMap<>(marks).forEach((id, vt) -> m.putLong(id).putLong(vt[0]).putLong(vt[1]));
        out.writeBytes(m.array());
        return out.toByteArray();
    }

    /**
     * The timeline this state describes: the inline one of a format 2 manifest, else read from its chunk
     * objects through {@code backend}.
     *
     * @throws IOException a chunk object is missing, damaged or does not hold the versions listed
     */
    public Timeline timeline(Backend backend) throws IOException {
        if (inline != null) {
            return inline;
        }
        Timeline t = new Timeline();
        for (Chunk k : chunks) {
            String name = Layout.timelineChunk(k.id());
            TimelineCodec.decodeChunk(backend.read(name), name, k.first(), k.last(), t);
        }
        return t;
    }

    /** The ids of the chunk objects the extra section of a manifest lists (none for format 2 or a new database). */
    public static Set<Long> chunkIds(byte[] extra, String object) throws CorruptionException {
        Set<Long> ids = new HashSet<>();
        if (extra.length > 0 && extra[0] == FORMAT) {
            decode(extra, object).chunks().forEach(k -> ids.add(k.id()));
        }
        return ids;
    }

    /** Decodes {@link #encode} output (or format 2); an empty array (a new database) gives an empty state. */
    public static RuntimeState decode(byte[] data, String object) throws CorruptionException {
        if (data.length == 0) {
            return of(0, List.of(), Map.of());
        }
        if (data[0] != FORMAT && data[0] != FORMAT_INLINE_TIMELINE) {
            throw new CorruptionException(object, 0, "unknown runtime state format " + data[0]);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
            long created = b.getLong();
            Timeline inline = null;
            List<Chunk> chunks = new ArrayList<>();
            if (data[0] == FORMAT_INLINE_TIMELINE) {
                int tl = b.getInt();
                if (tl < 0 || tl > b.remaining()) {
                    throw new CorruptionException(object, 1, "timeline length " + tl);
                }
                byte[] t = new byte[tl];
                b.get(t);
                inline = TimelineCodec.decode(t, object);
            } else {
                int n = b.getInt();
                if (n < 0 || n * 24L > b.remaining()) {
                    throw new CorruptionException(object, b.position(), "timeline chunk count " + n + " does not fit");
                }
                long next = 1;
                for (int i = 0; i < n; i++) {
                    Chunk k = new Chunk(b.getLong(), b.getLong(), b.getLong());
                    if (k.id() < 0 || k.first() != next || k.last() < k.first()) {
                        throw new CorruptionException(object, b.position() - 24, "timeline chunk " + k
                                + " does not continue the timeline at version " + next);
                    }
                    next = k.last() + 1;
                    chunks.add(k);
                }
            }
            int n = b.getInt();
            if (n < 0 || n * 24L != b.remaining()) {
                throw new CorruptionException(object, b.position(), "branch mark count " + n + " does not fit");
            }
            Map<Long, long[]> marks = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                marks.put(b.getLong(), new long[] {b.getLong(), b.getLong()});
            }
            return new RuntimeState(created, chunks, inline, marks);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptionException(object, 0, "runtime state truncated", e);
        }
    }
}
