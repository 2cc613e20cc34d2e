package io.stratadb.internal.engine;

import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.Key;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.VersionedValue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the merge base of merging {@code source} into {@code target}:
 * <ol>
 *   <li>the newest merge record between the two branches (either direction; records live in the
 *       merged-into branch's {@link Engine#SYSTEM_SPACE}/{@link Keyspaces#META} under
 *       {@code "merge/" + sourceName}, holding source id, target id and the source version merged;
 *       the record's own commit version is the merge's commit);</li>
 *   <li>else the fork point: the nearest common ancestor through the parent chains, read as of the
 *       smallest fork version on the way down to either branch;</li>
 *   <li>else nothing (no common history: everything on either side counts as a change).</li>
 * </ol>
 *
 * @param view          the base state (null = empty)
 * @param version       its commit version (0 = empty)
 * @param eventBaseView a view of the source whose event count marks the events the target already has
 *                      (null = none)
 * @param how           "merge-record", "fork-point" or "none", for messages
 */
record MergeBase(ReadView view, long version, ReadView eventBaseView, String how) {
    static final String RECORD_PREFIX = "merge/";

    static Key recordKey(String mergedFrom) {
        return Key.of(Engine.SYSTEM_SPACE, Keyspaces.META, RECORD_PREFIX + mergedFrom);
    }

    static byte[] encodeRecord(long sourceId, long targetId, long sourceVersion) {
        return ByteBuffer.allocate(24).putLong(sourceId).putLong(targetId).putLong(sourceVersion).array();
    }

    /** A decoded merge record found on some branch. */
    private record Rec(long sourceId, long targetId, long sourceVersion, long commitVersion) {
    }

    private static Optional<Rec> readRecord(ReadView onBranch, String mergedFrom, long fromId, long intoId) {
        Optional<VersionedValue> v = onBranch.get(recordKey(mergedFrom));
        if (v.isEmpty() || v.get().value().length != 24) {
            return Optional.empty();
        }
        ByteBuffer bb = ByteBuffer.wrap(v.get().value());
        Rec r = new Rec(bb.getLong(), bb.getLong(), bb.getLong(), v.get().version());
        return r.sourceId() == fromId && r.targetId() == intoId ? Optional.of(r) : Optional.empty();
    }

    static MergeBase find(Storage storage, BranchInfo src, BranchInfo tgt, ReadView srcView, ReadView tgtView) {
        Optional<Rec> intoTarget = readRecord(tgtView, src.name(), src.id(), tgt.id());
        Optional<Rec> intoSource = readRecord(srcView, tgt.name(), tgt.id(), src.id());
        if (intoTarget.isPresent() && (intoSource.isEmpty()
                || intoTarget.get().commitVersion() >= intoSource.get().commitVersion())) {
            Rec r = intoTarget.get();
            ReadView base = storage.asOf(src.name(), r.sourceVersion());
            return new MergeBase(base, r.sourceVersion(), base, "merge-record");
        }
        if (intoSource.isPresent()) {
            Rec r = intoSource.get();
            // the source then contained the target as of r.sourceVersion
            ReadView base = storage.asOf(tgt.name(), r.sourceVersion());
            return new MergeBase(base, r.sourceVersion(), storage.asOf(src.name(), r.commitVersion()),
                    "merge-record");
        }
        List<Hop> sChain = chain(storage, src);
        List<Hop> tChain = chain(storage, tgt);
        for (Hop s : sChain) {
            for (Hop t : tChain) {
                if (s.id() == t.id()) {
                    long v = Math.min(s.cap(), t.cap());
                    if (v == Long.MAX_VALUE) {
                        v = storage.latestVersion();
                    }
                    ReadView base = storage.asOf(s.name(), v);
                    return new MergeBase(base, v, storage.asOf(src.name(), v), "fork-point");
                }
            }
        }
        return new MergeBase(null, 0, null, "none");
    }

    /** One ancestor: its name, id, and the highest of its versions the descendant sees. */
    private record Hop(String name, long id, long cap) {
    }

    private static List<Hop> chain(Storage storage, BranchInfo b) {
        List<Hop> out = new ArrayList<>();
        out.add(new Hop(b.name(), b.id(), Long.MAX_VALUE));
        long cap = Long.MAX_VALUE;
        BranchInfo cur = b;
        for (int guard = 0; guard < 10_000 && cur.parent().isPresent(); guard++) {
            cap = Math.min(cap, cur.forkVersion());
            Optional<BranchInfo> p = storage.branch(cur.parent().get());
            if (p.isEmpty() || p.get().createdVersion() > cur.createdVersion()) {
                break; // parent deleted (or re-created under the same name): history ends here
            }
            cur = p.get();
            out.add(new Hop(cur.name(), cur.id(), cap));
        }
        return out;
    }
}
