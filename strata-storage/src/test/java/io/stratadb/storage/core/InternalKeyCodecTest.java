package io.stratadb.storage.core;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round-trip and order preservation of the internal key codec over seeded random keys. */
class InternalKeyCodecTest {
    private static final String[] SPACES = {"a", "default", "a\u0000", "a\u0000b", "ab", "\u00e9t\u00e9", "z"};

    static Key randomKey(Random r) {
        byte[] user = new byte[1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 4)];
        byte[] alphabet = {0x00, 0x01, (byte) 0xFF, (byte) 0xFE, 'a', 'b', (byte) 0x80};
        for (int i = 0; i < user.length; i++) {
            user[i] = r.nextBoolean() ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
        }
        int ks = r.nextInt(4) == 0 ? r.nextInt(256) : new int[] {0, 1, 255}[r.nextInt(3)];
        return Key.of(SPACES[r.nextInt(SPACES.length)], ks, user);
    }

    @Test
    void roundTripAndOrder() {
        for (long seed : TestSeeds.seeds(3, 30)) {
            try {
                Random r = new Random(seed);
                List<Key> keys = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    keys.add(randomKey(r));
                }
                keys.add(Key.of("a", 0, new byte[Key.MAX_USER_KEY_BYTES]));
                for (int i = 0; i < keys.size(); i++) {
                    Key a = keys.get(i);
                    long branch = r.nextInt(3);
                    long version = r.nextInt(4) == 0 ? Long.MAX_VALUE - r.nextInt(3) : r.nextInt(5);
                    byte[] enc = InternalKeyCodec.encode(branch, a, version);
                    assertEquals(a, InternalKeyCodec.decodeKey(enc));
                    assertEquals(branch, InternalKeyCodec.branchOf(enc));
                    assertEquals(version, InternalKeyCodec.versionOf(enc));
                    Key b = keys.get(r.nextInt(keys.size()));
                    long v2 = r.nextInt(5);
                    int logical = Integer.signum(a.compareTo(b));
                    int encoded = Integer.signum(InternalKeyCodec.compare(InternalKeyCodec.encode(branch, a, version),
                            InternalKeyCodec.encode(branch, b, v2)));
                    int expected = logical != 0 ? logical : Long.compare(v2, version);
                    assertEquals(expected, encoded, () -> a + "@" + version + " vs " + b + "@" + v2);
                    assertEquals(-1, Integer.signum(InternalKeyCodec.compare(InternalKeyCodec.encode(0, a, version),
                            InternalKeyCodec.encode(1, b, v2))));
                }
            } catch (Throwable t) {
                throw TestSeeds.failure(seed, "in codec round trip/order", t);
            }
        }
    }

    @Test
    void rangeBoundsMatchContains() {
        for (long seed : TestSeeds.seeds(3, 30)) {
            try {
                Random r = new Random(seed);
                for (int i = 0; i < 300; i++) {
                    Key probe = randomKey(r);
                    Key other = randomKey(r);
                    KeyRange range = switch (r.nextInt(5)) {
                        case 0 -> KeyRange.all();
                        case 1 -> KeyRange.space(other.space());
                        case 2 -> KeyRange.keyspace(other.space(), other.keyspace());
                        case 3 -> KeyRange.prefix(other.space(), other.keyspace(),
                                Arrays.copyOf(other.userKey(), r.nextInt(other.userKeyLength() + 1)));
                        default -> KeyRange.interval(other.space(), other.keyspace(),
                                r.nextBoolean() ? null : randomKey(r).userKey(),
                                r.nextBoolean() ? null : randomKey(r).userKey());
                    };
                    for (Key k : List.of(probe, other)) {
                        byte[] logical = InternalKeyCodec.encodeLogical(k);
                        byte[] lo = InternalKeyCodec.lowerBound(range);
                        byte[] hi = InternalKeyCodec.upperBound(range);
                        boolean inside = Arrays.compareUnsigned(logical, lo) >= 0
                                && (hi == null || Arrays.compareUnsigned(logical, hi) < 0);
                        assertEquals(range.contains(k), inside, () -> k + " in " + range);
                    }
                }
            } catch (Throwable t) {
                throw TestSeeds.failure(seed, "in codec range bounds", t);
            }
        }
    }

    @Test
    void newestVersionSortsFirst() {
        Key k = Key.of("s", 1, "k");
        assertTrue(InternalKeyCodec.compare(InternalKeyCodec.encode(1, k, 10), InternalKeyCodec.encode(1, k, 9)) < 0);
        assertTrue(InternalKeyCodec.compare(InternalKeyCodec.encode(1, k, 1), InternalKeyCodec.encode(1,
                Key.of("s", 1, "k\u0000"), 99)) < 0);
    }
}
