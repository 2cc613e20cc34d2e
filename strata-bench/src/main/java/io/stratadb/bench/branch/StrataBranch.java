package io.stratadb.bench.branch;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Strata through the storage API. Fork is {@link Storage#fork}; as-of reads are
 * {@link Storage#asOf}. The storage API has no diff or merge (those are engine operations), so
 * diff here merge-joins the keys either branch changed since their shared history
 * ({@link ReadView#changes}, {@link ReadView#sharedHistory}), and merge writes the differing keys
 * (source wins) as one commit.
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

    /**
     * Merge-joins what either branch changed since their shared history ({@link ReadView#changes}
     * since {@link ReadView#sharedHistory}); a key only one side lists is read on the other side.
     * Counts the keys whose values differ and optionally collects side {@code a} of each into {@code into}.
     */
    private int join(String a, String b, WriteBatch into) {
        int diffs = 0;
        KeyRange range = KeyRange.keyspace(SPACE, KEYSPACE);
        ReadView va = storage.snapshot(a);
        ReadView vb = storage.snapshot(b);
        long shared = va.sharedHistory(vb);
        try (CloseableIterator<KeyValue> ia = va.changes(range, shared);
             CloseableIterator<KeyValue> ib = vb.changes(range, shared)) {
            KeyValue x = ia.hasNext() ? ia.next() : null;
            KeyValue y = ib.hasNext() ? ib.next() : null;
            while (x != null || y != null) {
                int c = x == null ? 1 : y == null ? -1 : x.key().compareTo(y.key());
                Key k = c <= 0 ? x.key() : y.key();
                byte[] xv = c <= 0 ? x.value() : valueOf(va, k);
                byte[] yv = c >= 0 ? y.value() : valueOf(vb, k);
                if (!Arrays.equals(xv, yv)) {
                    diffs++;
                    if (into != null) {
                        if (xv == null) {
                            into.delete(k);
                        } else {
                            into.put(k, xv);
                        }
                    }
                }
                if (c <= 0) {
                    x = ia.hasNext() ? ia.next() : null;
                }
                if (c >= 0) {
                    y = ib.hasNext() ? ib.next() : null;
                }
            }
        }
        return diffs;
    }

    private static byte[] valueOf(ReadView view, Key k) {
        return view.get(k).map(v -> v.value()).orElse(null);
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
