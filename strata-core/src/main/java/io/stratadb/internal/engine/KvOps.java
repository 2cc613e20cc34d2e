package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.Value;
import io.stratadb.Versioned;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.codec.ValueCodec;
import io.stratadb.storage.Key;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Key-value operations on one (branch, space), bound to auto-commit, a transaction or a snapshot
 * (see {@link Engine}). Keys are non-empty strings of at most 1 KiB UTF-8; values at most 16 MiB
 * encoded and 128 levels deep ({@link io.stratadb.ValidationException} otherwise). A missing key
 * reads as empty, never an exception. Immutable and thread-safe (when bound to a transaction, only
 * that transaction's thread may use it).
 */
public final class KvOps extends SpaceBoundOps {
    KvOps(Scope scope, String space) {
        super(scope, space);
    }

    private Key key(String key) {
        return userKey(Keyspaces.KV, "key", key);
    }

    /** Stores {@code value}; returns the commit version (0 inside a transaction). */
    public long put(String key, Value value) {
        Key k = key(key);
        byte[] bytes = ValueCodec.encode(Objects.requireNonNull(value, "value"));
        return scope.writeBlind(space, new WriteBatch().put(k, bytes)).commitVersion();
    }

    /** Stores every entry in one commit; returns the commit version (0 inside a transaction). */
    public long batchPut(Map<String, Value> entries) {
        Map<Key, byte[]> encoded = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : entries.entrySet()) {
            encoded.put(key(e.getKey()), ValueCodec.encode(Objects.requireNonNull(e.getValue(),
                    "value of " + e.getKey())));
        }
        if (encoded.isEmpty()) {
            return 0;
        }
        WriteBatch batch = new WriteBatch();
        encoded.forEach(batch::put);
        return scope.writeBlind(space, batch).commitVersion();
    }

    public Optional<Value> get(String key) {
        return getVersioned(key).map(Versioned::value);
    }

    /** The latest version: value, version (= commit version), timestamp. */
    public Optional<Versioned> getVersioned(String key) {
        Key k = key(key);
        return StorageErrors.call(() -> scope.reader().get(k)).map(v -> Versioned.of(ValueCodec.decode(v.value()),
                v.version(), v.version(), v.timestampMicros()));
    }

    /** Deletes {@code key}; returns whether it existed. */
    public boolean delete(String key) {
        Key k = key(key);
        return deleteIfPresent(k);
    }

    /** Live keys starting with {@code prefix} (null = all), in UTF-8 byte order. */
    public List<String> list(String prefix) {
        return listNames(Keyspaces.KV, prefix);
    }

    /** One page of keys; pass the returned cursor back for the next page. {@code limit} null = 1000. */
    public Page<String> listPaginated(String prefix, Integer limit, String cursor) {
        return pageNames(Keyspaces.KV, prefix, limit, cursor);
    }

    /** Every version newest first, deletions included; empty if the key never existed. */
    public List<Versioned> history(String key) {
        Key k = key(key);
        List<VersionedValue> h = StorageErrors.call(() -> scope.reader().history(k));
        List<Versioned> out = new ArrayList<>(h.size());
        for (VersionedValue v : h) {
            out.add(v.isTombstone() ? Versioned.tombstone(v.version(), v.version(), v.timestampMicros())
                    : Versioned.of(ValueCodec.decode(v.value()), v.version(), v.version(), v.timestampMicros()));
        }
        return out;
    }
}
