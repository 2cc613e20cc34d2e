package io.stratadb.testing;

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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simple, obviously-correct in-memory model of the L9 {@link Storage} contract for tests of the
 * layers above storage (one lock, plain maps, O(n) scans). Used by the facade tests when the real
 * storage runtime is not built yet; the same tests run against the real runtime once it is.
 */
public final class ModelStorage implements Storage {
    private final StorageOptions options;
    private final Map<String, Branch> branches = new TreeMap<>();
    private final List<Long> timeline = new ArrayList<>(); // index v-1 -> timestamp of version v
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private long version;
    private long lastMicros;
    private long nextId = 1;
    private boolean closed;

    private static final class Branch {
        final String name;
        final long id;
        final Branch parent;
        final long forkVersion;
        final long createdMicros;
        final long createdVersion;
        long lastCommitVersion;
        long updatedMicros;
        boolean deleted;
        final TreeMap<Key, List<VersionedValue>> own = new TreeMap<>(); // newest first

        Branch(String name, long id, Branch parent, long forkVersion, long createdMicros, long createdVersion) {
            this.name = name;
            this.id = id;
            this.parent = parent;
            this.forkVersion = forkVersion;
            this.createdMicros = createdMicros;
            this.createdVersion = createdVersion;
            this.updatedMicros = createdMicros;
        }
    }

    public ModelStorage(StorageOptions options) {
        this.options = options;
        long now = options.clockMicros().getAsLong();
        lastMicros = now;
        branches.put(DEFAULT_BRANCH, new Branch(DEFAULT_BRANCH, nextId++, null, 0, now, 0));
    }

