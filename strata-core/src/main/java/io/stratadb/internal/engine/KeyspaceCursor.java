package io.stratadb.internal.engine;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;

import java.util.Arrays;

/**
 * A peekable, key-ordered scan of one keyspace of one space, so diff and merge can walk two or three
 * branches side by side (a sorted merge) instead of loading each into a map. Within one space and
 * keyspace, storage key order is unsigned user-key order ({@link #compare}). A null view is an empty
 * scan. Storage errors are translated. Not thread-safe; close it to release the storage scan.
 */
final class KeyspaceCursor implements AutoCloseable {
    private final CloseableIterator<KeyValue> it;
    private KeyValue current;

    private KeyspaceCursor(CloseableIterator<KeyValue> it) {
        this.it = it;
        advance();
    }

    static KeyspaceCursor open(ReadView view, String space, int keyspace) {
        return open(view, view == null ? null : KeyRange.keyspace(space, keyspace));
    }

    /** A cursor over {@code range}, which must lie within one space and keyspace. */
    static KeyspaceCursor open(ReadView view, KeyRange range) {
        if (view == null) {
            return new KeyspaceCursor(null);
        }
        try {
            return new KeyspaceCursor(view.scan(range));
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /** The current entry, or null when exhausted. */
    KeyValue current() {
        return current;
    }

    void advance() {
        try {
            current = it != null && it.hasNext() ? it.next() : null;
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /** The current entry's value if its key is {@code key} (then advances past it), else null. */
    byte[] takeIf(Key key) {
        if (current != null && compare(current.key(), key) == 0) {
            byte[] v = current.value();
            advance();
            return v;
        }
        return null;
    }

    /** User-key order of keys of one space and keyspace; a null key (exhausted cursor) sorts last. */
    static int compare(Key a, Key b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return Arrays.compareUnsigned(a.userKeyNoCopy(), b.userKeyNoCopy());
    }

    /** The smallest current key of the cursors, or null when all are exhausted. */
    static Key min(KeyspaceCursor... cursors) {
        Key min = null;
        for (KeyspaceCursor c : cursors) {
            Key k = c.current == null ? null : c.current.key();
            if (k != null && (min == null || compare(k, min) < 0)) {
                min = k;
            }
        }
        return min;
    }

    @Override
    public void close() {
        if (it != null) {
            it.close();
        }
    }
}
