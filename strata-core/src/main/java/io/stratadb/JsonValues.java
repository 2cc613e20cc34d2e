package io.stratadb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion between {@link Value} and Jackson trees. Bytes have no JSON form, so they are
 * written as the tagged object {@code {"$bytes": "<base64>"}} and read back as Bytes; every
 * other object is an Object. This makes every value round-trip through JSON exactly.
 */
public final class JsonValues {
    /** The tag field used for Bytes in JSON. */
    public static final String BYTES_TAG = "$bytes";

    private JsonValues() {
    }

    /** @throws ValidationException for nesting over {@link Value#MAX_NESTING} or a bad {@code $bytes} */
    public static Value fromJsonNode(JsonNode n) {
        return from(n, 0);
    }

    private static Value from(JsonNode n, int depth) {
        if (depth > Value.MAX_NESTING) {
            throw new ValidationException("JSON nesting is deeper than the limit of " + Value.MAX_NESTING);
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Value.Null.INSTANCE;
        }
        if (n.isBoolean()) {
            return Value.of(n.booleanValue());
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw new ValidationException("integer " + n.asText() + " does not fit in 64 bits");
            }
            return new Value.Int(n.longValue());
        }
        if (n.isNumber()) {
            return new Value.Float(n.doubleValue());
        }
        if (n.isTextual()) {
            return new Value.Str(n.textValue());
        }
        if (n.isBinary()) {
            try {
                return new Value.Bytes(n.binaryValue());
            } catch (java.io.IOException e) {
                throw new ValidationException("unreadable binary JSON node: " + e.getMessage());
            }
        }
        if (n.isArray()) {
            List<Value> out = new ArrayList<>(n.size());
            for (JsonNode e : n) {
                out.add(from(e, depth + 1));
            }
            return new Value.Array(out);
        }
        if (n.isObject()) {
            if (n.size() == 1 && n.has(BYTES_TAG) && n.get(BYTES_TAG).isTextual()) {
                try {
                    return new Value.Bytes(Base64.getDecoder().decode(n.get(BYTES_TAG).textValue()));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("\"" + BYTES_TAG + "\" holds invalid base64: " + e.getMessage());
                }
            }
            Map<String, Value> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), from(e.getValue(), depth + 1));
            }
            return new Value.Obj(out);
        }
        throw new ValidationException("unsupported JSON node type " + n.getNodeType());
    }

    public static JsonNode toJsonNode(Value v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (v) {
            case Value.Null n -> f.nullNode();
            case Value.Bool b -> f.booleanNode(b.value());
            case Value.Int i -> f.numberNode(i.value());
            case Value.Float d -> f.numberNode(d.value());
            case Value.Str s -> f.textNode(s.value());
            case Value.Bytes b -> {
                ObjectNode o = f.objectNode();
                o.put(BYTES_TAG, Base64.getEncoder().encodeToString(b.value()));
                yield o;
            }
            case Value.Array a -> {
                ArrayNode arr = f.arrayNode(a.values().size());
                for (Value e : a.values()) {
                    arr.add(toJsonNode(e));
                }
                yield arr;
            }
            case Value.Obj o -> {
                ObjectNode obj = f.objectNode();
                for (Map.Entry<String, Value> e : o.fields().entrySet()) {
                    obj.set(e.getKey(), toJsonNode(e.getValue()));
                }
                yield obj;
            }
        };
    }
}
