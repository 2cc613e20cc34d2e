package io.stratadb.internal.engine;

import io.stratadb.ConstraintException;
import io.stratadb.NotFoundException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Spaces of one branch. Names match {@code ^[a-z][a-z0-9_-]{0,63}$}; {@code default} always exists
 * and cannot be deleted; a space is created explicitly or by the first write into it; deleting a
 * non-empty space needs {@code force}, which deletes its data (all primitives) in the same commit.
 * Immutable and thread-safe.
 */
public final class SpaceOps {
    private final Scope scope;

    SpaceOps(Scope scope) {
        this.scope = scope;
    }

    public String branch() {
        return scope.branch();
    }

    /** Creates the space; returns false if it already existed. */
    public boolean create(String space) {
        Names.checkSpace(space);
        if (Names.DEFAULT_SPACE.equals(space)) {
            return false;
        }
        return scope.write(Names.DEFAULT_SPACE, t -> {
            if (t.get(SpaceRegistry.key(space)).isPresent()) {
                return false;
            }
            t.put(SpaceRegistry.key(space), new byte[] {1});
            return true;
        }).value();
    }

    /** Every space, sorted, {@code default} included. */
    public List<String> list() {
        return scope.engine.spaceRegistry().list(scope.reader());
    }

    public boolean exists(String space) {
        Names.checkSpace(space);
        return scope.engine.spaceRegistry().exists(scope.reader(), space);
    }

    /** Whether the space holds any live data. */
    public boolean isEmpty(String space) {
        Names.checkSpace(space);
        return isEmpty(scope.reader(), space);
    }

    private static boolean isEmpty(ReadView view, String space) {
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.space(space))) {
            return !it.hasNext();
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /**
     * Deletes a space.
     *
     * @param force also delete its data; without it a non-empty space is refused
     * @throws ConstraintException for {@code default}, or a non-empty space without {@code force}
     * @throws NotFoundException   if the space does not exist
     */
    public void delete(String space, boolean force) {
        Names.checkSpace(space);
        if (Names.DEFAULT_SPACE.equals(space)) {
            throw new ConstraintException("the default space cannot be deleted");
        }
        scope.write(Names.DEFAULT_SPACE, t -> {
            if (t.get(SpaceRegistry.key(space)).isEmpty()) {
                throw new NotFoundException("space '" + space + "' does not exist on branch '" + scope.branch() + "'");
            }
            List<KeyValue> live = collect(t, space);
            if (!live.isEmpty() && !force) {
                throw new ConstraintException("space '" + space + "' is not empty (" + live.size()
                        + " keys); delete it with force to delete its data too");
            }
            for (KeyValue kv : live) {
                t.delete(kv.key());
            }
            t.delete(SpaceRegistry.key(space));
            return null;
        });
    }

    private static List<KeyValue> collect(Transaction t, String space) {
        List<KeyValue> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = t.scan(KeyRange.space(space))) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }
}
