package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stratadb.storage.internal.lsm.Lz4Block;
import io.stratadb.storage.internal.record.CorruptionException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Lz4BlockTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);

    /** Produced by the reference lz4 tool ({@code lz4 -l -9}); checks we read the real format. */
    @Test
    void decodesReferenceVector() throws Exception {
        byte[] want = ("Strata LSM tables: abcdefghijklmnopqrstuvwxyz0123456789" + "-".repeat(300)
                + " the end, strata strata strata strata.").getBytes(StandardCharsets.US_ASCII);
        byte[] block = HexFormat.of().parseHex("ff29537472617461204c534d207461626c65733a206162636465666768696a6b6c6d6e"
                + "6f707172737475767778797a303132333435363738392d0100ff19b22074686520656e642c20736d010c070050726174612e");
        assertArrayEquals(want, Lz4Block.decompress(block, 0, block.length, want.length, "vector", 0));
    }

    private byte[] sample(int n) {
        byte[] b = new byte[n];
        switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextBytes(b);
            case 1 -> Arrays.fill(b, (byte) rnd.nextInt(256));
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) "abcab-key-0000-value-".charAt(rnd.nextInt(8) == 0 ? rnd.nextInt(21) : i % 21);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : i > 300 ? b[i - 300] : i);
                }
            }
        }
        return b;
    }

    @Test
    void roundTripsAllShapesAndSizes() throws Exception {
        for (int i = 0; i < 3000; i++) {
            int n = i < 300 ? i : rnd.nextInt(i < 2900 ? 20_000 : 300_000);
            byte[] src = sample(n);
            byte[] c = new byte[Lz4Block.maxCompressedLength(n)];
            int len = Lz4Block.compress(src, n, c);
            assertTrue(len <= c.length);
            assertArrayEquals(src, Lz4Block.decompress(c, 0, len, n, "t", 0), "n=" + n + " seed=" + seed);
        }
    }

    @Test
    void malformedInputIsCorruptionNeverACrash() throws Exception {
        for (int i = 0; i < 3000; i++) {
            int n = 1 + rnd.nextInt(3000);
            byte[] src = sample(n);
            byte[] c = new byte[Lz4Block.maxCompressedLength(n)];
            int len = Lz4Block.compress(src, n, c);
            byte[] bad = Arrays.copyOf(c, len);
            int flips = 1 + rnd.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bad[rnd.nextInt(len)] ^= (byte) (1 + rnd.nextInt(255));
            }
            int end = rnd.nextInt(4) == 0 ? rnd.nextInt(len + 1) : len;
            int size = rnd.nextInt(4) == 0 ? rnd.nextInt(n + 10) : n;
            try {
                Lz4Block.decompress(bad, 0, end, size, "t", 0);
            } catch (CorruptionException expected) {
                // fine: reported as corruption
            } catch (RuntimeException e) {
                fail("malformed LZ4 input crashed the decoder, seed=" + seed, e);
            }
        }
    }
}
