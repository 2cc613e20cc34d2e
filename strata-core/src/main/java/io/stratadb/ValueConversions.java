package io.stratadb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Java object to {@link Value} conversion (package-private; the JSON tree path lives in the JSON codec). */
final class ValueConversions {
    private ValueConversions() {
    }

    static Value fromJava(Object o, int depth) {
        if (depth > Value.MAX_NESTING) {
            throw new ValidationException("value nesting is deeper than the limit of " + Value.MAX_NESTING);
        }
        if (o == null) {
            return Value.Null.INSTANCE;
        }
        if (o instanceof Value v) {
            return v;
        }
        if (o instanceof Boolean b) {
            return Value.of(b.booleanValue());
        }
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return new Value.Int(((Number) o).longValue());
        }
        if (o instanceof Double || o instanceof java.lang.Float) {
            return new Value.Float(((Number) o).doubleValue());
        }
        if (o instanceof java.math.BigInteger bi) {
            if (bi.bitLength() >= 64) {
                throw new ValidationException("integer " + bi + " does not fit in 64 bits");
            }
            return new Value.Int(bi.longValue());
        }
        if (o instanceof java.math.BigDecimal bd) {
            return new Value.Float(bd.doubleValue());
        }
        if (o instanceof CharSequence s) {
            return new Value.Str(s.toString());
        }
        if (o instanceof Character c) {
            return new Value.Str(String.valueOf(c));
        }
        if (o instanceof byte[] b) {
            return new Value.Bytes(b);
        }
        if (o instanceof float[] fs) {
            List<Value> out = new ArrayList<>(fs.length);
            for (float f : fs) {
                out.add(new Value.Float(f));
            }
            return new Value.Array(out);
        }
        if (o instanceof Object[] arr) {
            return fromJava(java.util.Arrays.asList(arr), depth);
        }
        if (o instanceof Iterable<?> it) {
            List<Value> out = new ArrayList<>();
            for (Object e : it) {
                out.add(fromJava(e, depth + 1));
            }
            return new Value.Array(out);
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new ValidationException("object keys must be Strings, got " + e.getKey());
                }
                out.put(k, fromJava(e.getValue(), depth + 1));
            }
            return new Value.Obj(out);
        }
        if (o instanceof com.fasterxml.jackson.databind.JsonNode n) {
            return JsonValues.fromJsonNode(n);
        }
        throw new ValidationException("cannot convert " + o.getClass().getName() + " to a Strata value");
    }
}
