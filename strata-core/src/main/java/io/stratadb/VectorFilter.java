package io.stratadb;

import java.util.Locale;
import java.util.Objects;

/**
 * One condition on a top-level metadata field of a vector; a search's filters are AND-combined.
 * Immutable, validated at construction ({@link ValidationException} naming the bad part).
 *
 * <p>Semantics (metadata is a {@link Value.Obj}; anything else has no fields):
 * <ul>
 *   <li>{@code eq} / {@code ne}: {@link Value} equality (different types are never equal, so Int 1
 *       is not Float 1.0); a missing field never satisfies {@code eq} and always satisfies {@code ne};</li>
 *   <li>{@code gt gte lt lte}: numbers compare numerically (Int and Float mix), strings
 *       lexicographically ({@link String#compareTo}); other types or a missing field never match;</li>
 *   <li>{@code in}: the value is an array; matches when the field equals one of its elements;</li>
 *   <li>{@code contains}: a string field contains the string value as a substring, or an array
 *       field has an element equal to the value.</li>
 * </ul>
 */
public record VectorFilter(String field, Op op, Value value) {
    /** Filter operators; {@link #wireName()} is the lower-case name used by commands. */
    public enum Op {
        EQ, NE, GT, GTE, LT, LTE, IN, CONTAINS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws ValidationException for an unknown operator name */
        public static Op parse(String s) {
            if (s != null) {
                for (Op op : values()) {
                    if (op.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                        return op;
                    }
                }
            }
            throw new ValidationException("unknown filter operator \"" + s
                    + "\": expected one of eq, ne, gt, gte, lt, lte, in, contains");
        }
    }

    public VectorFilter {
        if (field == null || field.isEmpty()) {
            throw new ValidationException("filter field must be a non-empty string, got "
                    + (field == null ? "null" : "\"\""));
        }
        if (op == null) {
            throw new ValidationException("filter on field '" + field + "' has no operator");
        }
        value = value == null ? Value.nullValue() : value;
        switch (op) {
            case IN -> {
                if (!(value instanceof Value.Array)) {
                    throw new ValidationException("filter 'in' on field '" + field + "' needs an array value, got "
                            + value.type());
                }
            }
            case GT, GTE, LT, LTE -> {
                if (!(value instanceof Value.Int || value instanceof Value.Float || value instanceof Value.Str)) {
                    throw new ValidationException("filter '" + op.wireName() + "' on field '" + field
                            + "' needs a number or string value, got " + value.type());
                }
                if (value instanceof Value.Float f && Double.isNaN(f.value())) {
                    throw new ValidationException("filter '" + op.wireName() + "' on field '" + field
                            + "' compares against NaN");
                }
            }
            default -> {
            }
        }
        Objects.requireNonNull(value);
    }

    public static VectorFilter of(String field, String op, Object value) {
        return new VectorFilter(field, Op.parse(op), Value.of(value));
    }

    public static VectorFilter eq(String field, Object value) {
        return new VectorFilter(field, Op.EQ, Value.of(value));
    }

    public static VectorFilter ne(String field, Object value) {
        return new VectorFilter(field, Op.NE, Value.of(value));
    }

    public static VectorFilter gt(String field, Object value) {
        return new VectorFilter(field, Op.GT, Value.of(value));
    }

    public static VectorFilter gte(String field, Object value) {
        return new VectorFilter(field, Op.GTE, Value.of(value));
    }

    public static VectorFilter lt(String field, Object value) {
        return new VectorFilter(field, Op.LT, Value.of(value));
    }

    public static VectorFilter lte(String field, Object value) {
        return new VectorFilter(field, Op.LTE, Value.of(value));
    }

    public static VectorFilter in(String field, Object values) {
        return new VectorFilter(field, Op.IN, Value.of(values));
    }

    public static VectorFilter contains(String field, Object value) {
        return new VectorFilter(field, Op.CONTAINS, Value.of(value));
    }
}
