package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatFooter;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectBuffer;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.RecordScanner;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable formats of the manifest record and of the {@code current} pointer (both version 1): a
 * {@link FormatHeader}, one framed record, a {@link FormatFooter}. Manifest payload:
 * {@code id · flushedVersion · flushedTimestamp · walStartSegment · nextTableId (8 each) · tableCount (4)
 * · [level (1) · tableId (8) · metaLen (4) · meta]* · extraLen (4) · extra}. Pointer payload:
 * {@code manifestId (8)}. Stateless, thread-safe.
 */
final class ManifestCodec {
    static final int VERSION = 1;

    private ManifestCodec() {
    }

    static byte[] encode(ManifestRecord m) {
        int size = 8 * 5 + 4 + 4 + m.extra().length;
        for (ManifestRecord.TableEntry t : m.tables()) {
            size += 1 + 8 + 4 + t.meta().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(m.id()).putLong(m.flushedVersion()).putLong(m.flushedTimestampMicros()).putLong(m.walStartSegment())
                .putLong(m.nextTableId()).putInt(m.tables().size());
        for (ManifestRecord.TableEntry t : m.tables()) {
            byte[] meta = t.meta();
            b.put((byte) t.level()).putLong(t.tableId()).putInt(meta.length).put(meta);
        }
        byte[] extra = m.extra();
        b.putInt(extra.length).put(extra);
        ObjectBuffer ob = new ObjectBuffer(new FormatHeader(ObjectKind.MANIFEST, VERSION));
        ob.putRecord(b.array());
        return ob.finish();
    }

    static ManifestRecord decode(String object, byte[] data) throws CorruptionException {
        byte[] payload = singleRecord(object, data, ObjectKind.MANIFEST);
        ByteBuffer b = ByteBuffer.wrap(payload);
        int at = FormatHeader.LENGTH + 8;
        try {
            long id = b.getLong();
            long flushed = b.getLong();
            long ts = b.getLong();
            long walStart = b.getLong();
            long nextTable = b.getLong();
            int n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new CorruptionException(object, at, "manifest claims " + n + " tables");
            }
            List<ManifestRecord.TableEntry> tables = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int level = b.get() & 0xff;
                long tid = b.getLong();
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new CorruptionException(object, at + b.position(), "table entry " + i + " meta length " + len);
                }
                byte[] meta = new byte[len];
                b.get(meta);
                tables.add(new ManifestRecord.TableEntry(level, tid, meta));
            }
            int len = b.getInt();
            if (len < 0 || len != b.remaining()) {
                throw new CorruptionException(object, at + b.position(), "manifest extra length " + len + " but "
                        + b.remaining() + " bytes remain");
            }
            byte[] extra = new byte[len];
            b.get(extra);
            return new ManifestRecord(id, flushed, ts, walStart, nextTable, tables, extra);
        } catch (BufferUnderflowException e) {
            throw new CorruptionException(object, at + b.position(), "manifest record truncated", e);
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(object, at, "manifest fields invalid: " + e.getMessage(), e);
        }
    }

    static byte[] encodePointer(long manifestId) {
        ObjectBuffer ob = new ObjectBuffer(new FormatHeader(ObjectKind.CURRENT_POINTER, VERSION));
        ob.putRecord(ByteBuffer.allocate(8).putLong(manifestId).array());
        return ob.finish();
    }

    static long decodePointer(String object, byte[] data) throws CorruptionException {
        byte[] p = singleRecord(object, data, ObjectKind.CURRENT_POINTER);
        if (p.length != 8) {
            throw new CorruptionException(object, FormatHeader.LENGTH, "pointer payload of " + p.length + " bytes");
        }
        long id = ByteBuffer.wrap(p).getLong();
        if (id < 1) {
            throw new CorruptionException(object, FormatHeader.LENGTH + 8, "pointer to impossible manifest id " + id);
        }
        return id;
    }

    private static byte[] singleRecord(String object, byte[] data, ObjectKind kind) throws CorruptionException {
        FormatHeader.check(object, data, kind, VERSION, VERSION);
        long body = FormatFooter.verify(object, data);
        RecordScanner s = new RecordScanner(object, data, FormatHeader.LENGTH, (int) body);
        byte[] payload = s.next();
        if (payload == null) {
            throw s.corruption() != null ? s.corruption()
                    : new CorruptionException(object, FormatHeader.LENGTH, "no record in " + kind + " object");
        }
        if (s.next() != null || s.stop() != RecordScanner.Stop.CLEAN_END) {
            throw new CorruptionException(object, s.validEnd(), "unexpected data after the " + kind + " record");
        }
        return payload;
    }
}
