package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of the LSM levels. Level 0 holds flushed tables that may overlap,
 * newest first; every deeper level holds tables with disjoint key ranges sorted by smallest
 * key, and no key prefix spans two tables of one level. For any key, versions in a shallower
 * level (and, within L0, in a newer table) are newer than versions deeper down, so a point
 * lookup can stop at the first table holding a version &lt;= its cap.
 *
 * <p>Shared state is published by swapping whole sets ({@link LsmTree} does it with
 * compare-and-set): readers take a set and read it without locks. Thread-safe (immutable).
 */
public final class TableSet {
    /** Most levels a set may have. */
    public static final int MAX_LEVELS = 16;
    private static final Comparator<TableMeta> BY_SMALLEST = (a, b) -> InternalKeys.compare(a.smallestKey(),
            b.smallestKey());

    private final List<List<TableMeta>> levels;
    private final long generation;

    private TableSet(List<List<TableMeta>> levels, long generation) {
        this.levels = levels;
        this.generation = generation;
    }

    /** An empty set with {@code levelCount} levels (L0 included). */
    public static TableSet empty(int levelCount) {
        if (levelCount < 2 || levelCount > MAX_LEVELS) {
            throw new IllegalArgumentException("level count must be in 2.." + MAX_LEVELS + ", got " + levelCount);
        }
        List<List<TableMeta>> ls = new ArrayList<>();
        for (int i = 0; i < levelCount; i++) {
            ls.add(List.of());
        }
        return new TableSet(List.copyOf(ls), 0);
    }

    /** How many edits led to this set (a change counter, for logs and tests). */
    public long generation() {
        return generation;
    }

    public int levelCount() {
        return levels.size();
    }

    /** Tables of a level: L0 newest first, deeper levels by key range. */
    public List<TableMeta> level(int level) {
        return levels.get(level);
    }

    /** Every table, shallowest level first (the order reads consult them). */
    public List<TableMeta> all() {
        List<TableMeta> out = new ArrayList<>();
        levels.forEach(out::addAll);
        return out;
    }

    /** The ids of the blob files this set's tables refer to (a new, modifiable set). */
    public java.util.Set<Long> referencedBlobs() {
        return new java.util.HashSet<>(blobBytes().keySet());
    }

