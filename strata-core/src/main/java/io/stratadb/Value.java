package io.stratadb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Strata value: Null, Bool, Int (64-bit), Float (64-bit), String, Bytes, Array or Object.
 * Values are immutable and thread-safe. Values of different types are never equal (Int 1 is
 * not Float 1.0). Objects keep insertion order; their equality ignores order.
 *
 * <p>{@link #of(Object)} converts plain Java objects; {@link #toJava()} converts back.
 */
public sealed interface Value permits Value.Null, Value.Bool, Value.Int, Value.Float, Value.Str, Value.Bytes,
        Value.Array, Value.Obj {

    /** Largest nesting depth of arrays and objects. */
    int MAX_NESTING = 128;

    /** The type tag of a value. */
    enum Type { NULL, BOOL, INT, FLOAT, STRING, BYTES, ARRAY, OBJECT }

    Type type();

    /** The value as plain Java: null, Boolean, Long, Double, String, byte[], List, Map (insertion order). */
    Object toJava();

    // ---- the eight variants -------------------------------------------------------------------

    /** The null value. */
    enum Null implements Value {
        INSTANCE;

        @Override
        public Type type() {
            return Type.NULL;
        }

        @Override
        public Object toJava() {
            return null;
        }

        @Override
        public String toString() {
            return "null";
        }
    }

    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public Type type() {
            return Type.BOOL;
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Int(long value) implements Value {
        @Override
        public Type type() {
            return Type.INT;
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A 64-bit float; NaN equals NaN here so that values stay usable as map keys and in tests. */
    record Float(double value) implements Value {
        @Override
        public Type type() {
            return Type.FLOAT;
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Float f && Double.compare(f.value, value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    record Str(String value) implements Value {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Type type() {
            return Type.STRING;
        }

        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    /** Bytes; the array is copied in and out. */
    record Bytes(byte[] value) implements Value {
        public Bytes {
            value = Objects.requireNonNull(value, "value").clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public Type type() {
            return Type.BYTES;
        }

        @Override
        public Object toJava() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "b64:" + Base64.getEncoder().encodeToString(value);
        }
    }

    record Array(List<Value> values) implements Value {
        public Array {
            values = List.copyOf(values);
        }

        @Override
        public Type type() {
            return Type.ARRAY;
        }

        @Override
        public Object toJava() {
            List<Object> out = new ArrayList<>(values.size());
            for (Value v : values) {
                out.add(v.toJava());
            }
            return out;
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /** An object; keys keep insertion order. */
    record Obj(Map<String, Value> fields) implements Value {
        public Obj {
            Map<String, Value> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : fields.entrySet()) {
                copy.put(Objects.requireNonNull(e.getKey(), "object key"), Objects.requireNonNull(e.getValue(),
                        "object value"));
            }
            fields = Collections.unmodifiableMap(copy);
        }

        @Override
        public Type type() {
            return Type.OBJECT;
        }

        /** The field's value, or null when absent. */
        public Value get(String field) {
            return fields.get(field);
        }

        @Override
        public Object toJava() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : fields.entrySet()) {
                out.put(e.getKey(), e.getValue().toJava());
            }
            return out;
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }

    // ---- construction -------------------------------------------------------------------------

    static Value nullValue() {
        return Null.INSTANCE;
    }

    static Value of(boolean b) {
        return b ? Bool.TRUE : Bool.FALSE;
    }

    static Value of(long v) {
        return new Int(v);
    }

    static Value of(double v) {
        return new Float(v);
    }

    static Value of(String s) {
        return new Str(s);
    }

    static Value of(byte[] b) {
        return new Bytes(b);
    }

    /**
     * Converts a plain Java object: null, Value, Boolean, Byte/Short/Integer/Long, Float/Double,
     * CharSequence, byte[], List/arrays of those, Map with String keys, or a Jackson JsonNode.
     *
     * @throws ValidationException for any other type, a non-String map key, or nesting over {@link #MAX_NESTING}
     */
    static Value of(Object o) {
        return ValueConversions.fromJava(o, 0);
    }

    /** Object builder convenience: {@code Value.object("a", 1, "b", "x")}. */
    static Value object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new ValidationException("Value.object needs key/value pairs, got " + keysAndValues.length
                    + " arguments");
        }
        Map<String, Value> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String k)) {
                throw new ValidationException("object key at argument " + i + " must be a String, got "
                        + keysAndValues[i]);
            }
            m.put(k, of(keysAndValues[i + 1]));
        }
        return new Obj(m);
    }

    // ---- typed access ---------------------------------------------------------------------------

    default boolean isNull() {
        return this == Null.INSTANCE;
    }

    /** @throws ValidationException if not a Bool */
    default boolean asBool() {
        if (this instanceof Bool b) {
            return b.value();
        }
        throw new ValidationException("expected a Bool, got " + type());
    }

    /** @throws ValidationException if not an Int */
    default long asLong() {
        if (this instanceof Int i) {
            return i.value();
        }
        throw new ValidationException("expected an Int, got " + type());
    }

    /** Int or Float as double. @throws ValidationException otherwise */
    default double asDouble() {
        if (this instanceof Float f) {
            return f.value();
        }
        if (this instanceof Int i) {
            return i.value();
        }
        throw new ValidationException("expected a number, got " + type());
    }

    /** @throws ValidationException if not a String */
    default String asString() {
        if (this instanceof Str s) {
            return s.value();
        }
        throw new ValidationException("expected a String, got " + type());
    }

    /** @throws ValidationException if not Bytes */
    default byte[] asBytes() {
        if (this instanceof Bytes b) {
            return b.value();
        }
        throw new ValidationException("expected Bytes, got " + type());
    }

    /** @throws ValidationException if not an Array */
    default List<Value> asList() {
        if (this instanceof Array a) {
            return a.values();
        }
        throw new ValidationException("expected an Array, got " + type());
    }

    /** @throws ValidationException if not an Object */
    default Map<String, Value> asMap() {
        if (this instanceof Obj o) {
            return o.fields();
        }
        throw new ValidationException("expected an Object, got " + type());
    }
}
