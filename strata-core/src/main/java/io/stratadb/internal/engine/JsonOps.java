package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.Value;
import io.stratadb.Versioned;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.engine.json.JsonDocs;
import io.stratadb.internal.engine.json.JsonPath;
import io.stratadb.storage.Key;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * JSON documents of one (branch, space), addressed by key and a JSONPath subset ({@link JsonPath}).
 * Each document has a per-document version counter (1 on creation, +1 per write, back to 1 after
 * it is deleted). {@code set} creates missing intermediate containers; an index equal to an array's
 * length appends, a larger one is a {@link io.stratadb.ValidationException}; deleting {@code $}
 * deletes the document. A missing document or path reads as empty. Immutable and thread-safe (when
 * bound to a transaction, only that transaction's thread may use it).
 */
public final class JsonOps extends SpaceBoundOps {
    /** One write of a batch set. */
    public record SetOp(String key, String path, Value value) {
    }

    /** One read of a batch get, or one deletion of a batch delete. */
    public record PathOp(String key, String path) {
    }

    JsonOps(Scope scope, String space) {
        super(scope, space);
    }

    private Key key(String key) {
        return userKey(Keyspaces.JSON, "JSON document key", key);
    }

    /** Sets the value at {@code path} (creating the document if needed); returns the new document version. */
    public long set(String key, String path, Value value) {
        Key k = key(key);
        JsonPath p = JsonPath.parse(path);
        Objects.requireNonNull(value, "value");
        return scope.write(space, t -> setIn(t, k, p, value)).value();
    }

    private static long setIn(Transaction t, Key k, JsonPath p, Value value) {
        Optional<VersionedValue> cur = t.get(k);
        Counted c = cur.map(v -> Counted.decode(v.value())).orElse(null);
        Value doc = JsonDocs.set(c == null ? null : c.value(), p, value);
        long next = (c == null ? 0 : c.counter()) + 1;
        t.put(k, Counted.encode(next, doc));
        return next;
    }

    /** The value at {@code path} of document {@code key}, or empty. */
    public Optional<Value> get(String key, String path) {
        Key k = key(key);
        JsonPath p = JsonPath.parse(path);
        return StorageErrors.call(() -> scope.reader().get(k)).flatMap(v -> JsonDocs.get(Counted.decode(v.value())
                .value(), p));
    }

    /** The whole document with its version, commit version and timestamp. */
    public Optional<Versioned> getVersioned(String key) {
        Key k = key(key);
        return StorageErrors.call(() -> scope.reader().get(k)).map(StateOps::toVersioned);
    }

    /**
     * Deletes the value at {@code path} ({@code $} deletes the document).
     *
     * @return whether something was removed
     */
    public boolean delete(String key, String path) {
        Key k = key(key);
        JsonPath p = JsonPath.parse(path);
        return scope.write(space, t -> deleteIn(t, k, p)).value();
    }

    private static boolean deleteIn(Transaction t, Key k, JsonPath p) {
        Optional<VersionedValue> cur = t.get(k);
        if (cur.isEmpty()) {
            return false;
        }
        if (p.isRoot()) {
            t.delete(k);
            return true;
        }
        Counted c = Counted.decode(cur.get().value());
        Optional<Value> doc = JsonDocs.delete(c.value(), p);
        if (doc.isEmpty()) {
            return false;
        }
        t.put(k, Counted.encode(c.counter() + 1, doc.get()));
        return true;
    }

    /** Keys of live documents starting with {@code prefix} (null = all). */
    public List<String> list(String prefix) {
        return listNames(Keyspaces.JSON, prefix);
    }

    /** One page of document keys; {@code limit} null = 1000. */
    public Page<String> listPaginated(String prefix, Integer limit, String cursor) {
        return pageNames(Keyspaces.JSON, prefix, limit, cursor);
    }

    /** Every version of the whole document, newest first, deletions included; empty if it never existed. */
    public List<Versioned> history(String key) {
        Key k = key(key);
        List<VersionedValue> h = StorageErrors.call(() -> scope.reader().history(k));
        List<Versioned> out = new ArrayList<>(h.size());
        for (VersionedValue v : h) {
            out.add(v.isTombstone() ? Versioned.tombstone(0, v.version(), v.timestampMicros())
                    : StateOps.toVersioned(v));
        }
        return out;
    }

    /** Applies every set in one commit (in order); returns each resulting document version. */
    public List<Long> batchSet(List<SetOp> ops) {
        List<Key> keys = new ArrayList<>();
        List<JsonPath> paths = new ArrayList<>();
        for (SetOp op : ops) {
            keys.add(key(op.key()));
            paths.add(JsonPath.parse(op.path()));
            Objects.requireNonNull(op.value(), "value");
        }
        if (ops.isEmpty()) {
            return List.of();
        }
        return scope.write(space, t -> {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                out.add(setIn(t, keys.get(i), paths.get(i), ops.get(i).value()));
            }
            return out;
        }).value();
    }

    /** Reads every (key, path) from one consistent view. */
    public List<Optional<Value>> batchGet(List<PathOp> ops) {
        var view = scope.reader();
        List<Optional<Value>> out = new ArrayList<>();
        for (PathOp op : ops) {
            Key k = key(op.key());
            JsonPath p = JsonPath.parse(op.path());
            out.add(StorageErrors.call(() -> view.get(k)).flatMap(v -> JsonDocs.get(Counted.decode(v.value())
                    .value(), p)));
        }
        return out;
    }

    /** Applies every delete in one commit (in order); returns whether each removed something. */
    public List<Boolean> batchDelete(List<PathOp> ops) {
        List<Key> keys = new ArrayList<>();
        List<JsonPath> paths = new ArrayList<>();
        for (PathOp op : ops) {
            keys.add(key(op.key()));
            paths.add(JsonPath.parse(op.path()));
        }
        if (ops.isEmpty()) {
            return List.of();
        }
        return scope.write(space, t -> {
            List<Boolean> out = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                out.add(deleteIn(t, keys.get(i), paths.get(i)));
            }
            return out;
        }).value();
    }
}
