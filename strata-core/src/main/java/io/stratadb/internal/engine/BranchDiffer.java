package io.stratadb.internal.engine;

import io.stratadb.BranchDiff;
import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.ReadView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes {@link BranchDiff}s between the latest states of two branches: per space (the union of
 * both branches' spaces) and primitive (every merge keyspace, plus event logs compared by sequence
 * and hash). Loads one keyspace of one space at a time. Stateless.
 */
final class BranchDiffer {
    private final Engine engine;

    BranchDiffer(Engine engine) {
        this.engine = engine;
    }

    BranchDiff diff(String a, String b) {
        ReadView va = StorageErrors.call(() -> engine.storage().snapshot(a));
        ReadView vb = StorageErrors.call(() -> engine.storage().snapshot(b));
        // keys whose newest version is at most `shared` in both views are the same in both: only
        // what either side changed since is read (a fork's diff costs its changes, not its size)
        long shared = va.sharedHistory(vb);
        TreeSet<String> spaces = new TreeSet<>(engine.spaceRegistry().list(va));
        spaces.addAll(engine.spaceRegistry().list(vb));
        List<BranchDiff.SpaceDiff> out = new ArrayList<>();
        long added = 0;
        long removed = 0;
        long modified = 0;
        for (String space : spaces) {
            for (Map.Entry<Integer, String> ks : engine.mergeKeyspaces().entrySet()) {
                BranchDiff.SpaceDiff d = diffKeyspace(va, vb, shared, space, ks.getKey(), ks.getValue());
                if (d != null) {
                    out.add(d);
                }
            }
            BranchDiff.SpaceDiff d = diffEvents(va, vb, shared, space);
            if (d != null) {
                out.add(d);
            }
        }
        for (BranchDiff.SpaceDiff d : out) {
            added += d.added().size();
            removed += d.removed().size();
            modified += d.modified().size();
        }
        return new BranchDiff(a, b, out, new BranchDiff.Summary(added, removed, modified));
    }

    private static BranchDiff.SpaceDiff diffKeyspace(ReadView va, ReadView vb, long shared, String space,
                                                     int keyspace, String primitive) {
        List<BranchDiff.Change> add = new ArrayList<>();
        List<BranchDiff.Change> rem = new ArrayList<>();
        List<BranchDiff.Change> mod = new ArrayList<>();
        KeyspaceCursor.forEachChanged(va, vb, KeyRange.keyspace(space, keyspace), shared, (k, x, y) -> {
            if (!Entities.same(keyspace, x, y)) {
                BranchDiff.Change c = new BranchDiff.Change(Entities.keyName(k), Entities.decode(k, keyspace, x),
                        Entities.decode(k, keyspace, y));
                (x == null ? add : y == null ? rem : mod).add(c);
            }
        });
        return add.isEmpty() && rem.isEmpty() && mod.isEmpty() ? null
                : new BranchDiff.SpaceDiff(space, primitive, add, rem, mod);
    }

    private static BranchDiff.SpaceDiff diffEvents(ReadView va, ReadView vb, long shared, String space) {
        List<BranchDiff.Change> add = new ArrayList<>();
        List<BranchDiff.Change> rem = new ArrayList<>();
        List<BranchDiff.Change> mod = new ArrayList<>();
        KeyRange events = KeyRange.interval(space, Keyspaces.EVENT, EventCodec.seqKey(0),
                new byte[] {EventCodec.EVENT + 1});
        KeyspaceCursor.forEachChanged(va, vb, events, shared, (k, x, y) -> {
            byte[] uk = k.userKeyNoCopy();
            if (!EventCodec.isEventKey(uk)) {
                return;
            }
            long seq = EventCodec.seqOfEventKey(uk);
            if (x != null && y != null && EventCodec.sameHash(seq, x, y)) {
                return; // same hash: the same event (and the same chain before it)
            }
            BranchDiff.Change c = new BranchDiff.Change(Long.toString(seq),
                    x == null ? null : EventCodec.asValue(EventCodec.decode(seq, x)),
                    y == null ? null : EventCodec.asValue(EventCodec.decode(seq, y)));
            (x == null ? add : y == null ? rem : mod).add(c);
        });
        return add.isEmpty() && rem.isEmpty() && mod.isEmpty() ? null
                : new BranchDiff.SpaceDiff(space, "event", add, rem, mod);
    }
}
