package io.stratadb.bench.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KvSuiteMedianTest {
    @Test
    void medianOfOddAndEvenCountsInAnyOrder() {
        assertEquals(5.0, KvSuite.median(List.of(9.0, 1.0, 5.0)));
        assertEquals(4.0, KvSuite.median(List.of(6.0, 2.0, 9.0, 1.0)));
        assertEquals(7.0, KvSuite.median(List.of(7.0)));
        assertTrue(Double.isNaN(KvSuite.median(List.of())));
    }
}
