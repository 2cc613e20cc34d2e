package io.stratadb.storage.internal.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One immutable manifest: the complete description of the durable state that {@code manifest/current}
 * points to. Everything not reachable from it may be deleted.
 *
 * @param id                    manifest id (its object is {@code Layout.manifest(id)}); increases by 1 per publish
 * @param flushedVersion        every commit with version &lt;= this is in the tables; the WAL is replayed after it
 * @param flushedTimestampMicros timestamp of commit {@code flushedVersion} (0 if none)
 * @param walStartSegment       the oldest WAL segment still needed; older ones are garbage
 * @param nextTableId           the next table id to allocate; tables with ids &gt;= it are unfinished work
 * @param tables                live tables, per level (the LSM's entries, stored opaquely)
 * @param extra                 opaque state of the runtime (may be empty)
 */
public record ManifestRecord(long id, long flushedVersion, long flushedTimestampMicros, long walStartSegment,
                             long nextTableId, List<TableEntry> tables, byte[] extra) {
    /**
     * A live table: its level, id, and the LSM's metadata for it (key range, size, ...), opaque here.
     */
    public record TableEntry(int level, long tableId, byte[] meta) {
        public TableEntry {
            if (level < 0 || level > 255) {
                throw new IllegalArgumentException("table level must be in 0..255, got " + level);
            }
            if (tableId < 0) {
                throw new IllegalArgumentException("table id must be >= 0, got " + tableId);
            }
            meta = meta == null ? new byte[0] : meta.clone();
        }

        @Override
        public byte[] meta() {
            return meta.clone();
        }
    }

    public ManifestRecord {
        if (id < 1 || flushedVersion < 0 || walStartSegment < 0 || nextTableId < 0) {
            throw new IllegalArgumentException("bad manifest fields: id=" + id + " flushedVersion=" + flushedVersion
                    + " walStartSegment=" + walStartSegment + " nextTableId=" + nextTableId);
        }
        tables = List.copyOf(tables);
        for (TableEntry t : tables) {
            if (t.tableId() >= nextTableId) {
                throw new IllegalArgumentException("table " + t.tableId() + " is not below nextTableId " + nextTableId);
            }
        }
        extra = extra == null ? new byte[0] : extra.clone();
    }

    @Override
    public byte[] extra() {
        return extra.clone();
    }

    /** The manifest of a new, empty database. */
    public static ManifestRecord empty() {
        return new ManifestRecord(1, 0, 0, 1, 1, List.of(), new byte[0]);
    }

    /** Tables of one level, by id. */
    public List<TableEntry> level(int level) {
        List<TableEntry> out = new ArrayList<>();
        for (TableEntry t : tables) {
            if (t.level() == level) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparingLong(TableEntry::tableId));
        return out;
    }

    /** The successor manifest with the given content (id + 1). */
    public ManifestRecord next(long flushedVersion, long flushedTimestampMicros, long walStartSegment, long nextTableId,
                               List<TableEntry> tables, byte[] extra) {
        return new ManifestRecord(id + 1, flushedVersion, flushedTimestampMicros, walStartSegment, nextTableId, tables,
                extra);
    }
}