    public static ModelStorage inMemory() {
        return new ModelStorage(StorageOptions.inMemory());
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageStateException("storage is closed");
        }
    }

    private Branch live(String name) {
        Branch b = branches.get(name);
        if (b == null) {
            throw new BranchNotFoundException(name);
        }
        return b;
    }

    private long tick() {
        long now = Math.max(options.clockMicros().getAsLong(), lastMicros + 1);
        lastMicros = now;
        return now;
    }

    private BranchInfo info(Branch b) {
        Optional<String> parent = b.parent == null || b.parent.deleted ? Optional.empty() : Optional.of(b.parent.name);
        return new BranchInfo(b.name, b.id, parent, b.forkVersion, b.createdMicros, b.createdVersion,
                b.lastCommitVersion, b.updatedMicros);
    }

    @Override
    public synchronized BranchInfo createBranch(String name) {
        checkOpen();
        if (branches.containsKey(name)) {
            throw new BranchExistsException(name);
        }
        Branch b = new Branch(name, nextId++, null, 0, tick(), version);
        branches.put(name, b);
        return info(b);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target) {
        return fork(source, target, version);
    }

    @Override
    public synchronized BranchInfo fork(String source, String target, long atVersion) {
        checkOpen();
        Branch s = live(source);
        if (branches.containsKey(target)) {
            throw new BranchExistsException(target);
        }
        if (atVersion > version || atVersion < 0) {
            throw new InvalidKeyException("fork version " + atVersion + " is out of range 0.." + version);
        }
        Branch b = new Branch(target, nextId++, s, atVersion, tick(), version);
        branches.put(target, b);
        return info(b);
    }

    @Override
    public synchronized void deleteBranch(String name) {
        checkOpen();
        if (DEFAULT_BRANCH.equals(name)) {
            throw new StorageStateException("the default branch cannot be deleted");
        }
        live(name).deleted = true;
        branches.remove(name);
    }

    @Override
    public synchronized List<BranchInfo> listBranches() {
        checkOpen();
        return branches.values().stream().map(this::info).toList();
    }

    @Override
    public synchronized Optional<BranchInfo> branch(String name) {
        checkOpen();
        Branch b = branches.get(name);
        return b == null ? Optional.empty() : Optional.of(info(b));
    }

    @Override
    public synchronized long latestVersion() {
        return version;
    }

    @Override
    public synchronized ReadView snapshot(String branch) {
        checkOpen();
        return new View(live(branch), version);
    }

    @Override
    public synchronized ReadView asOf(String branch, long v) {
        checkOpen();
        if (v > version || v < 0) {
            throw new InvalidKeyException("as-of version " + v + " is out of range 0.." + version);
        }
        return new View(live(branch), v);
    }

    @Override
    public synchronized ReadView asOfTimestamp(String branch, long micros) {
        return asOf(branch, versionAt(micros));
    }

    @Override
    public synchronized long timestampOf(long v) {
        if (v <= 0 || v > version) {
            throw new InvalidKeyException("no commit with version " + v);
        }
        return timeline.get((int) (v - 1));
    }

    @Override
    public synchronized long versionAt(long micros) {
        long found = 0;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i) <= micros) {
                found = i + 1;
            }
        }
        return found;
    }

    @Override
    public CommitResult commit(String branch, WriteBatch batch) {
        CommitResult r;
        synchronized (this) {
            checkWritable();
            if (batch.isEmpty()) {
                throw new InvalidKeyException("empty batch");
            }
            r = apply(live(branch), batch.writes());
        }
        fire(branch, r, batch.writes());
        return r;
    }

    private void checkWritable() {
        checkOpen();
        if (options.readOnly()) {
            throw new StorageStateException("storage is read-only");
        }
    }

    private CommitResult apply(Branch b, List<WriteBatch.Write> writes) {
        long v = ++version;
        long ts = tick();
        timeline.add(ts);
        Map<Key, byte[]> last = new LinkedHashMap<>();
        for (WriteBatch.Write w : writes) {
            last.put(w.key(), w.value());
        }
        last.forEach((k, val) -> b.own.computeIfAbsent(k, x -> new ArrayList<>()).add(0,
                new VersionedValue(val == null ? null : val.clone(), v, ts)));
        b.lastCommitVersion = v;
        b.updatedMicros = ts;
        return new CommitResult(v, ts);
    }

    private void fire(String branch, CommitResult r, List<WriteBatch.Write> writes) {
        for (CommitListener l : listeners) {
            try {
                l.committed(branch, r, writes);
            } catch (RuntimeException ignored) {
                // a failing listener does not undo the commit
            }
        }
    }

    @Override
    public synchronized Transaction begin(String branch) {
        checkOpen();
        return new Txn(live(branch), version);
    }

    @Override
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    @Override
    public void flush() {
        checkOpen();
    }

    @Override
    public void compact() {
        checkOpen();
    }

    @Override
    public synchronized StorageStats stats() {
        checkOpen();
        long keys = 0;
        long versions = 0;
        for (Branch b : branches.values()) {
            for (List<VersionedValue> l : b.own.values()) {
                versions += l.size();
                if (!l.get(0).isTombstone()) {
                    keys++;
                }
            }
        }
        return new StorageStats(keys, versions, branches.size(), version, 0, List.of(), 0, 0,
                RecoveryHealth.healthy(), closed ? "closed" : "open");
    }

    @Override
    public RecoveryHealth recoveryHealth() {
        return RecoveryHealth.healthy();
    }

    @Override
    public StorageOptions options() {
        return options;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            throw new StorageStateException("storage is already closed");
        }
        closed = true;
    }

    // ---- reads ------------------------------------------------------------------------------------

    /** Versions of {@code k} visible on {@code b} at {@code v}, newest first (own, then inherited). */
    private static List<VersionedValue> visible(Branch b, Key k, long v) {
        List<VersionedValue> out = new ArrayList<>();
        for (Branch cur = b; cur != null; cur = cur.parent) {
            List<VersionedValue> own = cur.own.get(k);
            if (own != null) {
                for (VersionedValue x : own) {
                    if (x.version() <= v) {
                        out.add(x);
                    }
                }
            }
            v = Math.min(v, cur.forkVersion);
        }
        return out;
    }

    private static Optional<VersionedValue> get(Branch b, Key k, long v) {
        List<VersionedValue> vis = visible(b, k, v);
        if (vis.isEmpty() || vis.get(0).isTombstone()) {
            return Optional.empty();
        }
        VersionedValue x = vis.get(0);
        return Optional.of(new VersionedValue(x.value().clone(), x.version(), x.timestampMicros()));
    }

    private static TreeSet<Key> keysIn(Branch b, KeyRange range) {
        TreeSet<Key> keys = new TreeSet<>();
        for (Branch cur = b; cur != null; cur = cur.parent) {
            for (Key k : cur.own.keySet()) {
                if (range.contains(k)) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    private static CloseableIterator<KeyValue> iterate(List<KeyValue> list) {
        Iterator<KeyValue> it = list.iterator();
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

    private final class View implements ReadView {
        final Branch b;
        final long v;

        View(Branch b, long v) {
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
            synchronized (ModelStorage.this) {
                checkOpen();
                return ModelStorage.get(b, key, v);
            }
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            synchronized (ModelStorage.this) {
                checkOpen();
                List<KeyValue> out = new ArrayList<>();
                for (Key k : keysIn(b, range)) {
                    ModelStorage.get(b, k, v).ifPresent(x -> out.add(new KeyValue(k, x.value(), x.version(),
                            x.timestampMicros())));
                }
                return iterate(out);
            }
        }

        @Override
        public List<VersionedValue> history(Key key) {
            synchronized (ModelStorage.this) {
                checkOpen();
                return visible(b, key, v);
            }
        }
    }

    private final class Txn implements Transaction {
        final Branch b;
        final long v;
        final TreeMap<Key, byte[]> writes = new TreeMap<>();
        final TreeSet<Key> deletes = new TreeSet<>();
        final List<Key> reads = new ArrayList<>();
        final List<KeyRange> scans = new ArrayList<>();
        boolean finished;

        Txn(Branch b, long v) {
            this.b = b;
            this.v = v;
        }

        private void active() {
            checkOpen();
            if (finished) {
                throw new StorageStateException("transaction is already finished");
            }
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
            synchronized (ModelStorage.this) {
                active();
                reads.add(key);
                if (deletes.contains(key)) {
                    return Optional.empty();
                }
                byte[] w = writes.get(key);
                if (w != null) {
                    return Optional.of(new VersionedValue(w.clone(), v + 1, 0));
                }
                return ModelStorage.get(b, key, v);
            }
        }

        @Override
        public CloseableIterator<KeyValue> scan(KeyRange range) {
            synchronized (ModelStorage.this) {
                active();
                scans.add(range);
                TreeSet<Key> keys = keysIn(b, range);
                for (Key k : writes.keySet()) {
                    if (range.contains(k)) {
                        keys.add(k);
                    }
                }
                List<KeyValue> out = new ArrayList<>();
                for (Key k : keys) {
                    if (deletes.contains(k)) {
                        continue;
                    }
                    byte[] w = writes.get(k);
                    if (w != null) {
                        out.add(new KeyValue(k, w.clone(), v + 1, 0));
                    } else {
                        ModelStorage.get(b, k, v).ifPresent(x -> out.add(new KeyValue(k, x.value(), x.version(),
                                x.timestampMicros())));
                    }
                }
                return iterate(out);
            }
        }

        @Override
        public List<VersionedValue> history(Key key) {
            synchronized (ModelStorage.this) {
                active();
                reads.add(key);
                return visible(b, key, v);
            }
        }

        @Override
        public void put(Key key, byte[] value) {
            synchronized (ModelStorage.this) {
                active();
                if (value == null) {
                    throw new InvalidKeyException("value must not be null");
                }
                deletes.remove(key);
                writes.put(key, value.clone());
            }
        }

        @Override
        public void delete(Key key) {
            synchronized (ModelStorage.this) {
                active();
                writes.remove(key);
                deletes.add(key);
            }
        }

        @Override
        public boolean hasWrites() {
            return !writes.isEmpty() || !deletes.isEmpty();
        }

        @Override
        public CommitResult commit() {
            List<WriteBatch.Write> ws = new ArrayList<>();
            CommitResult r;
            synchronized (ModelStorage.this) {
                active();
                finished = true;
                if (!hasWrites()) {
                    return new CommitResult(v, v == 0 ? 0 : timestampOf(v));
                }
                checkWritable();
                if (b.deleted) {
                    throw new StorageStateException("branch '" + b.name + "' was deleted");
                }
                List<Key> touched = new ArrayList<>(reads);
                touched.addAll(writes.keySet());
                touched.addAll(deletes);
                for (Key k : touched) {
                    List<VersionedValue> own = b.own.get(k);
                    if (own != null && own.get(0).version() > v) {
                        throw new CommitConflictException(b.name, k, v, own.get(0).version());
                    }
                }
                for (KeyRange range : scans) {
                    for (Map.Entry<Key, List<VersionedValue>> e : b.own.entrySet()) {
                        if (range.contains(e.getKey()) && e.getValue().get(0).version() > v) {
                            throw new CommitConflictException(b.name, e.getKey(), v, e.getValue().get(0).version());
                        }
                    }
                }
                writes.forEach((k, val) -> ws.add(new WriteBatch.Write(k, val)));
                deletes.forEach(k -> ws.add(new WriteBatch.Write(k, null)));
                r = apply(b, ws);
            }
            fire(b.name, r, ws);
            return r;
        }

        @Override
        public void rollback() {
            synchronized (ModelStorage.this) {
                finished = true;
                writes.clear();
                deletes.clear();
            }
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public void close() {
            if (!finished) {
                rollback();
            }
        }
    }
}
