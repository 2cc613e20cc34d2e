package io.stratadb.internal.engine;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;

import java.util.Arrays;

/**
 * A peekable, key-ordered listing of the changes since a version ({@link ReadView#changes},
 * deletions included, as null values) in one keyspace of one space, so diff and merge can walk two
 * branches side by side (a sorted merge) instead of loading each into a map. Within one space and
 * keyspace, storage key order is unsigned user-key order ({@link #compare}). A null view is an empty
 * listing. Storage errors are translated. Not thread-safe; close it to release the storage scan.
 */
final class KeyspaceCursor implements AutoCloseable {
    private final CloseableIterator<KeyValue> it;
    private KeyValue current;

    private KeyspaceCursor(CloseableIterator<KeyValue> it) {
        this.it = it;
        advance();
    }

    /**
     * A cursor over the keys of {@code range} whose newest version in {@code view} is above
     * {@code since} ({@link ReadView#changes}); a deleted key's entry has a null value.
     */
    private static KeyspaceCursor changes(ReadView view, KeyRange range, long since) {
        if (view == null) {
            return new KeyspaceCursor(null);
        }
        try {
            return new KeyspaceCursor(view.changes(range, since));
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /**
     * The value of {@code key} in {@code view}: this cursor's entry if it is on {@code key} (then it
     * advances past it; null for a deletion), else a point read (null if absent). For a changes cursor
     * over the view, so a key it does not list is read where it was left unchanged.
     */
    private byte[] takeOrRead(ReadView view, Key key) {
        if (current != null && compare(current.key(), key) == 0) {
            byte[] v = current.value();
            advance();
            return v;
        }
        return read(view, key);
    }

    /** The live value of {@code key} in {@code view}, or null if absent (or the view is null). */
    static byte[] read(ReadView view, Key key) {
        if (view == null) {
            return null;
        }
        try {
            return view.get(key).map(io.stratadb.storage.VersionedValue::value).orElse(null);
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /** What {@link #forEachChanged} calls per key: its value in each view (null where absent). */
    @FunctionalInterface
    interface ChangedKey {
        void accept(Key key, byte[] inA, byte[] inB);
    }

    /**
     * Calls {@code body}, in key order, for every key of {@code range} that {@code a} or {@code b}
     * changed since {@code shared} (their {@link ReadView#sharedHistory}), with its value in each view:
     * from that view's changes listing, else a point read. Every key on which the views differ is
     * among them. A null view reads as empty.
     */
    static void forEachChanged(ReadView a, ReadView b, KeyRange range, long shared, ChangedKey body) {
        try (KeyspaceCursor ca = changes(a, range, shared); KeyspaceCursor cb = changes(b, range, shared)) {
            for (Key k = min(ca, cb); k != null; k = min(ca, cb)) {
                body.accept(k, ca.takeOrRead(a, k), cb.takeOrRead(b, k));
            }
        }
    }

    private void advance() {
        try {
            current = it != null && it.hasNext() ? it.next() : null;
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /** User-key order of keys of one space and keyspace; a null key (exhausted cursor) sorts last. */
    private static int compare(Key a, Key b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return Arrays.compareUnsigned(a.userKeyNoCopy(), b.userKeyNoCopy());
    }

    /** The smallest current key of the cursors, or null when all are exhausted. */
    private static Key min(KeyspaceCursor... cursors) {
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
