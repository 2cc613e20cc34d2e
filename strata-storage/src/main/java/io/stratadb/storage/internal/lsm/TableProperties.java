package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a table holds, stored in its properties block and mirrored in the manifest: smallest
 * and largest internal key, smallest and largest commit version, entry and tombstone counts,
 * number of data blocks, and raw key/value bytes. Immutable.
 */
public record TableProperties(byte[] smallestKey, byte[] largestKey, long minVersion, long maxVersion,
                              long entries, long tombstones, int dataBlocks, long rawKeyBytes, long rawValueBytes) {
    public TableProperties {
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

    void encode(ByteSink s) {
        s.put(1); // properties layout version
        s.putBytes(smallestKey);
        s.putBytes(largestKey);
        s.putLong(minVersion);
        s.putLong(maxVersion);
        s.putVarLong(entries);
        s.putVarLong(tombstones);
        s.putVarLong(dataBlocks);
        s.putVarLong(rawKeyBytes);
        s.putVarLong(rawValueBytes);
    }

    static TableProperties decode(ByteReader r) throws CorruptionException {
        int layout = r.get();
        if (layout != 1) {
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
        try {
            return new TableProperties(smallest, largest, minV, maxV, entries, tombstones, blocks, rk, rv);
        } catch (IllegalArgumentException e) {
            throw r.corrupt(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableProperties p && Arrays.equals(smallestKey, p.smallestKey)
                && Arrays.equals(largestKey, p.largestKey) && minVersion == p.minVersion
                && maxVersion == p.maxVersion && entries == p.entries && tombstones == p.tombstones
                && dataBlocks == p.dataBlocks && rawKeyBytes == p.rawKeyBytes && rawValueBytes == p.rawValueBytes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(smallestKey) * 31 + Long.hashCode(entries);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "TableProperties[keys=" + hex.formatHex(smallestKey) + ".." + hex.formatHex(largestKey) + " versions="
                + minVersion + ".." + maxVersion + " entries=" + entries + " tombstones=" + tombstones + "]";
    }
}
