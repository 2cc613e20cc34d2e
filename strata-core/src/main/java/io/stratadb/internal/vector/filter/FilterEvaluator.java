package io.stratadb.internal.vector.filter;

import io.stratadb.Value;
import io.stratadb.VectorFilter;

import java.util.List;

/**
 * Evaluates AND-combined {@link VectorFilter}s against metadata, with the semantics documented on
 * {@link VectorFilter}. Immutable, thread-safe.
 */
public final class FilterEvaluator {
    private static final FilterEvaluator NONE = new FilterEvaluator(List.of());
    private final List<VectorFilter> filters;

    private FilterEvaluator(List<VectorFilter> filters) {
        this.filters = filters;
    }

    public static FilterEvaluator of(List<VectorFilter> filters) {
        return filters == null || filters.isEmpty() ? NONE : new FilterEvaluator(List.copyOf(filters));
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }

    public boolean matches(Value metadata) {
        for (VectorFilter f : filters) {
            if (!matches(f, metadata)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(VectorFilter f, Value metadata) {
        Value field = metadata instanceof Value.Obj o ? o.get(f.field()) : null;
        if (field == null) {
            return f.op() == VectorFilter.Op.NE;
        }
        Value v = f.value();
        return switch (f.op()) {
            case EQ -> field.equals(v);
            case NE -> !field.equals(v);
            case GT -> compare(field, v) > 0 && comparable(field, v);
            case GTE -> compare(field, v) >= 0 && comparable(field, v);
            case LT -> compare(field, v) < 0 && comparable(field, v);
            case LTE -> compare(field, v) <= 0 && comparable(field, v);
            case IN -> ((Value.Array) v).values().contains(field);
            case CONTAINS -> {
                if (field instanceof Value.Str s && v instanceof Value.Str needle) {
                    yield s.value().contains(needle.value());
                }
                yield field instanceof Value.Array a && a.values().contains(v);
            }
        };
    }

    private static boolean comparable(Value a, Value b) {
        if (isNumber(a) && isNumber(b)) {
            return !(a instanceof Value.Float f && Double.isNaN(f.value()));
        }
        return a instanceof Value.Str && b instanceof Value.Str;
    }

    private static boolean isNumber(Value v) {
        return v instanceof Value.Int || v instanceof Value.Float;
    }

    private static java.math.BigDecimal exact(Value v) {
        return v instanceof Value.Int i ? java.math.BigDecimal.valueOf(i.value())
                : new java.math.BigDecimal(((Value.Float) v).value());
    }

    /** Order of two comparable values; 0 for incomparable ones (callers check {@link #comparable} too). */
    private static int compare(Value a, Value b) {
        if (a instanceof Value.Int x && b instanceof Value.Int y) {
            return Long.compare(x.value(), y.value());
        }
        if (isNumber(a) && isNumber(b)) {
            double x = a instanceof Value.Int i ? i.value() : ((Value.Float) a).value();
            double y = b instanceof Value.Int i ? i.value() : ((Value.Float) b).value();
            if (x != y || Double.isInfinite(x)) {
                return Double.compare(x, y);
            }
            return exact(a).compareTo(exact(b)); // equal as doubles: decide exactly (longs beyond 2^53)
        }
        if (a instanceof Value.Str x && b instanceof Value.Str y) {
            return x.value().compareTo(y.value());
        }
        return 0;
    }
}