    /** Per blob file this set's tables refer to: the bytes of the values they refer to in it. */
    public java.util.Map<Long, Long> blobBytes() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (List<TableMeta> l : levels) {
            for (TableMeta t : l) {
                long[] ids = t.props().blobIds();
                long[] bytes = t.props().blobBytes();
                for (int i = 0; i < ids.length; i++) {
                    out.merge(ids[i], bytes[i], Long::sum);
                }
            }
        }
        return out;
    }

    public int tableCount() {
        int n = 0;
        for (List<TableMeta> l : levels) {
            n += l.size();
        }
        return n;
    }

    public long levelBytes(int level) {
        long n = 0;
        for (TableMeta t : levels.get(level)) {
            n += t.fileSize();
        }
        return n;
    }

    /** Bytes per level, for {@code StorageStats.bytesPerLevel}. */
    public List<Long> bytesPerLevel() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            out.add(levelBytes(i));
        }
        return out;
    }

    /** Tables of {@code level} whose key range intersects [lo, hi]. */
    public List<TableMeta> overlapping(int level, byte[] lo, byte[] hi) {
        List<TableMeta> out = new ArrayList<>();
        for (TableMeta t : levels.get(level)) {
            if (t.overlaps(lo, hi)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Tables that may hold a version of {@code prefix}, in lookup order (newest data first). */
    public List<TableMeta> candidates(byte[] prefix) {
        byte[] lo = InternalKeys.of(prefix, Long.MAX_VALUE);
        byte[] hi = InternalKeys.of(prefix, 0);
        List<TableMeta> out = new ArrayList<>();
        for (TableMeta t : levels.get(0)) {
            if (t.overlaps(lo, hi)) {
                out.add(t);
            }
        }
        for (int i = 1; i < levels.size(); i++) {
            List<TableMeta> l = levels.get(i);
            int at = firstEndingAtOrAfter(l, lo);
            if (at < l.size() && l.get(at).overlaps(lo, hi)) {
                out.add(l.get(at));
            }
        }
        return out;
    }

    private static int firstEndingAtOrAfter(List<TableMeta> l, byte[] key) {
        int lo = 0;
        int hi = l.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKeys.compare(l.get(mid).largestKey(), key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The set after {@code edit}: removed tables must be present, added ids must be new, and deeper
     * levels must stay disjoint. Added L0 tables go in front, newest last in the edit's order.
     *
     * @throws IllegalArgumentException naming the offending table when the edit does not fit
     */
    public TableSet apply(TableEdit edit) {
        Set<Long> removed = new HashSet<>(edit.removed());
        Set<Long> present = new HashSet<>();
        for (List<TableMeta> l : levels) {
            for (TableMeta t : l) {
                present.add(t.id());
            }
        }
        for (long id : removed) {
            if (!present.contains(id)) {
                throw new IllegalArgumentException("edit removes table " + id + " which is not in the set");
            }
        }
        List<List<TableMeta>> next = new ArrayList<>();
        for (List<TableMeta> l : levels) {
            List<TableMeta> kept = new ArrayList<>();
            for (TableMeta t : l) {
                if (!removed.contains(t.id())) {
                    kept.add(t);
                }
            }
            next.add(kept);
        }
        for (TableEdit.Added a : edit.added()) {
            if (a.level() >= next.size()) {
                throw new IllegalArgumentException("edit adds table " + a.table().id() + " at level " + a.level()
                        + " but the set has " + next.size() + " levels");
            }
            if (present.contains(a.table().id()) && !removed.contains(a.table().id())) {
                throw new IllegalArgumentException("edit adds table " + a.table().id() + " which is already in the set");
            }
            if (a.level() == 0) {
                next.get(0).add(0, a.table());
            } else {
                next.get(a.level()).add(a.table());
            }
        }
        for (int i = 1; i < next.size(); i++) {
            List<TableMeta> l = next.get(i);
            l.sort(BY_SMALLEST);
            for (int j = 1; j < l.size(); j++) {
                TableMeta prev = l.get(j - 1);
                TableMeta cur = l.get(j);
                if (InternalKeys.compare(prev.largestKey(), cur.smallestKey()) >= 0
                        || InternalKeys.samePrefix(prev.largestKey(), cur.smallestKey())) {
                    throw new IllegalArgumentException("tables " + prev.id() + " and " + cur.id()
                            + " overlap at level " + i);
                }
            }
        }
        List<List<TableMeta>> frozen = new ArrayList<>();
        for (List<TableMeta> l : next) {
            frozen.add(Collections.unmodifiableList(l));
        }
        return new TableSet(List.copyOf(frozen), generation + 1);
    }

    /** The full set as bytes (for a manifest snapshot); {@link #decode} restores it. */
    public byte[] encode() {
        ByteSink s = new ByteSink(1024);
        s.put(1);
        s.putVarLong(levels.size());
        for (List<TableMeta> l : levels) {
            s.putVarLong(l.size());
            for (TableMeta t : l) {
                s.putBytes(t.encode());
            }
        }
        return s.toByteArray();
    }

    public static TableSet decode(byte[] b, String object) throws CorruptionException {
        ByteReader r = new ByteReader(b, 0, b.length, object, 0);
        int v = r.get();
        if (v != 1) {
            throw r.corrupt("unknown table set layout " + v);
        }
        int n = r.getVarInt(MAX_LEVELS);
        if (n < 2) {
            throw r.corrupt("table set with " + n + " levels");
        }
        TableSet set = empty(n);
        List<TableEdit.Added> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int m = r.getVarInt(b.length);
            List<TableMeta> l = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                l.add(TableMeta.decode(r.getBytes(), object));
            }
            if (i == 0) {
                Collections.reverse(l); // apply() puts each added L0 table in front
            }
            for (TableMeta t : l) {
                added.add(new TableEdit.Added(i, t));
            }
        }
        if (r.hasMore()) {
            throw r.corrupt("trailing bytes after a table set");
        }
        try {
            return set.apply(new TableEdit(added, List.of()));
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(object, 0, "inconsistent table set: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TableSet[gen=" + generation);
        for (int i = 0; i < levels.size(); i++) {
            if (!levels.get(i).isEmpty()) {
                sb.append(" L").append(i).append('=').append(levels.get(i).size()).append('/')
                        .append(levelBytes(i)).append('B');
            }
        }
        return sb.append(']').toString();
    }
}
