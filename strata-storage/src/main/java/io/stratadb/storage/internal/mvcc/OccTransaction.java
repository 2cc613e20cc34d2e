package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An optimistic {@link Transaction}: reads come from a {@link SnapshotView} taken at begin, merged
 * with the write buffer (read-your-writes, scans included); reads are recorded (point keys, misses
 * included, and scanned ranges). At commit, under the commit lock, every read key, write key and
 * scanned range is checked against the branch's own versions newer than the snapshot (commits on
 * ancestors after the fork are invisible to this branch, so they cannot conflict): first committer
 * wins. Own uncommitted writes read back with version 0 and timestamp 0. Not thread-safe.
 */
public final class OccTransaction implements Transaction {
    /** What the runtime provides: the commit itself and the open/writable checks. */
    public interface Host {
        void checkOpen();

        /**
         * Commits {@code writes} on {@code branch} if it is still the branch with id {@code branchId};
         * {@code validation} runs under the commit lock before anything is applied.
         */
        CommitResult commit(String branch, long branchId, List<WriteBatch.Write> writes, Runnable validation);

        long timestampOf(long version);
    }

    private static final byte[] TOMBSTONE = new byte[0];

    private final Host host;
    private final ReadPath path;
    private final SnapshotView view;
    private final long branchId;
    private final TreeMap<Key, byte[]> writes = new TreeMap<>();
    private final Set<Key> readKeys = new HashSet<>();
    private final List<KeyRange> readRanges = new ArrayList<>();
    private boolean finished;

    public OccTransaction(Host host, ReadPath path, SnapshotView view, long branchId) {
        this.host = host;
        this.path = path;
        this.view = view;
        this.branchId = branchId;
    }

    @Override
    public String branch() {
        return view.branch();
    }

    @Override
    public long version() {
        return view.version();
    }

    @Override
    public Optional<VersionedValue> get(Key key) {
        checkActive();
        SnapshotView.checkKey(key);
        byte[] own = writes.get(key);
        if (own != null) {
            return own == TOMBSTONE ? Optional.empty() : Optional.of(new VersionedValue(own, 0, 0));
        }
        readKeys.add(key);
        return view.get(key);
    }

    @Override
    public List<VersionedValue> history(Key key) {
        checkActive();
        SnapshotView.checkKey(key);
        readKeys.add(key);
        List<VersionedValue> h = view.history(key);
        byte[] own = writes.get(key);
        if (own == null) {
            return h;
        }
        List<VersionedValue> out = new ArrayList<>(h.size() + 1);
        out.add(new VersionedValue(own == TOMBSTONE ? null : own, 0, 0));
        out.addAll(h);
        return out;
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        checkActive();
        if (range == null) {
            throw new InvalidKeyException("scan range must not be null");
        }
        readRanges.add(range);
        CloseableIterator<KeyValue> base = view.scan(range);
        if (writes.isEmpty()) {
            return base;
        }
        List<Map.Entry<Key, byte[]>> own = new ArrayList<>();
        for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
            if (range.contains(e.getKey())) {
                own.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return own.isEmpty() ? base : new MergedScan(base, own.iterator());
    }

    @Override
    public void put(Key key, byte[] value) {
        checkActive();
        SnapshotView.checkKey(key);
        if (value == null) {
            throw new InvalidKeyException("value must not be null for key " + key + " (use delete)");
        }
        writes.put(key, value);
    }

    @Override
    public void delete(Key key) {
        checkActive();
        SnapshotView.checkKey(key);
        writes.put(key, TOMBSTONE);
    }

    @Override
    public boolean hasWrites() {
        return !writes.isEmpty();
    }

    @Override
    public CommitResult commit() {
        checkActive();
        finished = true;
        if (writes.isEmpty()) {
            return new CommitResult(view.version(), host.timestampOf(view.version()));
        }
        List<WriteBatch.Write> batch = new ArrayList<>(writes.size());
        for (Map.Entry<Key, byte[]> e : writes.entrySet()) {
            batch.add(new WriteBatch.Write(e.getKey(), e.getValue() == TOMBSTONE ? null : e.getValue()));
        }
        return host.commit(view.branch(), branchId, batch, this::validate);
    }

    /** Under the commit lock: first committer wins. */
    private void validate() {
        long snapshot = view.version();
        for (Key k : writes.keySet()) {
            checkKeyUnchanged(k, snapshot);
        }
        for (Key k : readKeys) {
            checkKeyUnchanged(k, snapshot);
        }
        for (KeyRange r : readRanges) {
            Key changed = path.changedInRange(branchId, r, snapshot);
            if (changed != null) {
                throw new CommitConflictException(view.branch(), changed, snapshot,
                        path.newestOwnVersion(branchId, changed));
            }
        }
    }

    private void checkKeyUnchanged(Key k, long snapshot) {
        long v = path.newestOwnVersion(branchId, k);
        if (v > snapshot) {
            throw new CommitConflictException(view.branch(), k, snapshot, v);
        }
    }

    @Override
    public void rollback() {
        finished = true;
        writes.clear();
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

    private void checkActive() {
        if (finished) {
            throw new StorageStateException("transaction on branch '" + view.branch() + "' at version "
                    + view.version() + " is already finished (committed or rolled back)");
        }
        host.checkOpen();
    }

    /** Storage scan merged with the buffered writes of the range (buffer wins; its tombstones hide). */
    private static final class MergedScan implements CloseableIterator<KeyValue> {
        private final CloseableIterator<KeyValue> base;
        private final Iterator<Map.Entry<Key, byte[]>> own;
        private KeyValue baseNext;
        private Map.Entry<Key, byte[]> ownNext;
        private KeyValue next;

        MergedScan(CloseableIterator<KeyValue> base, Iterator<Map.Entry<Key, byte[]>> own) {
            this.base = base;
            this.own = own;
            this.baseNext = base.hasNext() ? base.next() : null;
            this.ownNext = own.hasNext() ? own.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (next == null && (baseNext != null || ownNext != null)) {
                int cmp = baseNext == null ? 1 : ownNext == null ? -1 : baseNext.key().compareTo(ownNext.getKey());
                if (cmp < 0) {
                    next = baseNext;
                    baseNext = base.hasNext() ? base.next() : null;
                    continue;
                }
                if (cmp == 0) {
                    baseNext = base.hasNext() ? base.next() : null;
                }
                Map.Entry<Key, byte[]> o = ownNext;
                ownNext = own.hasNext() ? own.next() : null;
                if (o.getValue() != TOMBSTONE) {
                    next = new KeyValue(o.getKey(), o.getValue(), 0, 0);
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

        @Override
        public void close() {
            base.close();
        }
    }
}
