package io.stratadb.bench.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Lucene's HNSW ({@code Lucene99HnswVectorsFormat}, float32) in one segment of an on-heap
 * {@link ByteBuffersDirectory}; a single-threaded {@link IndexSearcher}; the search knob is the
 * candidate count {@code k} of {@link KnnFloatVectorQuery} (Lucene's ef), top 10 kept.
 */
public final class LuceneAnn extends GraphAnn {
    private static final String FIELD = "v";
    private final int maxConn;
    private final int beamWidth;
    private ByteBuffersDirectory dir;
    private DirectoryReader reader;
    private IndexSearcher searcher;

    public LuceneAnn(int maxConn, int beamWidth) {
        this.maxConn = maxConn;
        this.beamWidth = beamWidth;
    }

    public static String describe(int maxConn, int beamWidth) {
        return "lucene-core " + io.stratadb.bench.Versions.of("lucene")
                + ": Lucene99HnswVectorsFormat(maxConn " + maxConn + " (base layer " + 2 * maxConn + "), beamWidth "
                + beamWidth + "), float32, one segment in a ByteBuffersDirectory, built on 1 thread, "
                + "IndexSearcher without executor; search knob = KnnFloatVectorQuery k (ef)";
    }

    @Override
    public void build(float[][] base) {
        // Lucene's StringHelper parses a "tests.seed" system property as hex when it is set; the Maven
        // build sets it to "" (= random seed) for our own tests, which would break Lucene's class init.
        if ("".equals(System.getProperty("tests.seed"))) {
            System.clearProperty("tests.seed");
        }
        dir = new ByteBuffersDirectory();
        KnnVectorsFormat fmt = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        IndexWriterConfig cfg = new IndexWriterConfig().setCodec(new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return fmt;
            }
        }).setRAMBufferSizeMB(2000).setMergePolicy(NoMergePolicy.INSTANCE)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        try (IndexWriter w = new IndexWriter(dir, cfg)) {
            for (float[] v : base) {
                Document d = new Document();
                d.add(new KnnFloatVectorField(FIELD, v, VectorSimilarityFunction.EUCLIDEAN));
                w.addDocument(d);
            }
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("lucene build failed", e);
        }
        try {
            reader = DirectoryReader.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("lucene open failed", e);
        }
        if (reader.leaves().size() != 1) {
            throw new IllegalStateException("lucene index has " + reader.leaves().size()
                    + " segments; the adapter maps doc ids to vector ids and needs exactly one");
        }
        searcher = new IndexSearcher(reader);
    }

    @Override
    public int[] search(float[] query, int k) {
        try {
            TopDocs td = searcher.search(new KnnFloatVectorQuery(FIELD, query, Math.max(k, ef)), k);
            int[] out = new int[td.scoreDocs.length];
            int i = 0;
            for (ScoreDoc sd : td.scoreDocs) {
                out[i++] = sd.doc;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("lucene search failed", e);
        }
    }

    @Override
    public void close() {
        try {
            if (reader != null) {
                reader.close();
            }
            if (dir != null) {
                dir.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("lucene close failed", e);
        }
    }
}
