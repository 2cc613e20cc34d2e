package io.stratadb.storage.internal.memtable;

import io.stratadb.storage.internal.format.InternalKeyCodec;

import java.util.Iterator;

/**
 * SPI: a sorted, multi-version source of entries keyed by internal key — the memtable today,
 * immutable LSM tables later. The read path ({@code internal.mvcc.ReadPath}) merges a list of
 * sources; it never needs to know which kind it reads.
 *
 * <p>Contract: entries are ordered by {@link InternalKeyCodec#compare}; one internal key appears at
 * most once per source (the same key may appear in several sources, e.g. during a flush, with the
 * same value). Implementations are thread-safe and never block on writers; an entry returned stays
 * valid (immutable) after later writes.
 */
public interface VersionedSource {
    /** The first entry whose internal key is &gt;= {@code internalKey}, or null. */
    SourceEntry ceiling(byte[] internalKey);

    /**
     * The newest entry of the same branch and logical key as {@code seekKey} whose version is
     * &lt;= the version encoded in {@code seekKey}, or null. Tables may override it with a bloom
     * filter check; the default is one {@link #ceiling} call.
     */
    default SourceEntry newestAtOrBelow(byte[] seekKey) {
        SourceEntry e = ceiling(seekKey);
        return e != null && InternalKeyCodec.sameBranchAndLogical(e.internalKey(), seekKey) ? e : null;
    }

    /** Entries in order starting at the first internal key &gt;= {@code fromInclusive}. Weakly consistent. */
    Iterator<SourceEntry> iterator(byte[] fromInclusive);

    /**
     * A cursor positioned at the first internal key &gt;= {@code fromInclusive} that shows keys in
     * place and copies values on demand (the scan path). The default wraps {@link #iterator}.
     */
    default SourceCursor cursor(byte[] fromInclusive) {
        return SourceCursor.overIterator(this, fromInclusive);
    }

    /**
     * As {@link #cursor(byte[])} for a reader that wants, per key, only the newest version at or below
     * {@code cap}: a source may then leave out older versions of a key where it holds a newer one at or below
     * the cap (it still shows every key's newest such version, or a version above the cap). That holds for
     * positions the reader takes with {@code fromInclusive} and {@link SourceCursor#seek}: a key without a
     * version (a logical bound), a key at a version at or above the cap, or a key at version 0 (to pass all of
     * that key's versions). A position between two versions of a key below the cap may pass the older one.
     * The default shows every entry.
     */
    default SourceCursor cursor(byte[] fromInclusive, long cap) {
        return cursor(fromInclusive);
    }

    /**
     * An upper bound of the versions this source holds ({@link Long#MAX_VALUE} when unknown, as for
     * a memtable still taking writes); a read that wants only newer versions skips the source.
     */
    default long maxVersion() {
        return Long.MAX_VALUE;
    }

    /** An upper bound of the versions this source holds of branch {@code branchId} (at most {@link #maxVersion()}). */
    default long maxVersion(long branchId) {
        return maxVersion();
    }

    /** Number of entries held (approximate for concurrently written sources). */
    long entryCount();
}
