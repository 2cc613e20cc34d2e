package io.stratadb.internal.vector;

import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitListener;
import io.stratadb.storage.CommitResult;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small, obviously-correct in-memory {@link Storage} for the vector tests while the real runtime
 * is not on main: branches with copy-on-write lineage, global versions, as-of, OCC transactions
 * (read keys, scanned ranges and written keys validated), commit listeners. Coarse locking.
 */
public final class FakeStorage implements Storage {
    private static final class Branch {
        final String name;
        final long id;
        final Branch parent;
        final long forkVersion;
        final ConcurrentSkipListMap<Key, List<VersionedValue>> own = new ConcurrentSkipListMap<>();
        long lastCommit;

        Branch(String name, long id, Branch parent, long forkVersion) {
            this.name = name;
            this.id = id;
            this.parent = parent;
            this.forkVersion = forkVersion;
        }

        /** Newest version (tombstones included) of key at version <= v, through the lineage. */
        VersionedValue newest(Key key, long v) {
            List<VersionedValue> vs = own.get(key);
            if (vs != null) {
                for (int i = vs.size() - 1; i >= 0; i--) {
                    if (vs.get(i).version() <= v) {
                        return vs.get(i);
                    }
                }
            }
            return parent == null ? null : parent.newest(key, Math.min(v, forkVersion));
        }

        void history(Key key, long v, List<VersionedValue> out) {
            List<VersionedValue> vs = own.get(key);
            if (vs != null) {
                for (int i = vs.size() - 1; i >= 0; i--) {
                    if (vs.get(i).version() <= v) {
                        out.add(vs.get(i));
                    }
                }
            }
            if (parent != null) {
                parent.history(key, Math.min(v, forkVersion), out);
            }
        }

        void keys(KeyRange range, TreeSet<Key> out) {
            for (Key k : own.keySet()) {
                if (range.contains(k)) {
                    out.add(k);
                }
            }
            if (parent != null) {
                parent.keys(range, out);
            }
        }

        boolean changedAfter(Key key, long v) {
            List<VersionedValue> vs = own.get(key);
            return vs != null && !vs.isEmpty() && vs.get(vs.size() - 1).version() > v;
        }
    }

    private final Map<String, Branch> branches = new TreeMap<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final TreeMap<Long, Long> timestamps = new TreeMap<>();
    private long nextBranchId = 1;
    private volatile long latest;
    private long lastMicros;
    private volatile boolean closed;

    public FakeStorage() {
        branches.put(DEFAULT_BRANCH, new Branch(DEFAULT_BRANCH, nextBranchId++, null, 0));
    }

