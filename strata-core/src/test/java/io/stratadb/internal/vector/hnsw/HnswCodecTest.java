package io.stratadb.internal.vector.hnsw;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.Similarity;
import io.stratadb.internal.vector.TestData;
import io.stratadb.internal.vector.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HnswCodecTest {
    private static final Similarity COS = new Similarity(DistanceMetric.COSINE, Kernels.get());

    private static byte[] encode(HnswIndex index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HnswCodec.write(index, out);
        return out.toByteArray();
    }

    @Test
    void roundTripGivesIdenticalResults() throws IOException {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        float[][] base = TestData.clustered(rnd, 1500, 20, 10);
        HnswIndex index = HnswIndex.build(base, COS, HnswParams.DEFAULT, 2);
        index.markDeleted(3);
        byte[] bytes = encode(index);
        HnswIndex back = HnswCodec.read(new ByteArrayInputStream(bytes), COS, "test");
        assertEquals(index.size(), back.size());
        assertEquals(1, back.deletedCount());
        for (int t = 0; t < 30; t++) {
            float[] q = TestData.gaussian(rnd, 20);
            SearchResult a = index.search(q, 10, 50), b = back.search(q, 10, 50);
            assertArrayEquals(a.ids(), b.ids(), "seed " + seed);
            assertArrayEquals(a.scores(), b.scores(), "seed " + seed);
        }
        assertArrayEquals(bytes, encode(back));
        HnswIndex empty = HnswCodec.read(new ByteArrayInputStream(encode(new HnswIndex(3, COS, HnswParams.DEFAULT))),
                COS, "empty");
        assertEquals(0, empty.size());
    }

    @Test
    void everyCorruptionIsATypedErrorNeverACrash() throws IOException {
        long seed = TestData.seed();
        Random rnd = new Random(seed);
        HnswIndex index = HnswIndex.build(TestData.clustered(rnd, 300, 8, 4), COS, HnswParams.DEFAULT, 1);
        byte[] good = encode(index);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = good.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            IOException e = assertThrows(IOException.class,
                    () -> HnswCodec.read(new ByteArrayInputStream(bad), COS, "blob"),
                    "flipped byte " + at + " accepted, seed " + seed);
            assertTrue(e.getMessage().contains("blob") && e.getMessage().contains("offset"), e.getMessage());
        }
        for (int len : new int[]{0, 3, 20, good.length / 2, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(IOException.class, () -> HnswCodec.read(new ByteArrayInputStream(cut), COS, "cut"),
                    "truncated to " + len);
        }
        Similarity l2 = new Similarity(DistanceMetric.EUCLIDEAN, Kernels.get());
        assertThrows(IOException.class, () -> HnswCodec.read(new ByteArrayInputStream(good), l2, "wrong metric"));
    }
}
