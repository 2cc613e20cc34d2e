package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.Versioned;
import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.Key;
import io.stratadb.storage.VersionedValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * State cells of one (branch, space): values with a per-cell version counter (1 on creation, +1
 * per write, back to 1 after a delete) used for compare-and-swap. A CAS mismatch is a normal
 * result (empty), never an exception. Cell names follow the key rules of {@link KvOps}.
 * Immutable and thread-safe (when bound to a transaction, only that transaction's thread may use it).
 */
public final class StateOps extends SpaceBoundOps {
    StateOps(Scope scope, String space) {
        super(scope, space);
    }

    private Key key(String cell) {
        return userKey(Keyspaces.STATE, "state cell name", cell);
    }

    /** Sets the cell unconditionally; returns its new version. */
    public long set(String cell, Value value) {
        Key k = key(cell);
        Objects.requireNonNull(value, "value");
        Counted.encode(1, value); // validate size/nesting before writing
        return scope.write(space, t -> {
            long next = t.get(k).map(v -> Counted.counterOf(v.value())).orElse(0L) + 1;
            t.put(k, Counted.encode(next, value));
            return next;
        }).value();
    }

    /** Creates the cell if absent; returns the new version (1) or the existing cell's version. Idempotent. */
    public long init(String cell, Value value) {
        Key k = key(cell);
        Objects.requireNonNull(value, "value");
        byte[] encoded = Counted.encode(1, value);
        return scope.write(space, t -> {
            Optional<VersionedValue> cur = t.get(k);
            if (cur.isPresent()) {
                return Counted.counterOf(cur.get().value());
            }
            t.put(k, encoded);
            return 1L;
        }).value();
    }

    /**
     * Compare-and-swap: writes {@code value} only if the cell's version equals {@code expectedVersion};
     * with {@code expectedVersion == null} only if the cell does not exist (create-if-absent).
     *
     * @return the new version, or empty on mismatch (including an expected version on a missing cell)
     * @throws ValidationException if {@code expectedVersion < 0}
     */
    public OptionalLong cas(String cell, Value value, Long expectedVersion) {
        Key k = key(cell);
        Objects.requireNonNull(value, "value");
        if (expectedVersion != null && expectedVersion < 0) {
            throw new ValidationException("expected version must be >= 0, got " + expectedVersion + " for cell '"
                    + cell + "'");
        }
        Counted.encode(1, value);
        return scope.write(space, t -> {
            Optional<VersionedValue> cur = t.get(k);
            long have = cur.map(v -> Counted.counterOf(v.value())).orElse(0L);
            boolean ok = expectedVersion == null ? cur.isEmpty() : cur.isPresent() && have == expectedVersion;
            if (!ok) {
                return OptionalLong.empty();
            }
            t.put(k, Counted.encode(have + 1, value));
            return OptionalLong.of(have + 1);
        }).value();
    }

    public Optional<Value> get(String cell) {
        return getVersioned(cell).map(Versioned::value);
    }

    /** Value, per-cell version, commit version and timestamp of the latest write. */
    public Optional<Versioned> getVersioned(String cell) {
        Key k = key(cell);
        return StorageErrors.call(() -> scope.reader().get(k)).map(StateOps::toVersioned);
    }

    /** Deletes the cell; returns whether it existed. */
    public boolean delete(String cell) {
        Key k = key(cell);
        return deleteIfPresent(k);
    }

    /** Names of live cells starting with {@code prefix} (null = all). */
    public List<String> list(String prefix) {
        return listNames(Keyspaces.STATE, prefix);
    }

    /** One page of cell names. */
    public Page<String> listPaginated(String prefix, Integer limit, String cursor) {
        return pageNames(Keyspaces.STATE, prefix, limit, cursor);
    }

    /** Every version newest first, deletions included; empty if the cell never existed. */
    public List<Versioned> history(String cell) {
        Key k = key(cell);
        List<VersionedValue> h = StorageErrors.call(() -> scope.reader().history(k));
        List<Versioned> out = new ArrayList<>(h.size());
        for (VersionedValue v : h) {
            out.add(v.isTombstone() ? Versioned.tombstone(0, v.version(), v.timestampMicros()) : toVersioned(v));
        }
        return out;
    }

    static Versioned toVersioned(VersionedValue v) {
        Counted c = Counted.decode(v.value());
        return Versioned.of(c.value(), c.counter(), v.version(), v.timestampMicros());
    }
}