    private synchronized Branch branchOrThrow(String name) {
        checkOpen();
        Branch b = branches.get(name);
        if (b == null) {
            throw new BranchNotFoundException(name);
        }
        return b;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageStateException("storage is closed");
        }
    }

    @Override
    public synchronized BranchInfo createBranch(String name) {
        if (branches.containsKey(name)) {
            throw new BranchExistsException(name);
        }
        Branch b = new Branch(name, nextBranchId++, null, 0);
        branches.put(name, b);
        return info(b);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target) {
        return fork(source, target, latest);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target, long version) {
        Branch s = branchOrThrow(source);
        if (branches.containsKey(target)) {
            throw new BranchExistsException(target);
        }
        Branch b = new Branch(target, nextBranchId++, s, version);
        branches.put(target, b);
        return info(b);
    }

    @Override
    public synchronized void deleteBranch(String name) {
        if (DEFAULT_BRANCH.equals(name)) {
            throw new StorageStateException("cannot delete the default branch");
        }
        if (branches.remove(name) == null) {
            throw new BranchNotFoundException(name);
        }
    }

    @Override
    public synchronized List<BranchInfo> listBranches() {
        List<BranchInfo> out = new ArrayList<>();
        for (Branch b : branches.values()) {
            out.add(info(b));
        }
        return out;
    }

    @Override
    public synchronized Optional<BranchInfo> branch(String name) {
        Branch b = branches.get(name);
        return b == null ? Optional.empty() : Optional.of(info(b));
    }

    private BranchInfo info(Branch b) {
        return new BranchInfo(b.name, b.id, Optional.ofNullable(b.parent).map(p -> p.name), b.forkVersion, 0, 0,
                b.lastCommit, 0);
    }

    @Override
    public long latestVersion() {
        return latest;
    }

    @Override
    public ReadView snapshot(String branch) {
        return new View(branchOrThrow(branch), latest);
    }

    @Override
    public ReadView asOf(String branch, long version) {
        if (version > latest) {
            throw new io.stratadb.storage.InvalidKeyException("version " + version + " is above latest " + latest);
        }
        return new View(branchOrThrow(branch), version);
    }

    @Override
    public synchronized ReadView asOfTimestamp(String branch, long timestampMicros) {
        return new View(branchOrThrow(branch), versionAt(timestampMicros));
    }

    @Override
    public synchronized long timestampOf(long version) {
        Long t = timestamps.get(version);
        return t == null ? 0 : t;
    }

    @Override
    public synchronized long versionAt(long timestampMicros) {
        long v = 0;
        for (Map.Entry<Long, Long> e : timestamps.entrySet()) {
            if (e.getValue() <= timestampMicros) {
                v = e.getKey();
            }
        }
        return v;
    }

    @Override
    public CommitResult commit(String branch, WriteBatch batch) {
        if (batch.isEmpty()) {
            throw new io.stratadb.storage.InvalidKeyException("empty batch");
        }
        Map<Key, byte[]> writes = new LinkedHashMap<>();
        for (WriteBatch.Write w : batch.writes()) {
            writes.put(w.key(), w.value());
        }
        return apply(branchOrThrow(branch), writes);
    }

    private synchronized CommitResult apply(Branch b, Map<Key, byte[]> writes) {
        checkOpen();
        long version = latest + 1;
        long micros = Math.max(lastMicros + 1, StorageOptions.systemMicros());
        lastMicros = micros;
        List<WriteBatch.Write> list = new ArrayList<>();
        for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
            b.own.computeIfAbsent(e.getKey(), k -> new CopyOnWriteArrayList<>())
                    .add(new VersionedValue(e.getValue(), version, micros));
            list.add(new WriteBatch.Write(e.getKey(), e.getValue()));
        }
        b.lastCommit = version;
        timestamps.put(version, micros);
        latest = version;
        CommitResult r = new CommitResult(version, micros);
        for (CommitListener l : listeners) {
            try {
                l.committed(b.name, r, list);
            } catch (RuntimeException ignored) {
                // a listener failure does not undo the commit
            }
        }
        return r;
    }

    @Override
    public Transaction begin(String branch) {
        return new Txn(branchOrThrow(branch), latest);
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    @Override
    public void flush() {
    }

    @Override
    public void compact() {
    }

    @Override
    public StorageStats stats() {
        return null;
    }

    @Override
    public RecoveryHealth recoveryHealth() {
        return RecoveryHealth.healthy();
    }

    @Override
    public StorageOptions options() {
        return StorageOptions.inMemory();
    }

    @Override
    public void close() {
        closed = true;
    }

    private class View implements ReadView {
        final Branch b;
        final long version;

        View(Branch b, long version) {
            this.b = b;
            this.version = version;
        }

        @Override
        public String branch() {
            return b.name;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Optional<VersionedValue> get(Key key) {
            checkOpen();
            VersionedValue v = b.newest(key, version);
            return v == null || v.isTombstone() ? Optional.empty() : Optional.of(v);
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            checkOpen();
            TreeSet<Key> keys = new TreeSet<>();
            b.keys(range, keys);
            List<KeyValue> out = new ArrayList<>();
            for (Key k : keys) {
                get(k).ifPresent(v -> out.add(new KeyValue(k, v.value(), v.version(), v.timestampMicros())));
            }
            return iterator(out);
        }

        @Override
        public List<VersionedValue> history(Key key) {
            List<VersionedValue> out = new ArrayList<>();
            b.history(key, version, out);
            return out;
        }
    }

    static <T> CloseableIterator<T> iterator(List<T> list) {
        Iterator<T> it = list.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }

    private final class Txn extends View implements Transaction {
        private final TreeMap<Key, byte[]> writes = new TreeMap<>();
        private final TreeSet<Key> deletes = new TreeSet<>();
        private final List<Key> reads = new ArrayList<>();
        private final List<KeyRange> ranges = new ArrayList<>();
        private boolean finished;

        Txn(Branch b, long version) {
            super(b, version);
        }

        private void active() {
            if (finished) {
                throw new StorageStateException("transaction finished");
            }
        }

        @Override
        public Optional<VersionedValue> get(Key key) {
            active();
            reads.add(key);
            if (deletes.contains(key)) {
                return Optional.empty();
            }
            byte[] w = writes.get(key);
            if (w != null) {
                return Optional.of(new VersionedValue(w, 0, 0));
            }
            return super.get(key);
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            active();
            ranges.add(range);
            TreeMap<Key, KeyValue> merged = new TreeMap<>();
            try (CloseableIterator<KeyValue> it = super.scan(range)) {
                while (it.hasNext()) {
                    KeyValue kv = it.next();
                    merged.put(kv.key(), kv);
                }
            }
            for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
                if (range.contains(e.getKey())) {
                    merged.put(e.getKey(), new KeyValue(e.getKey(), e.getValue(), 0, 0));
                }
            }
            for (Key d : deletes) {
                merged.remove(d);
            }
            return iterator(new ArrayList<>(merged.values()));
        }

        @Override
        public void put(Key key, byte[] value) {
            active();
            deletes.remove(key);
            writes.put(key, value.clone());
        }

        @Override
        public void delete(Key key) {
            active();
            writes.remove(key);
            deletes.add(key);
        }

        @Override
        public boolean hasWrites() {
            return !writes.isEmpty() || !deletes.isEmpty();
        }

        @Override
        public CommitResult commit() {
            active();
            finished = true;
            if (!hasWrites()) {
                return new CommitResult(version(), 0);
            }
            synchronized (FakeStorage.this) {
                List<Key> check = new ArrayList<>(reads);
                check.addAll(writes.keySet());
                check.addAll(deletes);
                for (Key k : check) {
                    if (b.changedAfter(k, version())) {
                        throw new CommitConflictException(b.name, k, version(), latest);
                    }
                }
                for (KeyRange r : ranges) {
                    for (Key k : b.own.keySet()) {
                        if (r.contains(k) && b.changedAfter(k, version())) {
                            throw new CommitConflictException(b.name, k, version(), latest);
                        }
                    }
                }
                Map<Key, byte[]> all = new LinkedHashMap<>(writes);
                for (Key d : deletes) {
                    all.put(d, null);
                }
                return apply(b, all);
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
