package io.stratadb.internal.engine;

import io.stratadb.ConflictException;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.NotFoundException;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Three-way merge of one branch into another, applied in one storage transaction on the target
 * (so a concurrent commit on the target makes it conflict and retry; nothing is ever half-applied).
 *
 * <p>For every entity of every merge keyspace, with base b, source s and target t (absent = null):
 * if s == b nothing happens; else if t == b the source's change (put or delete) is applied; else if
 * s == t nothing happens; else it is a conflict, resolved by the strategy. Event logs are merged by
 * appending the source's events after the base to the target's log (re-sequenced and re-chained,
 * keeping type, payload and timestamp). State/JSON counters never go backwards on the target.
 * A merge record is written with the merge so the next merge of the pair starts from here.
 */
final class BranchMerger {
    static final int ATTEMPTS = 16;
    private final Engine engine;

    BranchMerger(Engine engine) {
        this.engine = engine;
    }

    MergeResult merge(String source, String target, MergeStrategy strategy, boolean preview) {
        ConflictException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return attempt(source, target, strategy, preview);
            } catch (CommitConflictException e) {
                last = new ConflictException("merge of '" + source + "' into '" + target
                        + "' kept conflicting with concurrent commits: " + e.getMessage(), e);
            } catch (StorageException e) {
                throw StorageErrors.translate(e);
            }
        }
        throw last;
    }

    private BranchInfo info(String name) {
        return engine.storage().branch(name).orElseThrow(() -> new NotFoundException("branch '" + name
                + "' does not exist"));
    }

    private MergeResult attempt(String source, String target, MergeStrategy strategy, boolean preview) {
        BranchInfo src = info(source);
        BranchInfo tgt = info(target);
        try (Transaction t = engine.storage().begin(target)) {
            ReadView sv = engine.storage().snapshot(source);
            MergeBase base = MergeBase.find(engine.storage(), src, tgt, sv, t);
            TreeSet<String> spaces = new TreeSet<>(engine.spaceRegistry().list(sv));
            spaces.addAll(engine.spaceRegistry().list(t));
            if (base.view() != null) {
                spaces.addAll(engine.spaceRegistry().list(base.view()));
            }
            Counts n = new Counts();
            List<MergeResult.Conflict> conflicts = new ArrayList<>();
            String resolution = switch (strategy) {
                case STRICT -> "aborted";
                case LAST_WRITER_WINS -> "source";
                case TARGET_WINS -> "target";
            };
            for (String space : spaces) {
                for (Map.Entry<Integer, String> ks : engine.mergeKeyspaces().entrySet()) {
                    mergeKeyspace(t, sv, base, space, ks.getKey(), ks.getValue(), strategy, resolution, conflicts, n);
                }
                mergeEvents(t, sv, base, space, n);
            }
            // spaces created on the source since the base (even empty ones) appear on the target too
            List<String> baseSpaces = base.view() == null ? List.of() : engine.spaceRegistry().list(base.view());
            List<String> targetSpaces = engine.spaceRegistry().list(t);
            boolean newSpaces = false;
            for (String space : engine.spaceRegistry().list(sv)) {
                if (!baseSpaces.contains(space) && !targetSpaces.contains(space)) {
                    engine.spaceRegistry().ensure(t, space);
                    newSpaces = true;
                }
            }
            boolean changes = n.applied + n.deleted + n.events > 0 || newSpaces;
            boolean abort = strategy == MergeStrategy.STRICT && !conflicts.isEmpty();
            if (preview || abort || !changes) {
                t.rollback();
                return new MergeResult(source, target, strategy, preview, false, n.applied, n.deleted, n.events,
                        conflicts, base.version(), 0);
            }
            t.put(MergeBase.recordKey(source), MergeBase.encodeRecord(src.id(), tgt.id(), sv.version()));
            CommitResult c = t.commit();
            return new MergeResult(source, target, strategy, false, true, n.applied, n.deleted, n.events, conflicts,
                    base.version(), c.version());
        }
    }

    private static final class Counts {
        long applied;
        long deleted;
        long events;
    }

    private void mergeKeyspace(Transaction t, ReadView sv, MergeBase base, String space, int keyspace,
                               String primitive, MergeStrategy strategy, String resolution,
                               List<MergeResult.Conflict> conflicts, Counts n) {
        // Only keys where the source differs from the base can change the target, and those are among
        // the keys either of them changed since their shared history: the walk reads just those, and
        // the target only where the source differs (a point read, which the commit validates).
        // Writes are buffered until the walk ends.
        List<Key> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        ReadView bv = base.view();
        long shared = bv == null ? 0 : sv.sharedHistory(bv);
        KeyspaceCursor.forEachChanged(bv, sv, KeyRange.keyspace(space, keyspace), shared, (k, b, s) -> {
            if (Entities.same(keyspace, b, s)) {
                return; // source unchanged
            }
            byte[] tv = KeyspaceCursor.read(t, k);
            if (Entities.same(keyspace, s, tv)) {
                return; // both made the same change
            }
            if (!Entities.same(keyspace, b, tv)) {
                conflicts.add(new MergeResult.Conflict(space, primitive, Entities.keyName(k),
                        Entities.decode(k, keyspace, b), Entities.decode(k, keyspace, s),
                        Entities.decode(k, keyspace, tv), resolution));
                if (strategy != MergeStrategy.LAST_WRITER_WINS) {
                    return;
                }
            }
            byte[] put = s;
            if (s != null && Entities.counted(keyspace) && tv != null) {
                put = Counted.withCounter(s, Math.max(Counted.counterOf(tv) + 1, Counted.counterOf(s)));
            }
            keys.add(k);
            values.add(put);
        });
        if (keys.isEmpty()) {
            return;
        }
        engine.spaceRegistry().ensure(t, space);
        for (int i = 0; i < keys.size(); i++) {
            byte[] put = values.get(i);
            if (put == null) {
                t.delete(keys.get(i));
                n.deleted++;
            } else {
                t.put(keys.get(i), put);
                n.applied++;
            }
        }
    }

    private void mergeEvents(Transaction t, ReadView sv, MergeBase base, String space, Counts n) {
        long to = EventOps.count(sv, space);
        long from = base.how().equals("merge-record") ? EventOps.count(base.eventBaseView(), space)
                : commonPrefix(sv, t, space, to);
        if (to <= from) {
            return;
        }
        List<EventCodec.Stored> pending = new ArrayList<>();
        EventOps.scanAll(sv, space, from, Integer.MAX_VALUE, pending::add);
        if (!pending.isEmpty()) {
            engine.spaceRegistry().ensure(t, space);
        }
        for (EventCodec.Stored s : pending) {
            EventOps.appendRaw(t, space, s.type(), s.payloadBytes(), s.ts());
            n.events++;
        }
    }

    /**
     * How many leading events the two logs share. Hash chaining makes "same hash at sequence i"
     * imply the same events before it, so this is a binary search over a monotone predicate.
     * Forks share their parent's log prefix exactly, so this finds the fork point of the logs even
     * when the branch between them was deleted.
     */
    private static long commonPrefix(ReadView a, ReadView b, String space, long countA) {
        long lo = 0;
        long hi = Math.min(countA, EventOps.count(b, space));
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1; // is the prefix of length mid shared?
            if (sameEvent(a, b, space, mid - 1)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static boolean sameEvent(ReadView a, ReadView b, String space, long seq) {
        var x = a.get(EventCodec.eventKey(space, seq));
        var y = b.get(EventCodec.eventKey(space, seq));
        return x.isPresent() && y.isPresent() && java.util.Arrays.equals(EventCodec.decode(seq, x.get().value()).hash(),
                EventCodec.decode(seq, y.get().value()).hash());
    }
}
