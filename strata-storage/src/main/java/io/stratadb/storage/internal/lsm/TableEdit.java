package io.stratadb.storage.internal.lsm;

import java.util.List;
import java.util.Objects;

/**
 * A change to the table set: tables added (each at a level) and tables removed (by id). A flush
 * is one added L0 table; a compaction adds its outputs and removes its inputs. This is what the
 * manifest logs, and {@link TableSet#apply} turns it into the next immutable set. Immutable.
 */
public record TableEdit(List<Added> added, List<Long> removed) {
    public TableEdit {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** A table placed at a level. */
    public record Added(int level, TableMeta table) {
        public Added {
            Objects.requireNonNull(table, "table");
            if (level < 0) {
                throw new IllegalArgumentException("level must be >= 0, got " + level);
            }
        }
    }

    /** The edit of a memtable flush: one new L0 table. */
    public static TableEdit flush(TableMeta table) {
        return new TableEdit(List.of(new Added(0, table)), List.of());
    }

    public byte[] encode() {
        ByteSink s = new ByteSink(256);
        s.put(1);
        s.putVarLong(added.size());
        for (Added a : added) {
            s.putVarLong(a.level());
            s.putBytes(a.table().encode());
        }
        s.putVarLong(removed.size());
        for (long id : removed) {
            s.putVarLong(id);
        }
        return s.toByteArray();
    }

    public static TableEdit decode(byte[] b, String object) throws io.stratadb.storage.internal.record.CorruptionException {
        ByteReader r = new ByteReader(b, 0, b.length, object, 0);
        int v = r.get();
        if (v != 1) {
            throw r.corrupt("unknown table edit layout " + v);
        }
        int n = r.getVarInt(b.length);
        List<Added> added = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int level = r.getVarInt(TableSet.MAX_LEVELS - 1);
            added.add(new Added(level, TableMeta.decode(r.getBytes(), object)));
        }
        int m = r.getVarInt(b.length);
        List<Long> removed = new java.util.ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            removed.add(r.getVarLong());
        }
        if (r.hasMore()) {
            throw r.corrupt("trailing bytes after a table edit");
        }
        return new TableEdit(added, removed);
    }
}
