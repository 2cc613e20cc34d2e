package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.util.Objects;

/**
 * A table as the table set and the manifest know it: its id, its size in bytes and its
 * properties. Immutable. {@link #encode()} / {@link #decode} give a compact, versioned byte
 * form for the manifest (the manifest's own record framing supplies the checksum).
 */
public record TableMeta(long id, long fileSize, TableProperties props) {
    public TableMeta {
        Objects.requireNonNull(props, "props");
        if (id < 0) {
            throw new IllegalArgumentException("table id must be >= 0, got " + id);
        }
        if (fileSize < TableFormat.HEADER_SIZE + TableFormat.FOOTER_SIZE) {
            throw new IllegalArgumentException("table file size " + fileSize + " is smaller than header + footer");
        }
    }

    public byte[] smallestKey() {
        return props.smallestKey();
    }

    public byte[] largestKey() {
        return props.largestKey();
    }

    /** True if this table's key range intersects [{@code lo}, {@code hi}] (inclusive internal keys). */
    public boolean overlaps(byte[] lo, byte[] hi) {
        return InternalKeys.compare(props.largestKey(), lo) >= 0 && InternalKeys.compare(props.smallestKey(), hi) <= 0;
    }

    /** True if this table may contain some version of {@code prefix} (range check only). */
    public boolean mayContainPrefix(byte[] prefix) {
        return overlaps(InternalKeys.of(prefix, Long.MAX_VALUE), InternalKeys.of(prefix, 0));
    }

    public byte[] encode() {
        ByteSink s = new ByteSink(64);
        s.put(1);
        s.putVarLong(id);
        s.putVarLong(fileSize);
        props.encode(s);
        return s.toByteArray();
    }

    /** @param object what the bytes came from (for the error message) */
    public static TableMeta decode(byte[] b, String object) throws CorruptionException {
        ByteReader r = new ByteReader(b, 0, b.length, object, 0);
        int v = r.get();
        if (v != 1) {
            throw r.corrupt("unknown table meta layout " + v);
        }
        long id = r.getVarLong();
        long size = r.getVarLong();
        TableProperties p = TableProperties.decode(r);
        try {
            return new TableMeta(id, size, p);
        } catch (IllegalArgumentException e) {
            throw r.corrupt(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "table#" + id + "(" + fileSize + "B, " + props.entries() + " entries)";
    }
}
