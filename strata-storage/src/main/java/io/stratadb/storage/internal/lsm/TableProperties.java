package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a table holds, stored in its properties block and mirrored in the manifest: smallest
 * and largest internal key, smallest and largest commit version, entry and tombstone counts,
 * number of data blocks, raw key/value bytes, and the blob files its entries refer to with the bytes of
 * values it refers to in each ({@link #blobIds()} ascending, {@link #blobBytes()} alongside). Immutable
 * (the arrays are not copied: treat them as read-only).
 */
public record TableProperties(byte[] smallestKey, byte[] largestKey, long minVersion, long maxVersion,
                              long entries, long tombstones, int dataBlocks, long rawKeyBytes, long rawValueBytes,
                              long[] blobIds, long[] blobBytes) {
    private static final long[] NONE = new long[0];

    /** Properties of a table that refers to no blob file. */
    public TableProperties(byte[] smallestKey, byte[] largestKey, long minVersion, long maxVersion, long entries,
                           long tombstones, int dataBlocks, long rawKeyBytes, long rawValueBytes) {
        this(smallestKey, largestKey, minVersion, maxVersion, entries, tombstones, dataBlocks, rawKeyBytes,
                rawValueBytes, NONE, NONE);
    }

    public TableProperties {
        Objects.requireNonNull(blobIds, "blobIds");
        Objects.requireNonNull(blobBytes, "blobBytes");
        if (blobIds.length != blobBytes.length) {
            throw new IllegalArgumentException(blobIds.length + " blob ids but " + blobBytes.length + " byte counts");
        }
        for (int i = 0; i < blobIds.length; i++) {
            if (blobIds[i] < 0 || (i > 0 && blobIds[i] <= blobIds[i - 1]) || blobBytes[i] < 1) {
                throw new IllegalArgumentException("blob references must have ascending ids >= 0 and bytes >= 1, got "
                        + Arrays.toString(blobIds) + " / " + Arrays.toString(blobBytes));
            }
        }
        Objects.requireNonNull(smallestKey, "smallestKey");
        Objects.requireNonNull(largestKey, "largestKey");
        if (entries < 1 || tombstones < 0 || tombstones > entries || dataBlocks < 1 || minVersion > maxVersion) {
            throw new IllegalArgumentException("inconsistent table properties: entries=" + entries + " tombstones="
                    + tombstones + " dataBlocks=" + dataBlocks + " versions=" + minVersion + ".." + maxVersion);
        }
        if (InternalKeys.compare(smallestKey, largestKey) > 0) {
            throw new IllegalArgumentException("smallest key sorts after largest key");
        }
    }

    /** Layout 1, or 2 when the table refers to blob files (layout 1 followed by the blob list). */
    void encode(ByteSink s) {
        s.put(blobIds.length == 0 ? 1 : 2); // properties layout version
        s.putBytes(smallestKey);
        s.putBytes(largestKey);
        s.putLong(minVersion);
        s.putLong(maxVersion);
        s.putVarLong(entries);
        s.putVarLong(tombstones);
        s.putVarLong(dataBlocks);
        s.putVarLong(rawKeyBytes);
        s.putVarLong(rawValueBytes);
        if (blobIds.length > 0) {
            s.putVarLong(blobIds.length);
            for (int i = 0; i < blobIds.length; i++) {
                s.putVarLong(blobIds[i]);
                s.putVarLong(blobBytes[i]);
            }
        }
    }

    static TableProperties decode(ByteReader r) throws CorruptionException {
        int layout = r.get();
        if (layout != 1 && layout != 2) {
            throw r.corrupt("unknown properties layout " + layout);
        }
        byte[] smallest = r.getBytes();
        byte[] largest = r.getBytes();
        long minV = r.getLong();
        long maxV = r.getLong();
        long entries = r.getVarLong();
        long tombstones = r.getVarLong();
        int blocks = r.getVarInt(Integer.MAX_VALUE);
        long rk = r.getVarLong();
        long rv = r.getVarLong();
        long[] ids = NONE;
        long[] bytes = NONE;
        if (layout == 2) {
            int n = r.getVarInt(1 << 20);
            if (n < 1) {
                throw r.corrupt("properties layout 2 with an empty blob list");
            }
            ids = new long[n];
            bytes = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = r.getVarLong();
                bytes[i] = r.getVarLong();
            }
        }
        try {
            return new TableProperties(smallest, largest, minV, maxV, entries, tombstones, blocks, rk, rv, ids, bytes);
        } catch (IllegalArgumentException e) {
            throw r.corrupt(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableProperties p && Arrays.equals(smallestKey, p.smallestKey)
                && Arrays.equals(largestKey, p.largestKey) && minVersion == p.minVersion
                && maxVersion == p.maxVersion && entries == p.entries && tombstones == p.tombstones
                && dataBlocks == p.dataBlocks && rawKeyBytes == p.rawKeyBytes && rawValueBytes == p.rawValueBytes
                && Arrays.equals(blobIds, p.blobIds) && Arrays.equals(blobBytes, p.blobBytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(smallestKey) * 31 + Long.hashCode(entries);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "TableProperties[keys=" + hex.formatHex(smallestKey) + ".." + hex.formatHex(largestKey) + " versions="
                + minVersion + ".." + maxVersion + " entries=" + entries + " tombstones=" + tombstones
                + (blobIds.length == 0 ? "" : " blobs=" + Arrays.toString(blobIds)) + "]";
    }
}
