package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;

import java.util.List;
import java.util.Optional;

/**
 * A {@link ReadView} pinned to one branch (by id) and one version. Thread-safe and immutable;
 * every call first checks that the storage is still open ({@code openCheck}).
 */
public final class SnapshotView implements ReadView {
    private final ReadPath path;
    private final String branch;
    private final ReadChain chain;
    private final Runnable openCheck;

    public SnapshotView(ReadPath path, String branch, ReadChain chain, Runnable openCheck) {
        this.path = path;
        this.branch = branch;
        this.chain = chain;
        this.openCheck = openCheck;
    }

    @Override
    public String branch() {
        return branch;
    }

    @Override
    public long version() {
        return chain.version();
    }

    /** The chain this view reads (ids and caps). */
    public ReadChain chain() {
        return chain;
    }

    @Override
    public Optional<VersionedValue> get(Key key) {
        openCheck.run();
        checkKey(key);
        SourceEntry e = path.get(chain, key);
        if (e == null || e.isTombstone()) {
            return Optional.empty();
        }
        return Optional.of(new VersionedValue(e.value(), InternalKeyCodec.versionOf(e.internalKey()),
                e.timestampMicros()));
    }

    @Override
    public CloseableIterator<KeyValue> scan(KeyRange range) {
        openCheck.run();
        if (range == null) {
            throw new InvalidKeyException("scan range must not be null");
        }
        return path.scan(chain, range);
    }

    @Override
    public CloseableIterator<KeyValue> changes(KeyRange range, long sinceVersion) {
        openCheck.run();
        if (range == null) {
            throw new InvalidKeyException("changes range must not be null");
        }
        if (sinceVersion < 0) {
            throw new IllegalArgumentException("sinceVersion must be >= 0, got " + sinceVersion);
        }
        return path.changes(chain, range, sinceVersion);
    }

    /**
     * From the first branch the two fork chains share on, both read the same segments (a branch has
     * one parent), capped at each chain's own cap there and below; so a key whose newest version is
     * at most the lower of the two caps on that branch reads the same entry in both.
     */
    @Override
    public long sharedHistory(ReadView other) {
        if (!(other instanceof SnapshotView o) || o.path != path) {
            return 0;
        }
        for (int i = 0; i < chain.ids.length; i++) {
            for (int j = 0; j < o.chain.ids.length; j++) {
                if (chain.ids[i] == o.chain.ids[j]) {
                    return Math.max(0, Math.min(chain.caps[i], o.chain.caps[j]));
                }
            }
        }
        return 0;
    }

    @Override
    public List<VersionedValue> history(Key key) {
        openCheck.run();
        checkKey(key);
        return path.history(chain, key);
    }

    static void checkKey(Key key) {
        if (key == null) {
            throw new InvalidKeyException("key must not be null");
        }
    }

    @Override
    public String toString() {
        return "ReadView[" + branch + " @" + chain.version() + "]";
    }
}
