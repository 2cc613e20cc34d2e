package io.stratadb.internal.vector;

import io.stratadb.DistanceMetric;
import io.stratadb.Value;
import io.stratadb.internal.codec.ValueCodec;
import io.stratadb.internal.vector.hnsw.HnswParams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A collection's stored configuration (a {@link ValueCodec} object under
 * {@link VectorKeys#config}): dimension, metric and HNSW build parameters. {@code version} is the
 * commit version of the config row as read (0 before commit); a re-created collection gets a new
 * one, which is how indexes notice. Immutable.
 */
public record CollectionConfig(String name, int dimension, DistanceMetric metric, int m, int efConstruction,
                               long version) {
    public byte[] encode() {
        Map<String, Value> m0 = new LinkedHashMap<>();
        m0.put("format", Value.of(1L));
        m0.put("dimension", Value.of((long) dimension));
        m0.put("metric", Value.of(metric.wireName()));
        m0.put("m", Value.of((long) m));
        m0.put("ef_construction", Value.of((long) efConstruction));
        return ValueCodec.encode(new Value.Obj(m0));
    }

    public static CollectionConfig decode(String name, byte[] bytes, long version) {
        try {
            Value.Obj o = (Value.Obj) ValueCodec.decode(bytes);
            return new CollectionConfig(name, (int) ((Value.Int) o.get("dimension")).value(),
                    DistanceMetric.parse(((Value.Str) o.get("metric")).value()),
                    (int) ((Value.Int) o.get("m")).value(), (int) ((Value.Int) o.get("ef_construction")).value(),
                    version);
        } catch (RuntimeException e) {
            throw new io.stratadb.IoException("corrupt config of vector collection '" + name + "': " + e, e);
        }
    }

    public HnswParams hnswParams(int efSearch) {
        return new HnswParams(m, efConstruction, efSearch, 42);
    }
}
