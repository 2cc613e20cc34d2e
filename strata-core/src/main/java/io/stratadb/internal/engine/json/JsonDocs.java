package io.stratadb.internal.engine.json;

import io.stratadb.ValidationException;
import io.stratadb.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and rewrites immutable {@link Value} trees at a {@link JsonPath}. Pure functions; thread-safe.
 */
public final class JsonDocs {
    private JsonDocs() {
    }

    /** The value at {@code path}, or empty if any step is missing or has the wrong type. */
    public static Optional<Value> get(Value doc, JsonPath path) {
        Value cur = doc;
        for (JsonPath.Segment s : path.segments()) {
            if (s instanceof JsonPath.Field f) {
                if (!(cur instanceof Value.Obj o) || o.get(f.name()) == null) {
                    return Optional.empty();
                }
                cur = o.get(f.name());
            } else {
                long i = ((JsonPath.Index) s).index();
                if (!(cur instanceof Value.Array a)) {
                    return Optional.empty();
                }
                long idx = i < 0 ? a.values().size() + i : i;
                if (idx < 0 || idx >= a.values().size()) {
                    return Optional.empty();
                }
                cur = a.values().get((int) idx);
            }
        }
        return Optional.of(cur);
    }

    /**
     * {@code doc} (null = no document yet) with {@code value} set at {@code path}: missing
     * intermediate containers are created (an object for a name step, an array for an index step);
     * an index equal to the array length appends.
     *
     * @throws ValidationException if a step meets a value of the wrong type or an index past the end
     */
    public static Value set(Value doc, JsonPath path, Value value) {
        return setAt(doc, path, 0, value);
    }

    private static Value setAt(Value cur, JsonPath path, int depth, Value value) {
        List<JsonPath.Segment> segs = path.segments();
        if (depth == segs.size()) {
            return value;
        }
        JsonPath.Segment s = segs.get(depth);
        if (s instanceof JsonPath.Field f) {
            if (cur == null) {
                cur = new Value.Obj(Map.of());
            }
            if (!(cur instanceof Value.Obj o)) {
                throw new ValidationException("JSON path '" + path + "': step " + (depth + 1) + " ('" + f.name()
                        + "') needs an object but found " + typeName(cur));
            }
            Map<String, Value> m = new LinkedHashMap<>(o.fields());
            m.put(f.name(), setAt(o.get(f.name()), path, depth + 1, value));
            return new Value.Obj(m);
        }
        long i = ((JsonPath.Index) s).index();
        if (cur == null) {
            cur = new Value.Array(List.of());
        }
        if (!(cur instanceof Value.Array a)) {
            throw new ValidationException("JSON path '" + path + "': step " + (depth + 1) + " ([" + i
                    + "]) needs an array but found " + typeName(cur));
        }
        int len = a.values().size();
        long idx = i < 0 ? len + i : i;
        if (idx < 0 || idx > len) {
            throw new ValidationException("JSON path '" + path + "': index " + i + " is out of bounds for an array of "
                    + len + " element(s) (an index equal to the length appends)");
        }
        List<Value> l = new ArrayList<>(a.values());
        if (idx == len) {
            l.add(setAt(null, path, depth + 1, value));
        } else {
            l.set((int) idx, setAt(l.get((int) idx), path, depth + 1, value));
        }
        return new Value.Array(l);
    }

    /** {@code doc} without the value at {@code path} (not the root), or empty if there was nothing there. */
    public static Optional<Value> delete(Value doc, JsonPath path) {
        if (path.isRoot()) {
            throw new IllegalArgumentException("the root is deleted by deleting the document");
        }
        return deleteAt(doc, path, 0);
    }

    private static Optional<Value> deleteAt(Value cur, JsonPath path, int depth) {
        List<JsonPath.Segment> segs = path.segments();
        JsonPath.Segment s = segs.get(depth);
        boolean last = depth == segs.size() - 1;
        if (s instanceof JsonPath.Field f) {
            if (!(cur instanceof Value.Obj o) || o.get(f.name()) == null) {
                return Optional.empty();
            }
            Map<String, Value> m = new LinkedHashMap<>(o.fields());
            if (last) {
                m.remove(f.name());
            } else {
                Optional<Value> child = deleteAt(o.get(f.name()), path, depth + 1);
                if (child.isEmpty()) {
                    return Optional.empty();
                }
                m.put(f.name(), child.get());
            }
            return Optional.of(new Value.Obj(m));
        }
        if (!(cur instanceof Value.Array a)) {
            return Optional.empty();
        }
        long i = ((JsonPath.Index) s).index();
        int len = a.values().size();
        long idx = i < 0 ? len + i : i;
        if (idx < 0 || idx >= len) {
            return Optional.empty();
        }
        List<Value> l = new ArrayList<>(a.values());
        if (last) {
            l.remove((int) idx);
        } else {
            Optional<Value> child = deleteAt(l.get((int) idx), path, depth + 1);
            if (child.isEmpty()) {
                return Optional.empty();
            }
            l.set((int) idx, child.get());
        }
        return Optional.of(new Value.Array(l));
    }

    private static String typeName(Value v) {
        return v.type().name().toLowerCase(java.util.Locale.ROOT);
    }
}
