package io.stratadb.storage.core;

import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The obvious, slow reference: per branch a sorted map of key to (version to value, null =
 * tombstone), plus fork metadata (parent object, fork version). Global versions and timestamps
 * follow the same rules as the runtime (one per commit, catalog commits included;
 * ts = max(clock, last + 1)).
 */
final class ReferenceModel {
    /** One version as the model sees it; {@code value == null} is a tombstone. */
    record Ver(byte[] value, long version, long ts) {
    }

    static final class Branch {
        final String name;
        final Branch parent;
        final long forkVersion;
        final long createdVersion;
        final long createdMicros;
        final TreeMap<Key, TreeMap<Long, byte[]>> data = new TreeMap<>();
        boolean deleted;
        long lastCommit;
        long updatedMicros;

        Branch(String name, Branch parent, long forkVersion, long createdVersion, long createdMicros) {
            this.name = name;
            this.parent = parent;
            this.forkVersion = forkVersion;
            this.createdVersion = createdVersion;
            this.createdMicros = createdMicros;
            this.updatedMicros = createdMicros;
        }
    }

    final Map<String, Branch> live = new HashMap<>();
    final TreeMap<Long, Long> timestamps = new TreeMap<>();
    final TreeMap<Long, Long> versionsByTs = new TreeMap<>();
    long version;
    long lastTs;

    ReferenceModel(long defaultCreatedMicros) {
        live.put("default", new Branch("default", null, 0, 0, defaultCreatedMicros));
    }

    private long nextCommit(long clock) {
        version++;
        lastTs = Math.max(clock, lastTs + 1);
        timestamps.put(version, lastTs);
        versionsByTs.put(lastTs, version);
        return version;
    }

    long commit(Branch b, List<WriteBatch.Write> writes, long clock) {
        long v = nextCommit(clock);
        for (WriteBatch.Write w : writes) {
            b.data.computeIfAbsent(w.key(), k -> new TreeMap<>()).put(v, w.value());
        }
        b.lastCommit = v;
        b.updatedMicros = lastTs;
        return v;
    }

    Branch fork(Branch source, String target, long forkAt, long clock) {
        long v = nextCommit(clock);
        Branch child = new Branch(target, source, source == null ? 0 : forkAt < 0 ? v - 1 : forkAt, v, lastTs);
        live.put(target, child);
        return child;
    }

    void delete(Branch b, long clock) {
        nextCommit(clock);
        b.deleted = true;
        live.remove(b.name);
    }

    long versionAt(long ts) {
        Map.Entry<Long, Long> best = versionsByTs.floorEntry(ts);
        return best == null ? 0 : best.getValue();
    }

    /** The deciding version of {@code key} (possibly a tombstone), or null. */
    Ver get(Branch b, Key key, long readVersion) {
        long cap = readVersion;
        for (Branch cur = b; cur != null; cap = Math.min(cap, cur.forkVersion), cur = cur.parent) {
            TreeMap<Long, byte[]> vs = cur.data.get(key);
            if (vs != null) {
                Map.Entry<Long, byte[]> e = vs.floorEntry(cap);
                if (e != null) {
                    return new Ver(e.getValue(), e.getKey(), timestamps.get(e.getKey()));
                }
            }
        }
        return null;
    }

    List<Ver> history(Branch b, Key key, long readVersion) {
        List<Ver> out = new ArrayList<>();
        long cap = readVersion;
        for (Branch cur = b; cur != null; cap = Math.min(cap, cur.forkVersion), cur = cur.parent) {
            TreeMap<Long, byte[]> vs = cur.data.get(key);
            if (vs != null) {
                for (Map.Entry<Long, byte[]> e : vs.headMap(cap, true).descendingMap().entrySet()) {
                    out.add(new Ver(e.getValue(), e.getKey(), timestamps.get(e.getKey())));
                }
            }
        }
        return out;
    }

    /** Keys of the range whose deciding version at {@code readVersion} is above {@code since} (tombstones too). */
    NavigableMap<Key, Ver> changes(Branch b, KeyRange range, long readVersion, long since) {
        TreeMap<Key, Ver> out = new TreeMap<>();
        for (Key k : keys(b, range)) {
            Ver v = get(b, k, readVersion);
            if (v != null && v.version() > since) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Every key of the range written on {@code b} or an ancestor. */
    TreeSet<Key> keys(Branch b, KeyRange range) {
        TreeSet<Key> out = new TreeSet<>();
        for (Branch cur = b; cur != null; cur = cur.parent) {
            for (Key k : cur.data.keySet()) {
                if (range.contains(k)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /** Live entries of the range at {@code readVersion}, in key order. */
    NavigableMap<Key, Ver> scan(Branch b, KeyRange range, long readVersion) {
        TreeMap<Key, Ver> out = new TreeMap<>();
        for (Key k : keys(b, range)) {
            Ver v = get(b, k, readVersion);
            if (v != null && v.value() != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /** Whether branch {@code b} itself has a version of {@code key} newer than {@code snapshot}. */
    static boolean changedAfter(Branch b, Key key, long snapshot) {
        TreeMap<Long, byte[]> vs = b.data.get(key);
        return vs != null && vs.lastKey() > snapshot;
    }

    static boolean rangeChangedAfter(Branch b, KeyRange range, long snapshot) {
        for (Map.Entry<Key, TreeMap<Long, byte[]>> e : b.data.entrySet()) {
            if (range.contains(e.getKey()) && e.getValue().lastKey() > snapshot) {
                return true;
            }
        }
        return false;
    }
}
