package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.record.Bytes;
import io.stratadb.storage.internal.record.RecordFraming;

import io.stratadb.storage.Key;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a WAL record: one commit. Format version 1 (big-endian):
 * {@code timestampMicros (8) · branchId (8) · writeCount (4) · writes}, each write
 * {@code spaceLen (1) · space UTF-8 · keyspace (1) · keyLen (2) · key · kind (1: 0 put, 1 delete) ·
 * [valueLen (4) · value]}. The commit version is in the {@link WalEntry} around it. Decoding checks
 * every length and names the object and offset on damage. Stateless, thread-safe.
 */
public final class CommitCodec {
    /** A decoded commit (mirrors the commit runtime's record). */
    public record Commit(long version, long timestampMicros, long branchId, List<WriteBatch.Write> writes) {
        public Commit {
            writes = List.copyOf(writes);
        }
    }

    private static final int MAX_VALUE_BYTES = 64 << 20;

    private CommitCodec() {
    }

    /**
     * The whole framed WAL record of a commit ({@link RecordFraming} around a {@link WalEntry} payload of
     * version and {@link #encode body}), built with one allocation and one copy of each value;
     * byte-identical to framing {@code new WalEntry(version, encode(...)).toPayload()}.
     */
    public static byte[] encodeFramed(long version, long timestampMicros, long branchId, List<WriteBatch.Write> writes) {
        int n = writes.size();
        byte[][] spaces = new byte[n][];
        long payload = 8 + 20;
        for (int i = 0; i < n; i++) {
            WriteBatch.Write w = writes.get(i);
            spaces[i] = w.key().space().getBytes(StandardCharsets.UTF_8);
            payload += 1 + spaces[i].length + 1 + 2 + w.key().userKeyNoCopy().length + 1
                    + (w.isDelete() ? 0 : 4 + w.value().length);
        }
        if (payload > RecordFraming.MAX_PAYLOAD) {
            throw new IllegalArgumentException("commit of " + payload + " bytes exceeds the WAL record limit of "
                    + RecordFraming.MAX_PAYLOAD);
        }
        byte[] out = new byte[RecordFraming.OVERHEAD + (int) payload];
        int p = RecordFraming.OVERHEAD;
        Bytes.putLong(out, p, version);
        Bytes.putLong(out, p + 8, timestampMicros);
        Bytes.putLong(out, p + 16, branchId);
        Bytes.putInt(out, p + 24, n);
        p += 28;
        for (int i = 0; i < n; i++) {
            WriteBatch.Write w = writes.get(i);
            Key k = w.key();
            byte[] space = spaces[i];
            byte[] user = k.userKeyNoCopy();
            out[p++] = (byte) space.length;
            System.arraycopy(space, 0, out, p, space.length);
            p += space.length;
            out[p++] = (byte) k.keyspace();
            out[p++] = (byte) (user.length >>> 8);
            out[p++] = (byte) user.length;
            System.arraycopy(user, 0, out, p, user.length);
            p += user.length;
            if (w.isDelete()) {
                out[p++] = 1;
            } else {
                out[p++] = 0;
                Bytes.putInt(out, p, w.value().length);
                p += 4;
                System.arraycopy(w.value(), 0, out, p, w.value().length);
                p += w.value().length;
            }
        }
        RecordFraming.seal(out, (int) payload);
        return out;
    }

    /** Encodes a commit's body (everything but the version). */
    public static byte[] encode(long timestampMicros, long branchId, List<WriteBatch.Write> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        ByteBuffer head = ByteBuffer.allocate(20);
        head.putLong(timestampMicros).putLong(branchId).putInt(writes.size());
        out.writeBytes(head.array());
        for (WriteBatch.Write w : writes) {
            Key k = w.key();
            byte[] space = k.space().getBytes(StandardCharsets.UTF_8);
            byte[] user = k.userKeyNoCopy();
            out.write(space.length);
            out.writeBytes(space);
            out.write(k.keyspace());
            out.write(user.length >>> 8);
            out.write(user.length);
            out.writeBytes(user);
            if (w.isDelete()) {
                out.write(1);
            } else {
                out.write(0);
                ByteBuffer len = ByteBuffer.allocate(4).putInt(w.value().length);
                out.writeBytes(len.array());
                out.writeBytes(w.value());
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes the entry's body.
     *
     * @param object the WAL segment (for error messages)
     * @param offset where the record starts in it
     * @throws CorruptionException a length or field is impossible
     */
    public static Commit decode(WalEntry entry, String object, long offset) throws CorruptionException {
        ByteBuffer b = ByteBuffer.wrap(entry.body());
        try {
            long ts = b.getLong();
            long branch = b.getLong();
            int n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new CorruptionException(object, offset, "commit " + entry.version() + " claims " + n + " writes");
            }
            List<WriteBatch.Write> writes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] space = new byte[b.get() & 0xff];
                b.get(space);
                int keyspace = b.get() & 0xff;
                byte[] user = new byte[b.getShort() & 0xffff];
                b.get(user);
                int kind = b.get();
                Key key = Key.of(new String(space, StandardCharsets.UTF_8), keyspace, user);
                if (kind == 1) {
                    writes.add(new WriteBatch.Write(key, null));
                } else if (kind == 0) {
                    int len = b.getInt();
                    if (len < 0 || len > MAX_VALUE_BYTES || len > b.remaining()) {
                        throw new CorruptionException(object, offset, "commit " + entry.version() + " write " + i
                                + " has impossible value length " + len);
                    }
                    byte[] v = new byte[len];
                    b.get(v);
                    writes.add(new WriteBatch.Write(key, v));
                } else {
                    throw new CorruptionException(object, offset, "commit " + entry.version() + " write " + i
                            + " has unknown kind " + kind);
                }
            }
            if (b.hasRemaining()) {
                throw new CorruptionException(object, offset, "commit " + entry.version() + " has " + b.remaining()
                        + " trailing bytes");
            }
            return new Commit(entry.version(), ts, branch, writes);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptionException(object, offset, "commit " + entry.version() + " body truncated", e);
        } catch (StorageException e) {
            throw new CorruptionException(object, offset, "commit " + entry.version() + " has an invalid key: "
                    + e.getMessage(), e);
        }
    }
}
