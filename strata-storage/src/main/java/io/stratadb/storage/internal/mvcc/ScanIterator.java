package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceCursor;
import io.stratadb.storage.internal.memtable.SourceSet;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A merged scan over (chain segment × source) lanes. Each lane yields, per logical key of its
 * branch within the range, the newest version at or below its segment's cap (stepping past newer
 * versions and past older ones). The merge takes the smallest logical key; among lanes on that
 * key the nearest segment wins (child over parent), and within a segment the highest version.
 * Tombstones shadow and are skipped, unless the scan lists changes: then only versions above a
 * floor count (segments capped at or below it, and sources holding nothing above it, get no lane),
 * and a tombstone on top is returned as a deletion.
 *
 * <p>Lanes compare keys in place in their sources ({@link SourceCursor}); only a returned entry's
 * key is decoded and only its value copied. A lane whose entry was taken or shadowed moves on at the
 * next {@link #hasNext()}, so a consumer that stops early never pays for the entry after its last.
 * Live lanes wait in a binary min-heap; a lane that moved on and still comes before the heap's top
 * (a run of keys from one source, the usual case in a short scan) wins again without entering it, so
 * such an entry costs two key comparisons whatever the number of lanes. A lane's cursor is asked for the
 * newest versions at or below its cap ({@link VersionedSource#cursor(byte[], long)}): a table whose versions
 * all lie at or below it shows each key's newest entry only, and the lane's positions (the logical lower
 * bound, a key at the cap, a key at version 0) are the ones that contract allows.
 * Sources stay acquired until {@link #close()} or exhaustion. Not thread-safe.
 */
final class ScanIterator implements CloseableIterator<KeyValue> {
    private static final int BRANCH = InternalKeyCodec.BRANCH_BYTES;
    private static final int VERSION = InternalKeyCodec.VERSION_BYTES;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final SourceSet.Pin pin;
    /** Every lane, for {@link #close()}. */
    private final Lane[] lanes;
    /** Live lanes not taken or shadowed, a min-heap by {@link #precedes} in {@code heap[0, size)}. */
    private final Lane[] heap;
    private int size;
    /** Lanes whose entry was taken or shadowed: they move on at the next {@link #computeNext()}. */
    private final Lane[] consumed;
    private int consumedCount;
    private KeyValue next;
    private boolean done;
    /** What made {@link #computeNext()} fail; the scan is closed and every later call reports it. */
    private Throwable failure;
    /** A changes listing: tombstones on top are returned (as deletions) instead of skipped. */
    private final boolean deletions;

    /** A scan of live entries. */
    ScanIterator(SourceSet set, ReadChain chain, byte[] lowerLogical, byte[] upperLogical) {
        this(set, chain, lowerLogical, upperLogical, 0, false);
    }

    /**
     * With {@code floor} above 0 and {@code deletions}, the changes listing: keys whose newest
     * version in the chain is above {@code floor}. Versions at or below it count as absent, which is
     * exact because a segment's versions all exceed those it shows of the next (caps fall along the chain).
     */
    ScanIterator(SourceSet set, ReadChain chain, byte[] lowerLogical, byte[] upperLogical, long floor,
                 boolean deletions) {
        this.deletions = deletions;
        this.pin = set.acquire();
        VersionedSource[] srcs = pin.sources();
        List<Lane> list = new ArrayList<>();
        try {
            for (int s = 0; s < chain.ids.length; s++) {
                if (chain.caps[s] <= floor) {
                    break; // caps only fall along the chain
                }
                byte[] start = InternalKeyCodec.seekKey(chain.ids[s], lowerLogical);
                for (VersionedSource src : srcs) {
                    if (floor > 0 && src.maxVersion(chain.ids[s]) <= floor) {
                        continue; // nothing of this branch above the floor here
                    }
                    // a lane wants each key's newest version at or below its cap: a source may leave out older ones
                    Lane lane = new Lane(src.cursor(start, chain.caps[s]), chain.ids[s], chain.caps[s], floor, s,
                            upperLogical);
                    list.add(lane);
                    lane.settle(false);
                }
            }
        } catch (RuntimeException | Error e) {
            for (Lane lane : list) {
                lane.cursor.close();
            }
            pin.close();
            done = true;
            throw e;
        }
        list.removeIf(l -> !l.live);
        this.lanes = list.toArray(new Lane[0]);
        this.heap = new Lane[lanes.length];
        this.consumed = new Lane[lanes.length];
        for (Lane l : lanes) {
            push(l);
        }
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw new IllegalStateException("this scan failed earlier: " + failure, failure);
        }
        if (next == null && !done) {
            try {
                computeNext();
            } catch (RuntimeException | Error e) {
                // a lane may have lost its place: end the scan, and say so to a caller that goes on
                failure = e;
                close();
                throw e;
            }
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
            Lane min = null;
            if (consumedCount == 1) { // one lane moves on: if it still comes first, it wins outright
                Lane l = consumed[0];
                consumedCount = 0;
                l.moveOn();
                if (l.live) {
                    if (size == 0 || precedes(l, heap[0])) {
                        min = l;
                    } else {
                        push(l);
                    }
                }
            } else {
                for (int i = 0; i < consumedCount; i++) {
                    Lane l = consumed[i];
                    l.moveOn();
                    if (l.live) {
                        push(l);
                    }
                }
                consumedCount = 0;
            }
            if (min == null) {
                if (size == 0) {
                    close();
                    return;
                }
                min = pop();
            }
            consumed[consumedCount++] = min; // taken or shadowed: moves on before the next merge
            while (size > 0 && heap[0].compareLogical(min) == 0) {
                consumed[consumedCount++] = pop(); // the same key in a farther segment or an older source
            }
            if (deletions || !min.cursor.tombstone()) {
                next = min.toKeyValue(); // a tombstone's value is null: a deletion
                return;
            }
        }
    }

    private void push(Lane l) {
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!precedes(l, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = l;
    }

    private Lane pop() {
        Lane top = heap[0];
        Lane last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && precedes(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!precedes(heap[child], last)) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }

    /** Whether lane {@code a}'s entry comes before (or shadows) lane {@code b}'s. */
    private static boolean precedes(Lane a, Lane b) {
        int cmp = a.compareLogical(b);
        return cmp < 0 || (cmp == 0 && (a.segment < b.segment || (a.segment == b.segment && a.version() > b.version())));
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            for (Lane l : lanes) {
                l.cursor.close();
            }
            pin.close();
        }
    }

    /** One source read for one chain segment: positioned on its candidate entry while {@link #live}. */
    private static final class Lane {
        /** Consecutive skipped entries after which a lane seeks instead of stepping. */
        static final int SKIP_LIMIT = 8;
        final SourceCursor cursor;
        final long branchId;
        final long cap;
        /** Versions at or below this count as absent (0 in a plain scan). */
        final long floor;
        final int segment;
        final byte[] upper;
        /** On a candidate: the newest version at or below the cap of a logical key in range. */
        boolean live;
        /** Internal key of the last consumed candidate (reused buffer), to skip its older versions. */
        private byte[] last = new byte[64];
        private int lastLen;

        Lane(SourceCursor cursor, long branchId, long cap, long floor, int segment, byte[] upper) {
            this.cursor = cursor;
            this.branchId = branchId;
            this.cap = cap;
            this.floor = floor;
            this.segment = segment;
            this.upper = upper;
        }

        long version() {
            return InternalKeyCodec.versionOf(cursor.keyArray(), cursor.keyOffset(), cursor.keyLength());
        }

        /** Compares the logical parts (no branch, no version) of two lanes' current keys. */
        int compareLogical(Lane o) {
            SourceCursor a = cursor;
            SourceCursor b = o.cursor;
            int ao = a.keyOffset();
            int bo = b.keyOffset();
            return Arrays.compareUnsigned(a.keyArray(), ao + BRANCH, ao + a.keyLength() - VERSION,
                    b.keyArray(), bo + BRANCH, bo + b.keyLength() - VERSION);
        }

        KeyValue toKeyValue() {
            byte[] k = cursor.keyArray();
            int o = cursor.keyOffset();
            int n = cursor.keyLength();
            return new KeyValue(InternalKeyCodec.decodeLogical(k, o + BRANCH, o + n - VERSION), cursor.value(),
                    InternalKeyCodec.versionOf(k, o, n), cursor.timestampMicros());
        }

        /** Steps past the consumed candidate's key and settles on the next candidate. */
        void moveOn() {
            int n = cursor.keyLength();
            if (n > last.length) {
                last = new byte[Math.max(n, last.length * 2)];
            }
            System.arraycopy(cursor.keyArray(), cursor.keyOffset(), last, 0, n);
            lastLen = n;
            cursor.next();
            settle(true);
        }

        /**
         * From the cursor's position, finds the first entry of this branch within the range whose
         * version is at or below the cap and that is not an older version of the last consumed key.
         * Steps entry by entry and seeks only after {@link #SKIP_LIMIT} consecutive skips (a key with
         * many versions). Leaves the lane not {@link #live} (and its cursor closed) when none is left.
         */
        void settle(boolean afterLast) {
            int skipped = 0;
            SourceCursor c = cursor;
            while (c.valid()) {
                byte[] k = c.keyArray();
                int o = c.keyOffset();
                int n = c.keyLength();
                if ((long) LONG_BE.get(k, o) != branchId || (upper != null
                        && Arrays.compareUnsigned(k, o + BRANCH, o + n - VERSION, upper, 0, upper.length) >= 0)) {
                    break;
                }
                boolean older = afterLast && n == lastLen && Arrays.equals(k, o, o + n - VERSION, last, 0, n - VERSION);
                long v = InternalKeyCodec.versionOf(k, o, n);
                // at or below the floor: so are this key's later (older) versions
                boolean belowFloor = v <= floor;
                if (!older && v <= cap && !belowFloor) {
                    live = true;
                    return;
                }
                if (++skipped > SKIP_LIMIT) {
                    byte[] target = Arrays.copyOfRange(k, o, o + n);
                    InternalKeyCodec.setVersion(target, older || belowFloor ? 0 : cap);
                    c.seek(target);
                    skipped = 0;
                } else {
                    c.next();
                }
            }
            live = false;
            c.close();
        }
    }
}
