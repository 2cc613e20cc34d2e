package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A merged scan over (chain segment × source) cursors. Each cursor yields, per logical key of its
 * branch within the range, the newest version at or below its segment's cap (seeking past newer
 * versions and past older ones). The merge takes the smallest logical key; among cursors on that
 * key the nearest segment wins (child over parent), and within a segment the highest version.
 * Tombstones shadow and are skipped. Sources stay acquired until {@link #close()} or exhaustion.
 * Not thread-safe.
 */
final class ScanIterator implements CloseableIterator<KeyValue> {
    private final SourceSet set;
    private VersionedSource[] srcs;
    private final Cursor[] cursors;
    private KeyValue next;
    private boolean done;

    ScanIterator(SourceSet set, ReadChain chain, byte[] lowerLogical, byte[] upperLogical) {
        this.set = set;
        this.srcs = set.acquire();
        List<Cursor> list = new ArrayList<>();
        for (int s = 0; s < chain.ids.length; s++) {
            if (chain.caps[s] <= 0) {
                break;
            }
            for (VersionedSource src : srcs) {
                Cursor c = new Cursor(src, chain.ids[s], chain.caps[s], s, upperLogical,
                        InternalKeyCodec.seekKey(chain.ids[s], lowerLogical));
                c.advance();
                if (c.current != null) {
                    list.add(c);
                }
            }
        }
        this.cursors = list.toArray(new Cursor[0]);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            computeNext();
        }
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue kv = next;
        next = null;
        return kv;
    }

    private void computeNext() {
        while (true) {
            Cursor min = null;
            for (Cursor c : cursors) {
                if (c.current == null) {
                    continue;
                }
                if (min == null) {
                    min = c;
                    continue;
                }
                int cmp = InternalKeyCodec.compareLogical(c.current.internalKey(), min.current.internalKey());
                if (cmp < 0 || (cmp == 0 && (c.segment < min.segment || (c.segment == min.segment
                        && c.version() > min.version())))) {
                    min = c;
                }
            }
            if (min == null) {
                close();
                return;
            }
            SourceEntry winner = min.current;
            for (Cursor c : cursors) {
                if (c.current != null && c != min
                        && InternalKeyCodec.compareLogical(c.current.internalKey(), winner.internalKey()) == 0) {
                    c.advance();
                }
            }
            min.advance();
            if (!winner.isTombstone()) {
                byte[] k = winner.internalKey();
                next = new KeyValue(InternalKeyCodec.decodeKey(k), winner.value(), InternalKeyCodec.versionOf(k),
                        winner.timestampMicros());
                return;
            }
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            set.release(srcs);
            srcs = null;
        }
    }

    private static final class Cursor {
        /** Consecutive skipped entries after which a cursor seeks instead of stepping. */
        static final int SKIP_LIMIT = 8;
        final VersionedSource src;
        final long branchId;
        final long cap;
        final int segment;
        final byte[] upper;
        byte[] pos;
        Iterator<SourceEntry> it;
        SourceEntry current;

        Cursor(VersionedSource src, long branchId, long cap, int segment, byte[] upper, byte[] start) {
            this.src = src;
            this.branchId = branchId;
            this.cap = cap;
            this.segment = segment;
            this.upper = upper;
            this.pos = start;
        }

        long version() {
            return InternalKeyCodec.versionOf(current.internalKey());
        }

        /**
         * Moves to the next logical key's newest version at or below {@link #cap}. Walks the source's
         * iterator (one step per entry instead of one seek per key) and re-seeks only after
         * {@link #SKIP_LIMIT} consecutive skipped versions (many shadowed or too-new versions of a key).
         */
        void advance() {
            SourceEntry last = current;
            current = null;
            int skipped = 0;
            while (true) {
                if (it == null) {
                    it = src.iterator(pos);
                }
                if (!it.hasNext()) {
                    return;
                }
                SourceEntry e = it.next();
                byte[] k = e.internalKey();
                if (InternalKeyCodec.branchOf(k) != branchId
                        || (upper != null && InternalKeyCodec.compareLogicalTo(k, upper) >= 0)) {
                    return;
                }
                boolean olderOfLast = last != null && InternalKeyCodec.sameBranchAndLogical(k, last.internalKey());
                if (olderOfLast || InternalKeyCodec.versionOf(k) > cap) {
                    if (++skipped > SKIP_LIMIT) {
                        pos = olderOfLast ? InternalKeyCodec.withVersion(k, 0) : InternalKeyCodec.withVersion(k, cap);
                        it = null;
                        skipped = 0;
                    }
                    continue;
                }
                current = e;
                return;
            }
        }
    }
}
