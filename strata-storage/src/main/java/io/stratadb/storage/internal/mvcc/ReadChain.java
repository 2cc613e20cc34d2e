package io.stratadb.storage.internal.mvcc;

/**
 * The fork chain a read walks: segment 0 is the branch itself capped at the read version, segment
 * i+1 is segment i's parent capped at min(cap of i, fork version of i). The first segment holding
 * any version of a key (a tombstone included) decides it. Immutable; built once per view, so a
 * view keeps reading the same branch ids even if names are later deleted or re-created.
 */
public final class ReadChain {
    final long[] ids;
    final long[] caps;

    ReadChain(long[] ids, long[] caps) {
        this.ids = ids;
        this.caps = caps;
    }

    public int length() {
        return ids.length;
    }

    public long id(int segment) {
        return ids[segment];
    }

    public long cap(int segment) {
        return caps[segment];
    }

    /** The read version (cap of segment 0). */
    public long version() {
        return caps[0];
    }
}
