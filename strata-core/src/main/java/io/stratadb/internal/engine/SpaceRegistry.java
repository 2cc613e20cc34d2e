package io.stratadb.internal.engine;

import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-branch registry of spaces, stored in {@link Engine#SYSTEM_SPACE} / {@link Keyspaces#META}
 * under {@code "space/" + name}. {@code default} is implicit and always present. Forks inherit it
 * like any other data. Thread-safe (stateless).
 */
final class SpaceRegistry {
    static final String PREFIX = "space/";
    private final Engine engine;

    SpaceRegistry(Engine engine) {
        this.engine = engine;
    }

    static Key key(String space) {
        return Key.of(Engine.SYSTEM_SPACE, Keyspaces.META, PREFIX + space);
    }

    /** Registers {@code space} in {@code t} if it is not yet registered (reads the entry: a write-read dependency). */
    void ensure(Transaction t, String space) {
        if (Names.DEFAULT_SPACE.equals(space)) {
            return;
        }
        Key k = key(space);
        if (t.get(k).isEmpty()) {
            t.put(k, new byte[] {1});
        }
    }

    boolean exists(ReadView view, String space) {
        return Names.DEFAULT_SPACE.equals(space) || StorageErrors.call(() -> view.get(key(space))).isPresent();
    }

    /** Every space of the branch, sorted, {@code default} included. */
    List<String> list(ReadView view) {
        List<String> out = new ArrayList<>();
        out.add(Names.DEFAULT_SPACE);
        byte[] p = PREFIX.getBytes(StandardCharsets.UTF_8);
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.prefix(Engine.SYSTEM_SPACE, Keyspaces.META, p))) {
            while (it.hasNext()) {
                String name = it.next().key().userKeyString().substring(PREFIX.length());
                if (!name.equals(Names.DEFAULT_SPACE)) {
                    out.add(name);
                }
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
        out.sort(null);
        return out;
    }
}
