package io.stratadb.internal.engine;

import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitListener;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.StorageStats;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simple, obviously-correct in-memory model of the L9 {@link Storage} contract, used by engine
 * tests until (and besides) the real runtime: versioned key chains per branch, forks capped at the
 * fork version, OCC transactions validating reads, scanned ranges and writes. Coarse-locked.
 */
final class FakeStorage implements Storage {
    private record Ver(long version, long ts, byte[] value) {
    }

    private static final class Br {
        final String name;
        final long id;
        final Br parent;
        final long forkVersion;
        final long createdMicros;
        final long createdVersion;
        final TreeMap<Key, List<Ver>> data = new TreeMap<>();
        long lastCommit;
        long updated;

        Br(String name, long id, Br parent, long forkVersion, long createdMicros, long createdVersion) {
            this.name = name;
            this.id = id;
            this.parent = parent;
            this.forkVersion = forkVersion;
            this.createdMicros = createdMicros;
            this.createdVersion = createdVersion;
            this.updated = createdMicros;
        }
    }

    private final StorageOptions options = StorageOptions.inMemory();
    private final Map<String, Br> branches = new TreeMap<>();
    private final List<long[]> timeline = new ArrayList<>(); // {version, ts}
    private long version;
    private long lastTs;
    private long nextId = 1;
    private boolean closed;

    FakeStorage() {
        branches.put(DEFAULT_BRANCH, new Br(DEFAULT_BRANCH, nextId++, null, 0, now(), 0));
    }

    private long now() {
        long t = Math.max(StorageOptions.systemMicros(), lastTs + 1);
        lastTs = t;
        return t;
    }

    private Br br(String name) {
        if (closed) {
            throw new StorageStateException("storage is closed");
        }
        Br b = branches.get(name);
        if (b == null) {
            throw new BranchNotFoundException(name);
        }
        return b;
    }

    private BranchInfo info(Br b) {
        Optional<String> parent = b.parent != null && branches.get(b.parent.name) == b.parent
                ? Optional.of(b.parent.name) : Optional.empty();
        return new BranchInfo(b.name, b.id, parent, b.forkVersion, b.createdMicros, b.createdVersion, b.lastCommit,
                b.updated);
    }

    @Override
    public synchronized BranchInfo createBranch(String name) {
        if (branches.containsKey(name)) {
            throw new BranchExistsException(name);
        }
        Br b = new Br(name, nextId++, null, 0, now(), version);
        branches.put(name, b);
        return info(b);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target) {
        return fork(source, target, version);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target, long v) {
        Br s = br(source);
        if (branches.containsKey(target)) {
            throw new BranchExistsException(target);
        }
        Br b = new Br(target, nextId++, s, v, now(), version);
        branches.put(target, b);
        return info(b);
    }

    @Override
    public synchronized void deleteBranch(String name) {
        if (DEFAULT_BRANCH.equals(name)) {
            throw new StorageStateException("cannot delete the default branch");
        }
        br(name);
        branches.remove(name);
    }

    @Override
    public synchronized List<BranchInfo> listBranches() {
        List<BranchInfo> out = new ArrayList<>();
        for (Br b : branches.values()) {
            out.add(info(b));
        }
        return out;
    }

    @Override
    public synchronized Optional<BranchInfo> branch(String name) {
        Br b = branches.get(name);
        return b == null ? Optional.empty() : Optional.of(info(b));
    }

    @Override
    public synchronized long latestVersion() {
        return version;
    }

    @Override
    public synchronized ReadView snapshot(String branch) {
        return new View(br(branch), version);
    }

    @Override
    public synchronized ReadView asOf(String branch, long v) {
        if (v > version || v < 0) {
            throw new InvalidKeyException("version " + v + " is not in 0.." + version);
        }
        return new View(br(branch), v);
    }

    @Override
    public synchronized ReadView asOfTimestamp(String branch, long ts) {
        return new View(br(branch), versionAt(ts));
    }

    @Override
    public synchronized long timestampOf(long v) {
        for (long[] e : timeline) {
            if (e[0] == v) {
                return e[1];
            }
        }
        throw new InvalidKeyException("no commit " + v);
    }

    @Override
    public synchronized long versionAt(long ts) {
        long best = 0;
        for (long[] e : timeline) {
            if (e[1] <= ts) {
                best = e[0];
            }
        }
        return best;
    }

