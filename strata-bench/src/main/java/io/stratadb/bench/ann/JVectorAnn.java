package io.stratadb.bench.ann;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector's in-memory graph (Vamana/HNSW hybrid with hierarchy), built single-threaded, full-precision
 * vectors (no PQ), searched with exact scores; the search knob is the beam width ({@code rerankK}).
 */
public final class JVectorAnn extends GraphAnn {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private final int degree;
    private final int beamWidth;
    private RandomAccessVectorValues ravv;
    private ImmutableGraphIndex graph;
    private GraphSearcher searcher;

    public JVectorAnn(int degree, int beamWidth) {
        this.degree = degree;
        this.beamWidth = beamWidth;
    }

    public static String describe(int degree, int beamWidth) {
        return "jvector " + io.stratadb.bench.Versions.of("jvector") + " ("
                + VectorizationProvider.getInstance().getClass().getSimpleName() + "): max degree " + degree
                + ", construction beam " + beamWidth + ", neighbour overflow 1.2, alpha 1.2, hierarchy on, "
                + "built on 1 thread, float32 vectors, exact scoring; search knob = beam width (rerankK)";
    }

    @Override
    public void build(float[][] base) {
        List<VectorFloat<?>> list = new ArrayList<>(base.length);
        for (float[] v : base) {
            list.add(VTS.createFloatVector(v));
        }
        ravv = new ListRandomAccessVectorValues(list, base[0].length);
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv,
                VectorSimilarityFunction.EUCLIDEAN);
        ForkJoinPool one = new ForkJoinPool(1);
        try (GraphIndexBuilder b = new GraphIndexBuilder(bsp, base[0].length, degree, beamWidth, 1.2f, 1.2f, true,
                true, one, one)) {
            graph = b.build(ravv);
        } catch (IOException e) {
            throw new UncheckedIOException("jvector build failed", e);
        } finally {
            one.shutdown();
        }
        searcher = new GraphSearcher(graph);
    }

    @Override
    public String searchParamName() {
        return "beam";
    }

    @Override
    public int[] search(float[] query, int k) {
        VectorFloat<?> q = VTS.createFloatVector(query);
        SearchResult r = searcher.search(DefaultSearchScoreProvider.exact(q, VectorSimilarityFunction.EUCLIDEAN,
                ravv), k, Math.max(k, ef), 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] ns = r.getNodes();
        int[] out = new int[ns.length];
        for (int i = 0; i < ns.length; i++) {
            out[i] = ns[i].node;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            if (searcher != null) {
                searcher.close();
            }
            if (graph != null) {
                graph.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("jvector close failed", e);
        }
    }
}
