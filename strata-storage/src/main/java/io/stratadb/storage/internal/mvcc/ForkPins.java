package io.stratadb.storage.internal.mvcc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What retention must respect, read off the branch catalog at one moment: which branch ids are
 * still readable (a live branch and every ancestor it reads through) and, per parent id, the
 * fork versions at which children read it. A version a child sees at its fork version must stay;
 * everything of a branch id nobody can read may go.
 */
public final class ForkPins {
    private final Set<Long> readable;
    private final Map<Long, long[]> childForks;

    private ForkPins(Set<Long> readable, Map<Long, long[]> childForks) {
        this.readable = readable;
        this.childForks = childForks;
    }

    /** Computes the pins of the catalog's current branches. */
    public static ForkPins of(BranchCatalog catalog) {
        Set<Long> readable = new HashSet<>();
        Map<Long, List<Long>> forks = new HashMap<>();
        for (BranchState b : catalog.all()) {
            if (b.isDeleted()) {
                continue;
            }
            for (BranchState cur = b; cur != null && readable.add(cur.id());
                 cur = cur.parentId() == BranchState.NO_PARENT ? null : catalog.byId(cur.parentId())) {
                if (cur.parentId() != BranchState.NO_PARENT) {
                    forks.computeIfAbsent(cur.parentId(), k -> new ArrayList<>()).add(cur.forkVersion());
                }
            }
        }
        Map<Long, long[]> childForks = new HashMap<>();
        forks.forEach((id, vs) -> childForks.put(id, vs.stream().mapToLong(Long::longValue).toArray()));
        return new ForkPins(readable, childForks);
    }

    /** Whether some live branch can still read entries of branch {@code id}. */
    public boolean isReadable(long id) {
        return readable.contains(id);
    }

    /** The fork versions at which children read branch {@code id} (empty if none). */
    public long[] childForkVersions(long id) {
        long[] v = childForks.get(id);
        return v == null ? new long[0] : v;
    }
}
