package io.stratadb.internal.executor;

import io.stratadb.DistanceMetric;
import io.stratadb.Options;
import io.stratadb.Value;
import io.stratadb.VectorEntry;
import io.stratadb.VectorMatch;
import io.stratadb.command.VectorCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through a durable database: the HNSW index of a collection is written under
 * {@code <root>/derived/vectors} at close, loaded (not rebuilt) on reopen, and rebuilt when the file is
 * deleted or corrupt; search results are identical every time.
 */
class VectorIndexFilesTest {
    private static final int DIM = 16;
    private static final int ROWS = 600;

    @TempDir
    Path dir;

    private final long seed = seed();

    private static long seed() {
        String s = System.getProperty("tests.seed", "");
        return s.isEmpty() ? new Random().nextLong() : Long.parseLong(s);
    }

    @Test
    void indexIsPersistedLoadedAndRebuiltWithIdenticalResults() throws IOException {
        Random rnd = new Random(seed);
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queries.add(randomVector(rnd));
        }
        List<List<VectorMatch>> first;
        try (Database db = Database.open(dir, Options.defaults())) {
            Session s = db.newSession();
            db.executor().execute(s, new VectorCommand.CreateCollection("docs", DIM, DistanceMetric.COSINE, null));
            List<VectorEntry> batch = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                batch.add(new VectorEntry(String.format("doc-%04d", i), randomVector(rnd), Value.object("i", i)));
            }
            db.executor().execute(s, new VectorCommand.BatchUpsert("docs", batch, null));
            first = search(db, queries); // builds the graph
            assertEquals(1, db.vectors().indexBuildsAndLoads()[0], "seed " + seed);
        }
        List<Path> files = indexFiles();
        assertEquals(1, files.size(), "one index file under derived/vectors: " + files);

        try (Database db = Database.open(dir, Options.defaults())) {
            assertSameHits(first, search(db, queries), "reopened, loaded from the file; seed " + seed);
            long[] bl = db.vectors().indexBuildsAndLoads();
            assertEquals(0, bl[0], "no rebuild after a clean reopen; seed " + seed);
            assertEquals(1, bl[1], "the graph came from the file; seed " + seed);
        }

        Files.delete(indexFiles().get(0));
        try (Database db = Database.open(dir, Options.defaults())) {
            assertSameHits(first, search(db, queries), "file deleted, rebuilt; seed " + seed);
            assertEquals(1, db.vectors().indexBuildsAndLoads()[0], "seed " + seed);
        }

        Path f = indexFiles().get(0); // rewritten at close
        byte[] before = Files.readAllBytes(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            int at = before.length / 2;
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (before[at] ^ 0x5A)}), at);
        }
        try (Database db = Database.open(dir, Options.defaults())) {
            assertSameHits(first, search(db, queries), "file corrupt, rebuilt; seed " + seed);
            assertArrayEquals(new long[] {1, 0}, db.vectors().indexBuildsAndLoads(), "seed " + seed);
        }
        try (Database db = Database.open(dir, Options.defaults().withReadOnly(true))) {
            assertSameHits(first, search(db, queries), "read-only open; seed " + seed);
        }
    }

    /** Same keys in the same order; scores equal up to float rounding (a rebuilt graph may sum in another order). */
    private void assertSameHits(List<List<VectorMatch>> expected, List<List<VectorMatch>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int q = 0; q < expected.size(); q++) {
            assertEquals(expected.get(q).stream().map(VectorMatch::key).toList(),
                    actual.get(q).stream().map(VectorMatch::key).toList(), what + ", query " + q);
            for (int i = 0; i < expected.get(q).size(); i++) {
                assertEquals(expected.get(q).get(i).score(), actual.get(q).get(i).score(), 1e-6,
                        what + ", query " + q + " hit " + i);
            }
        }
    }

    private List<List<VectorMatch>> search(Database db, List<float[]> queries) {
        Session s = db.newSession();
        List<List<VectorMatch>> out = new ArrayList<>();
        for (float[] q : queries) {
            List<VectorMatch> hits = db.executor().execute(s,
                    new VectorCommand.Search("docs", q, 10, null, null, null)).matches();
            assertEquals(10, hits.size(), "seed " + seed);
            out.add(hits);
        }
        return out;
    }

    private List<Path> indexFiles() throws IOException {
        Path root = dir.resolve("derived").resolve("vectors");
        assertTrue(Files.isDirectory(root), "derived/vectors exists");
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".svi")).toList();
        }
    }

    private static float[] randomVector(Random rnd) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
