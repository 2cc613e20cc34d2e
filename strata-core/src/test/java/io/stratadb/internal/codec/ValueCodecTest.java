package io.stratadb.internal.codec;

import io.stratadb.Seeds;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stored value encoding: exact bytes for fixed values, seeded round trips, malformed input. */
class ValueCodecTest {
    @Test
    void fixedEncodings() {
        assertArrayEquals(new byte[] {0}, ValueCodec.encode(Value.Null.INSTANCE));
        assertArrayEquals(new byte[] {3, 2}, ValueCodec.encode(Value.of(1)));
        assertArrayEquals(new byte[] {3, 1}, ValueCodec.encode(Value.of(-1)));
        assertArrayEquals(new byte[] {3, (byte) 0x80, 0x01}, ValueCodec.encode(Value.of(64)));
        assertArrayEquals(new byte[] {5, 2, 'h', 'i'}, ValueCodec.encode(Value.of("hi")));
        assertArrayEquals(new byte[] {8, 1, 1, 'k', 2}, ValueCodec.encode(Value.object("k", true)));
        assertArrayEquals(new byte[] {7, 2, 1, 6, 1, 9}, ValueCodec.encode(Value.of(List.of(false,
                new byte[] {9}))));
    }

    @Test
    void seededRoundTrips() {
        long seed = Seeds.seed();
        Random r = Seeds.random(seed);
        for (int i = 0; i < 2_000; i++) {
            Value v = random(r, 0);
            byte[] b = ValueCodec.encode(v);
            assertEquals(v, ValueCodec.decode(b), "seed " + seed + " value " + v);
            assertArrayEquals(b, ValueCodec.encode(ValueCodec.decode(b)), "seed " + seed);
        }
    }

    @Test
    void largeValuesGrowTheBuffer() {
        String big = "x".repeat(100_000);
        assertEquals(Value.of(big), ValueCodec.decode(ValueCodec.encode(Value.of(big))));
    }

    @Test
    void malformedInputIsAValidationError() {
        assertThrows(ValidationException.class, () -> ValueCodec.decode(new byte[] {5, 9, 'a'}));
        assertThrows(ValidationException.class, () -> ValueCodec.decode(new byte[] {42}));
        assertThrows(ValidationException.class, () -> ValueCodec.decode(new byte[] {3, 2, 0}));
    }

    private static Value random(Random r, int depth) {
        int k = r.nextInt(depth > 3 ? 6 : 8);
        return switch (k) {
            case 0 -> Value.Null.INSTANCE;
            case 1 -> Value.of(r.nextBoolean());
            case 2 -> Value.of(r.nextLong() >> r.nextInt(64));
            case 3 -> Value.of(r.nextDouble() * 1e6);
            case 4 -> Value.of(randomString(r));
            case 5 -> {
                byte[] b = new byte[r.nextInt(20)];
                r.nextBytes(b);
                yield Value.of(b);
            }
            case 6 -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(random(r, depth + 1));
                }
                yield Value.of(l);
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    m.put(randomString(r), random(r, depth + 1));
                }
                yield Value.of(m);
            }
        };
    }

    private static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            b.append(r.nextInt(5) == 0 ? (char) (0x80 + r.nextInt(0x700)) : (char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }
}
