package io.stratadb.storage.internal.lsm;

import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratadb.storage.Damage;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.record.CorruptionException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoders that run on a table's bytes after their checksum passed: data and index block payloads
 * (decoded copies and in place), bloom filter payloads and table properties. Checksums catch damage on
 * disk; these checks catch the rest (a writer's bug, a checksum collision), and must answer it with a
 * {@link CorruptionException}, never another exception or a walk that does not end. A sibling of
 * {@code DecoderFuzzTest} (which fuzzes whole objects, checksums included), here because these classes are
 * package-private. Same two ways in: Jazzer targets ({@code fuzz/run fuzzBlockPayload ...}) and a seeded
 * damage test of valid payloads in every build.
 */
class BlockFuzzTest {
    private static final String OBJECT = "fuzz/block";

    /** Walks a block cursor to its end (values read, each key sought again); at most one entry per byte. */
    private static void walk(BlockCursor c, int length, byte[] target) throws CorruptionException {
        List<byte[]> keys = new ArrayList<>();
        int n = 0;
        for (c.seekToFirst(); c.valid(); c.next()) {
            if (++n > length) {
                throw new AssertionError("a block of " + length + " bytes yielded more than " + length + " entries");
            }
            c.value();
            if (keys.size() < 8) {
                keys.add(c.key());
            }
        }
        for (byte[] k : keys) {
            c.seek(k);
        }
        c.seek(target);
    }

    /** A block payload: decoded as a heap block and read in place. */
    static void blockPayload(byte[] data) {
        byte[] target = Arrays.copyOf(data, Math.min(data.length, 24));
        try {
            walk(new Block(data, OBJECT, 0).cursor(), data.length, target);
        } catch (CorruptionException expected) {
            // the damage was found
        }
        byte[] raw = Arrays.copyOf(data, data.length + TableFormat.TRAILER_SIZE);
        try {
            walk(InPlaceBlock.cursor(ByteBuffer.wrap(raw), new TableFormat.BlockHandle(0, data.length), OBJECT),
                    data.length, target);
        } catch (CorruptionException expected) {
            // the damage was found
        }
    }

    /** A bloom filter payload, probed, and a properties block payload. */
    static void bloomAndProperties(byte[] data) {
        try {
            BloomFilter f = BloomFilter.decode(data, OBJECT, 0);
            for (int i = 0; i < 16; i++) {
                f.mayContain(i * 0x9E3779B97F4A7C15L);
            }
        } catch (CorruptionException expected) {
            // the damage was found
        }
        try {
            TableProperties.decode(new ByteReader(data, 0, data.length, OBJECT, 0));
        } catch (CorruptionException expected) {
            // the damage was found
        }
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzBlockPayload(byte[] data) {
        blockPayload(data);
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzBloomAndProperties(byte[] data) {
        bloomAndProperties(data);
    }

    /** A valid data block payload: sorted keys sharing prefixes, every entry kind, restarts every 1-4 entries. */
    static byte[] validBlock(Random rnd) {
        BlockBuilder b = new BlockBuilder(1 + rnd.nextInt(4));
        int n = 1 + rnd.nextInt(30);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] k = new byte[9 + rnd.nextInt(20)];
            rnd.nextBytes(k);
            k[0] = 7; // shared prefixes
            keys.add(k);
        }
        keys.sort(Arrays::compareUnsigned);
        byte[] prev = null;
        for (byte[] k : keys) {
            if (prev != null && Arrays.equals(prev, k)) {
                continue;
            }
            prev = k;
            switch (rnd.nextInt(4)) {
                case 0 -> b.add(k, new byte[0], true, rnd.nextInt(1000));
                case 1 -> b.add(k, new byte[] {1, 2, 3}, 0, 3, TableFormat.FLAG_SEPARATE, rnd.nextInt(1000));
                default -> {
                    byte[] v = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(v);
                    b.add(k, v, false, rnd.nextInt(1000));
                }
            }
        }
        ByteSink s = new ByteSink(256);
        b.finishInto(s);
        return s.toByteArray();
    }

    static byte[] validBloomAndProperties(Random rnd, boolean bloom) {
        if (bloom) {
            long[] hashes = new long[1 + rnd.nextInt(100)];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = rnd.nextLong();
            }
            return BloomFilter.buildBlocked(hashes, hashes.length, 10);
        }
        byte[] small = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] large = {1, 2, 3, 4, 5, 6, 7, 9, 9};
        ByteSink s = new ByteSink(64);
        new TableProperties(small, large, 1, 9, 5, 1, 2, 40, 100, new long[] {3}, new long[] {50}).encode(s);
        return s.toByteArray();
    }

    @Test
    void seededMutationsOfValidPayloads() {
        long seed = TestSeeds.seed();
        Random rnd = new Random(seed);
        int rounds = TestSeeds.longRun() ? 50_000 : 5_000;
        for (int round = 0; round < rounds; round++) {
            byte[] block = validBlock(rnd);
            byte[] other = validBloomAndProperties(rnd, rnd.nextBoolean());
            try {
                walk(new Block(block, OBJECT, 0).cursor(), block.length, block); // valid: no complaint
                blockPayload(block);
                blockPayload(Damage.of(block, rnd));
                bloomAndProperties(Damage.of(other, rnd));
            } catch (Throwable t) {
                fail("round " + round + ", seed=" + seed + " (-Dtests.seed=" + seed + " replays it)", t);
            }
        }
    }
}
