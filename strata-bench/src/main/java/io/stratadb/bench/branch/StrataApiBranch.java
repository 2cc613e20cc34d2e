package io.stratadb.bench.branch;

import io.stratadb.BranchDiff;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.Options;
import io.stratadb.Strata;
import io.stratadb.Value;
import java.util.SplittableRandom;

/**
 * Strata through its public API ({@link Strata}: {@code kv()}, {@code branches()}), so diff and
 * merge are the engine's own (version-aware, three-way merge, {@code last_writer_wins}). Loads use
 * one transaction per 1000 keys. Only diff and merge are measured with it; the session's current
 * branch is switched with {@code branches().use}. Not thread-safe.
 */
public final class StrataApiBranch implements BranchEngine {
    private final Strata db;
    private final SplittableRandom rnd = new SplittableRandom(13);

    public StrataApiBranch(Strata db) {
        this.db = db;
    }

    /** An in-memory database ({@link Strata#cache()}). */
    public static StrataApiBranch inMemory() {
        return new StrataApiBranch(Strata.cache());
    }

    /**
     * A database in {@code dir} with {@code durability} ({@link Strata#open(java.nio.file.Path, Options)}),
     * or {@link #inMemory()} for {@code IN_MEMORY}.
     *
     * @throws io.stratadb.StrataException if the durable database cannot be opened
     */
    public static StrataApiBranch open(java.nio.file.Path dir, Options.Durability durability) {
        if (durability == Options.Durability.IN_MEMORY) {
            return inMemory();
        }
        return new StrataApiBranch(Strata.open(dir, Options.defaults().withDurability(durability)));
    }

    private byte[] value(int size) {
        byte[] v = new byte[size];
        rnd.nextBytes(v);
        return v;
    }

    @Override
    public long load(String branch, String prefix, int count, int valueSize) {
        db.branches().use(branch);
        for (int i = 0; i < count; i += 1000) {
            int from = i;
            int to = Math.min(count, i + 1000);
            db.transaction(tx -> {
                for (int j = from; j < to; j++) {
                    tx.kv().put(prefix + j, value(valueSize));
                }
            });
        }
        return 0;
    }

    @Override
    public long put(String branch, String key, byte[] value) {
        db.branches().use(branch);
        return db.kv().put(key, value);
    }

    @Override
    public void fork(String source, String target) {
        db.branches().fork(source, target);
    }

    @Override
    public int diff(String a, String b) {
        BranchDiff d = db.branches().diff(a, b);
        return (int) (d.summary().totalAdded() + d.summary().totalRemoved() + d.summary().totalModified());
    }

    @Override
    public int merge(String source, String target) {
        MergeResult r = db.branches().merge(source, target, MergeStrategy.LAST_WRITER_WINS);
        return (int) (r.keysApplied() + r.keysDeleted());
    }

    @Override
    public byte[] readAsOf(String branch, String key, long version) {
        throw new UnsupportedOperationException("as-of reads are measured through the storage API");
    }

    @Override
    public byte[] read(String branch, String key) {
        db.branches().use(branch);
        return db.kv().get(key).map(v -> v instanceof Value.Bytes b ? b.value() : null).orElse(null);
    }

    @Override
    public void deleteBranch(String name) {
        db.branches().use("default");
        db.branches().delete(name);
    }

    @Override
    public void close() {
        db.close();
    }
}