    private synchronized CommitResult apply(Br b, Map<Key, byte[]> writes, Set<Key> deletes) {
        if (options.readOnly()) {
            throw new StorageStateException("storage is read-only");
        }
        long v = ++version;
        long ts = now();
        timeline.add(new long[] {v, ts});
        for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
            b.data.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Ver(v, ts,
                    deletes.contains(e.getKey()) ? null : e.getValue()));
        }
        b.lastCommit = v;
        b.updated = ts;
        return new CommitResult(v, ts);
    }

    @Override
    public synchronized CommitResult commit(String branch, WriteBatch batch) {
        if (batch.isEmpty()) {
            throw new InvalidKeyException("empty batch");
        }
        Map<Key, byte[]> w = new LinkedHashMap<>();
        Set<Key> d = new HashSet<>();
        for (WriteBatch.Write x : batch.writes()) {
            w.put(x.key(), x.value());
            if (x.isDelete()) {
                d.add(x.key());
            } else {
                d.remove(x.key());
            }
        }
        return apply(br(branch), w, d);
    }

    @Override
    public synchronized Transaction begin(String branch) {
        return new Txn(br(branch), version);
    }

    @Override
    public void addCommitListener(CommitListener listener) {
    }

    @Override
    public void flush() {
    }

    @Override
    public void compact() {
    }

    @Override
    public StorageStats stats() {
        throw new UnsupportedOperationException();
    }

    @Override
    public RecoveryHealth recoveryHealth() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- reads --------------------------------------------------------------------------------

    private synchronized Optional<VersionedValue> read(Br b, Key k, long v) {
        List<VersionedValue> h = history(b, k, v);
        if (h.isEmpty() || h.get(0).isTombstone()) {
            return Optional.empty();
        }
        return Optional.of(h.get(0));
    }

    private synchronized List<VersionedValue> history(Br b, Key k, long v) {
        List<VersionedValue> out = new ArrayList<>();
        long cap = v;
        for (Br x = b; x != null; x = x.parent) {
            List<Ver> vs = x.data.get(k);
            if (vs != null) {
                for (int i = vs.size() - 1; i >= 0; i--) {
                    Ver e = vs.get(i);
                    if (e.version <= cap) {
                        out.add(new VersionedValue(e.value, e.version, e.ts));
                    }
                }
            }
            cap = Math.min(cap, x.forkVersion);
        }
        return out;
    }

    private synchronized List<KeyValue> scan(Br b, KeyRange r, long v) {
        TreeSet<Key> keys = new TreeSet<>();
        for (Br x = b; x != null; x = x.parent) {
            for (Key k : x.data.keySet()) {
                if (r.contains(k)) {
                    keys.add(k);
                }
            }
        }
        List<KeyValue> out = new ArrayList<>();
        for (Key k : keys) {
            read(b, k, v).ifPresent(vv -> out.add(new KeyValue(k, vv.value(), vv.version(), vv.timestampMicros())));
        }
        return out;
    }

    private static CloseableIterator<KeyValue> iter(List<KeyValue> l) {
        Iterator<KeyValue> it = l.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private class View implements ReadView {
        final Br b;
        final long v;

        View(Br b, long v) {
            this.b = b;
            this.v = v;
        }

        @Override
        public String branch() {
            return b.name;
        }

        @Override
        public long version() {
            return v;
        }

        @Override
        public Optional<VersionedValue> get(Key key) {
            return read(b, key, v);
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            return iter(FakeStorage.this.scan(b, range, v));
        }

        @Override
        public List<VersionedValue> history(Key key) {
            return FakeStorage.this.history(b, key, v);
        }
    }

    private final class Txn extends View implements Transaction {
        final Map<Key, byte[]> writes = new LinkedHashMap<>();
        final Set<Key> deletes = new HashSet<>();
        final Set<Key> reads = new HashSet<>();
        final List<KeyRange> ranges = new ArrayList<>();
        boolean finished;

        Txn(Br b, long v) {
            super(b, v);
        }

        private void check() {
            if (finished) {
                throw new StorageStateException("transaction finished");
            }
        }

        @Override
        public Optional<VersionedValue> get(Key key) {
            check();
            reads.add(key);
            if (writes.containsKey(key)) {
                return deletes.contains(key) ? Optional.empty()
                        : Optional.of(new VersionedValue(writes.get(key), Long.MAX_VALUE, 0));
            }
            return super.get(key);
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            check();
            ranges.add(range);
            TreeMap<Key, KeyValue> m = new TreeMap<>();
            for (KeyValue kv : FakeStorage.this.scan(b, range, v)) {
                m.put(kv.key(), kv);
            }
            for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
                if (range.contains(e.getKey())) {
                    if (deletes.contains(e.getKey())) {
                        m.remove(e.getKey());
                    } else {
                        m.put(e.getKey(), new KeyValue(e.getKey(), e.getValue(), Long.MAX_VALUE, 0));
                    }
                }
            }
            return iter(new ArrayList<>(m.values()));
        }

        @Override
        public void put(Key key, byte[] value) {
            check();
            writes.put(key, value.clone());
            deletes.remove(key);
        }

        @Override
        public void delete(Key key) {
            check();
            writes.put(key, null);
            deletes.add(key);
        }

        @Override
        public boolean hasWrites() {
            return !writes.isEmpty();
        }

        @Override
        public CommitResult commit() {
            check();
            finished = true;
            synchronized (FakeStorage.this) {
                if (branches.get(b.name) != b) {
                    throw new BranchNotFoundException(b.name);
                }
                if (writes.isEmpty()) {
                    return new CommitResult(v, 0);
                }
                for (Map.Entry<Key, List<Ver>> e : b.data.entrySet()) {
                    List<Ver> vs = e.getValue();
                    if (vs.get(vs.size() - 1).version <= v) {
                        continue;
                    }
                    Key k = e.getKey();
                    boolean touched = reads.contains(k) || writes.containsKey(k);
                    for (KeyRange r : ranges) {
                        touched |= r.contains(k);
                    }
                    if (touched) {
                        throw new CommitConflictException(b.name, k, v, vs.get(vs.size() - 1).version);
                    }
                }
                return apply(b, writes, deletes);
            }
        }

        @Override
        public void rollback() {
            finished = true;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public void close() {
            finished = true;
        }
    }
}
