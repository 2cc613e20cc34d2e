package io.stratadb.internal.vector.filter;

import io.stratadb.Value;
import io.stratadb.VectorFilter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterEvaluatorTest {
    private static final Value META = Value.object("n", 5L, "x", 2.5, "s", "hello world", "tags", List.of("a", "b"),
            "flag", true, "big", Long.MAX_VALUE);

    private static boolean m(VectorFilter... f) {
        return FilterEvaluator.of(List.of(f)).matches(META);
    }

    @Test
    void operators() {
        assertTrue(m(VectorFilter.eq("n", 5L)));
        assertFalse(m(VectorFilter.eq("n", 5.0)), "Int 5 is not Float 5.0");
        assertTrue(m(VectorFilter.ne("n", 6L)));
        assertTrue(m(VectorFilter.ne("absent", 1L)), "a missing field satisfies ne");
        assertFalse(m(VectorFilter.eq("absent", 1L)));
        assertTrue(m(VectorFilter.gt("n", 4.5)), "numbers compare across Int and Float");
        assertTrue(m(VectorFilter.gte("n", 5L)));
        assertFalse(m(VectorFilter.gt("n", 5L)));
        assertTrue(m(VectorFilter.lt("x", 3L)));
        assertTrue(m(VectorFilter.lte("x", 2.5)));
        assertFalse(m(VectorFilter.lt("s", 3L)), "string vs number never matches");
        assertTrue(m(VectorFilter.gt("s", "hello")));
        assertTrue(m(VectorFilter.in("n", List.of(1L, 5L))));
        assertFalse(m(VectorFilter.in("n", List.of(1L, 5.0))));
        assertTrue(m(VectorFilter.contains("s", "lo wo")));
        assertTrue(m(VectorFilter.contains("tags", "b")));
        assertFalse(m(VectorFilter.contains("tags", "c")));
        assertFalse(m(VectorFilter.contains("n", 5L)));
        assertTrue(m(VectorFilter.eq("flag", true)));
        assertFalse(m(VectorFilter.gt("big", (double) Long.MAX_VALUE)), "2^63-1 is below the double 2^63");
        assertTrue(m(VectorFilter.lt("big", (double) Long.MAX_VALUE)));
        assertTrue(m(VectorFilter.eq("n", 5L), VectorFilter.contains("tags", "a")), "AND");
        assertFalse(m(VectorFilter.eq("n", 5L), VectorFilter.contains("tags", "z")));
        assertTrue(FilterEvaluator.of(List.of()).matches(Value.nullValue()));
        assertFalse(FilterEvaluator.of(List.of(VectorFilter.eq("n", 5L))).matches(Value.nullValue()),
                "no metadata has no fields");
    }
}
