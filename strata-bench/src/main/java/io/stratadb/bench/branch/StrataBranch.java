package io.stratadb.bench.branch;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.Storage;
import io.stratadb.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Strata through the storage API. Fork is {@link Storage#fork}; as-of reads are
 * {@link Storage#asOf}. The storage API has no diff or merge (those are engine operations), so
 * diff here is a merge-join of the two branches' scans and merge writes the differing keys as one
 * commit: O(keys), an upper bound for the engine's version-aware diff.
 */
public final class StrataBranch implements BranchEngine {
    static final String SPACE = "default";
    static final int KEYSPACE = 1;
    private final Storage storage;
    private final SplittableRandom rnd = new SplittableRandom(7);

    public StrataBranch(Storage storage) {
        this.storage = storage;
    }

    private static Key key(String k) {
        return Key.of(SPACE, KEYSPACE, k);
    }

    private byte[] value(int size) {
        byte[] v = new byte[size];
        rnd.nextBytes(v);
        return v;
    }

    @Override
    public long load(String branch, String prefix, int count, int valueSize) {
        return loadRange(branch, prefix, 0, count, valueSize);
    }

    /** Writes keys {@code prefix + i} for i in [from, to) in batches of 1000; returns the last version. */
    public long loadRange(String branch, String prefix, int from, int to, int valueSize) {
        long version = 0;
        WriteBatch b = new WriteBatch();
        for (int i = from; i < to; i++) {
            b.put(key(prefix + i), value(valueSize));
            if (b.size() == 1000 || i == to - 1) {
                version = storage.commit(branch, b).version();
                b = new WriteBatch();
            }
        }
        return version;
    }

    @Override
    public long put(String branch, String k, byte[] value) {
        return storage.commit(branch, new WriteBatch().put(key(k), value)).version();
    }

    @Override
    public void fork(String source, String target) {
        storage.fork(source, target);
    }

    @Override
    public int diff(String a, String b) {
        return join(a, b, null);
    }

    @Override
    public int merge(String source, String target) {
        WriteBatch batch = new WriteBatch();
        int n = join(source, target, batch);
        if (!batch.isEmpty()) {
            storage.commit(target, batch);
        }
        return n;
    }

    /** Merge-joins both branches' keyspace scans; counts differences and optionally collects source's side. */
    private int join(String a, String b, WriteBatch into) {
        int diffs = 0;
        KeyRange range = KeyRange.keyspace(SPACE, KEYSPACE);
        try (CloseableIterator<KeyValue> ia = storage.snapshot(a).scan(range);
             CloseableIterator<KeyValue> ib = storage.snapshot(b).scan(range)) {
            KeyValue x = ia.hasNext() ? ia.next() : null;
            KeyValue y = ib.hasNext() ? ib.next() : null;
            while (x != null || y != null) {
                int c = x == null ? 1 : y == null ? -1 : x.key().compareTo(y.key());
                if (c == 0) {
                    if (x.version() != y.version() && !Arrays.equals(x.value(), y.value())) {
                        diffs++;
                        if (into != null) {
                            into.put(x.key(), x.value());
                        }
                    }
                    x = ia.hasNext() ? ia.next() : null;
                    y = ib.hasNext() ? ib.next() : null;
                } else if (c < 0) {
                    diffs++;
                    if (into != null) {
                        into.put(x.key(), x.value());
                    }
                    x = ia.hasNext() ? ia.next() : null;
                } else {
                    diffs++;
                    if (into != null) {
                        into.delete(y.key());
                    }
                    y = ib.hasNext() ? ib.next() : null;
                }
            }
        }
        return diffs;
    }

    @Override
    public byte[] readAsOf(String branch, String k, long version) {
        return storage.asOf(branch, version).get(key(k)).map(v -> v.value()).orElse(null);
    }

    @Override
    public byte[] read(String branch, String k) {
        return storage.read(branch, key(k)).map(v -> v.value()).orElse(null);
    }

    @Override
    public void deleteBranch(String name) {
        storage.deleteBranch(name);
    }

    @Override
    public void close() {
        storage.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
