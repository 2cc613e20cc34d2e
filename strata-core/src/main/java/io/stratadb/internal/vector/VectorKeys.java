package io.stratadb.internal.vector;

import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Storage key layout of the vector store, in keyspace {@link Keyspaces#VECTOR} of the user's space
 * (part of the durable format — never change):
 * <pre>
 *   collection config : 0x01 · collection name (UTF-8)
 *   vector row        : 0x02 · collection name (UTF-8) · 0x00 · vector key (UTF-8)
 * </pre>
 * Collection names never contain 0x00, so the rows of one collection are exactly the prefix
 * {@code 0x02 · name · 0x00}. Stateless.
 */
public final class VectorKeys {
    static final byte CONFIG = 1;
    static final byte ROW = 2;

    private VectorKeys() {
    }

    public static Key config(String space, String collection) {
        byte[] n = collection.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[n.length + 1];
        k[0] = CONFIG;
        System.arraycopy(n, 0, k, 1, n.length);
        return Key.of(space, Keyspaces.VECTOR, k);
    }

    public static KeyRange configs(String space) {
        return KeyRange.prefix(space, Keyspaces.VECTOR, new byte[]{CONFIG});
    }

    public static Key row(String space, String collection, String key) {
        byte[] p = rowPrefix(collection);
        byte[] kk = key.getBytes(StandardCharsets.UTF_8);
        byte[] k = Arrays.copyOf(p, p.length + kk.length);
        System.arraycopy(kk, 0, k, p.length, kk.length);
        return Key.of(space, Keyspaces.VECTOR, k);
    }

    public static KeyRange rows(String space, String collection) {
        return KeyRange.prefix(space, Keyspaces.VECTOR, rowPrefix(collection));
    }

    private static byte[] rowPrefix(String collection) {
        byte[] n = collection.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[n.length + 2];
        p[0] = ROW;
        System.arraycopy(n, 0, p, 1, n.length);
        p[n.length + 1] = 0;
        return p;
    }

    /** A parsed vector-keyspace user key: kind, collection, and (rows only) the vector key. */
    public record Parsed(boolean isConfig, String collection, String key) {
    }

    /** Parses a user key of the vector keyspace; null if it is not one of ours. */
    public static Parsed parse(byte[] userKey) {
        if (userKey.length < 2) {
            return null;
        }
        if (userKey[0] == CONFIG) {
            return new Parsed(true, new String(userKey, 1, userKey.length - 1, StandardCharsets.UTF_8), null);
        }
        if (userKey[0] == ROW) {
            for (int i = 1; i < userKey.length; i++) {
                if (userKey[i] == 0) {
                    String coll = new String(userKey, 1, i - 1, StandardCharsets.UTF_8);
                    String key = new String(userKey, i + 1, userKey.length - i - 1, StandardCharsets.UTF_8);
                    return new Parsed(false, coll, key);
                }
            }
        }
        return null;
    }
}
