package io.stratadb.command;

import io.stratadb.Value;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds random instances of any record made of strings, numbers, booleans, enums, {@link Value}s,
 * lists, string-keyed maps and nested records, by reflection. Constructors that reject a combination
 * are retried with new values.
 */
final class RandomRecords {
    private final Random rnd;

    RandomRecords(Random rnd) {
        this.rnd = rnd;
    }

    /** A random instance of {@code type}, or null if 200 tries were all rejected by its constructor. */
    <T> T record(Class<T> type) {
        RecordComponent[] comps = type.getRecordComponents();
        Class<?>[] raw = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            raw[i] = comps[i].getType();
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            Object[] args = new Object[comps.length];
            for (int i = 0; i < comps.length; i++) {
                args[i] = any(comps[i].getGenericType(), 0, comps[i].getName());
            }
            try {
                Constructor<T> c = type.getDeclaredConstructor(raw);
                c.setAccessible(true);
                return c.newInstance(args);
            } catch (InvocationTargetException e) {
                // rejected by validation: try other values
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private Object any(Type t, int depth, String name) {
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                List<Object> out = new ArrayList<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    Object e = any(args[0], depth + 1, name);
                    out.add(e == null && args[0] == Boolean.class ? Boolean.TRUE : e);
                }
                out.removeIf(java.util.Objects::isNull);
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = new LinkedHashMap<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    Object v = any(args[1], depth + 1, name);
                    if (v != null) {
                        out.put(word(), v);
                    }
                }
                return out;
            }
            throw new IllegalStateException("unsupported generic type " + t);
        }
        Class<?> c = (Class<?>) t;
        boolean boxed = !c.isPrimitive();
        if (boxed && c != Value.class && !c.isRecord() && rnd.nextInt(4) == 0) {
            return null;
        }
        if (c == long.class || c == Long.class) {
            return rnd.nextInt(3) == 0 ? rnd.nextLong() & Long.MAX_VALUE : (long) rnd.nextInt(1000);
        }
        if (c == int.class || c == Integer.class) {
            return 1 + rnd.nextInt(500);
        }
        if (c == boolean.class || c == Boolean.class) {
            return rnd.nextBoolean();
        }
        if (c == double.class || c == Double.class) {
            return rnd.nextDouble();
        }
        if (c == String.class) {
            return word();
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[rnd.nextInt(constants.length)];
        }
        if (c == Value.class) {
            if (name.equals("payload")) {
                return object(depth);
            }
            return rnd.nextInt(10) == 0 ? null : value(depth);
        }
        if (c.isRecord()) {
            if (rnd.nextInt(5) == 0 && depth > 0) {
                return null;
            }
            return record(c);
        }
        throw new IllegalStateException("unsupported type " + c);
    }

    String word() {
        String[] pool = {"a", "user:123", "köln", "space_1", "emoji-\uD83D\uDE00", "x y", "quote\"s", "\\slash",
                "tab\t", "default", "$.a.b[0]", "strict", "last_writer_wins", "target_wins"};
        String w = pool[rnd.nextInt(pool.length)];
        return rnd.nextBoolean() ? w : w + rnd.nextInt(100);
    }

    /** A random value of any type, Bytes and nesting included (finite floats: JSON has no NaN). */
    Value value(int depth) {
        int kind = rnd.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> Value.Null.INSTANCE;
            case 1 -> Value.of(rnd.nextBoolean());
            case 2 -> Value.of(rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(100) - 50);
            case 3 -> Value.of(rnd.nextBoolean() ? rnd.nextDouble() * 1e6 - 5e5 : (double) rnd.nextInt(10));
            case 4 -> Value.of(word());
            case 5 -> {
                byte[] b = new byte[rnd.nextInt(20)];
                rnd.nextBytes(b);
                yield Value.of(b);
            }
            case 6 -> {
                List<Value> l = new ArrayList<>();
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    l.add(value(depth + 1));
                }
                yield new Value.Array(l);
            }
            default -> object(depth);
        };
    }

    Value object(int depth) {
        Map<String, Value> m = new LinkedHashMap<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            m.put(word(), value(depth + 1));
        }
        return new Value.Obj(m);
    }
}
