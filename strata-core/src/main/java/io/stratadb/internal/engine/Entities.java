package io.stratadb.internal.engine;

import io.stratadb.Value;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.codec.ValueCodec;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * How diff and merge see the stored bytes of each keyspace: KV values are plain encoded values;
 * state cells and JSON documents carry a per-entity counter that is ignored when comparing; other
 * registered keyspaces are compared as raw bytes and reported as {@link Value.Bytes}.
 */
final class Entities {
    private Entities() {
    }

    static boolean counted(int keyspace) {
        return keyspace == Keyspaces.STATE || keyspace == Keyspaces.JSON;
    }

    /** Whether two stored forms (null = absent) are the same entity content. */
    static boolean same(int keyspace, byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return counted(keyspace) ? Counted.sameValue(a, b) : Arrays.equals(a, b);
    }

    /** The user-facing value of a stored form (null = absent). */
    static Value decode(int keyspace, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (keyspace == Keyspaces.KV) {
            return ValueCodec.decode(bytes);
        }
        if (counted(keyspace)) {
            return Counted.decode(bytes).value();
        }
        return Value.of(bytes);
    }

    /** Orders keys of one space and keyspace by user key (cheaper than {@link Key#compareTo}). */
    static final Comparator<Key> USER_KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.userKeyNoCopy(),
            b.userKeyNoCopy());

    /** Every live entry of one keyspace of one space, in key order (an empty map for a null view). */
    static LinkedHashMap<Key, byte[]> load(ReadView view, String space, int keyspace) {
        LinkedHashMap<Key, byte[]> out = new LinkedHashMap<>();
        if (view == null) {
            return out;
        }
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.keyspace(space, keyspace))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                out.put(kv.key(), kv.value());
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
        return out;
    }

    /** The sorted union of the key sets (all of one space and keyspace). */
    @SafeVarargs
    static TreeSet<Key> union(Map<Key, byte[]>... maps) {
        TreeSet<Key> keys = new TreeSet<>(USER_KEY_ORDER);
        for (Map<Key, byte[]> m : maps) {
            keys.addAll(m.keySet());
        }
        return keys;
    }

    /** A printable name for a user key (UTF-8 for engine keyspaces). */
    static String keyName(Key k) {
        return k.userKeyString();
    }
}
