package io.stratadb.storage.internal.commit;

import java.util.Arrays;

/**
 * Maps commit versions (dense, 1..n) to their timestamps and back. Appends come from the commit
 * pipeline under its lock, in version order; lookups are lock-free. A reader must only ask about
 * versions it learned from the visibility watermark (a volatile read that orders the append
 * before it). Timestamps are strictly increasing, so {@link #versionAt} is a binary search.
 */
public final class Timeline {
    private volatile long[] micros = new long[1024];
    /** Highest version appended; written only under the commit lock. */
    private volatile long last;

    /** Records {@code version}'s timestamp; {@code version} must be the last one + 1. */
    public void append(long version, long timestampMicros) {
        if (version != last + 1) {
            throw new IllegalStateException("timeline expects version " + (last + 1) + ", got " + version);
        }
        long[] a = micros;
        if (version >= a.length) {
            a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, (long) a.length * 2));
            if (version >= a.length) {
                throw new IllegalStateException("timeline full at version " + version);
            }
        }
        a[(int) version] = timestampMicros;
        micros = a;
        last = version;
    }

    /** The timestamp of {@code version} (1..last), or 0 for version 0. */
    public long timestampOf(long version) {
        if (version <= 0) {
            return 0;
        }
        if (version > last) {
            throw new IllegalArgumentException("version " + version + " is above the latest " + last);
        }
        return micros[(int) version];
    }

    /** The newest version &lt;= {@code maxVersion} whose timestamp is &lt;= {@code timestampMicros}; 0 if none. */
    public long versionAt(long timestampMicros, long maxVersion) {
        long[] a = micros;
        long lo = 1;
        long hi = Math.min(maxVersion, last);
        long found = 0;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            if (a[(int) mid] <= timestampMicros) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The highest version recorded. */
    public long last() {
        return last;
    }
}
