package io.stratadb.internal.vector;

import io.stratadb.Value;
import io.stratadb.internal.codec.ValueCodec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How branch diff and merge reports can present vector-keyspace entries to users (the engine's
 * generic path shows raw bytes): entity names {@code <collection>/<key>} for vectors and
 * {@code <collection>} for a collection's config, and values as objects
 * ({@code {"vector": [...], "metadata": ...}} / the config object). Stateless.
 */
public final class VectorEntities {
    private VectorEntities() {
    }

    /** A printable entity name for a user key of the vector keyspace. */
    public static String name(byte[] userKey) {
        VectorKeys.Parsed p = VectorKeys.parse(userKey);
        if (p == null) {
            return new String(userKey, java.nio.charset.StandardCharsets.UTF_8);
        }
        return p.isConfig() ? p.collection() : p.collection() + "/" + p.key();
    }

    /** The user-facing value of a stored vector-keyspace entry (null = absent). */
    public static Value value(byte[] userKey, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        VectorKeys.Parsed p = VectorKeys.parse(userKey);
        try {
            if (p != null && p.isConfig()) {
                return ValueCodec.decode(bytes);
            }
            VectorRow row = VectorRow.decode(bytes, name(userKey));
            List<Value> components = new ArrayList<>(row.vector().length);
            for (float f : row.vector()) {
                components.add(Value.of((double) f));
            }
            Map<String, Value> m = new LinkedHashMap<>();
            m.put("vector", new Value.Array(components));
            m.put("metadata", row.metadata());
            return new Value.Obj(m);
        } catch (RuntimeException e) {
            return Value.of(bytes); // not one of ours: show the bytes
        }
    }
}
