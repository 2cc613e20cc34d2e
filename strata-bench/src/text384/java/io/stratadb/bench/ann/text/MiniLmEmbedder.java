package io.stratadb.bench.ann.text;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Embeds sentences with LangChain4j's in-process all-MiniLM-L6-v2 (384-d, normalized; the model
 * ships inside the jar, nothing is downloaded). Compiled only with the {@code text384} Maven profile;
 * the harness calls it reflectively. Not thread-safe.
 */
public final class MiniLmEmbedder {
    private MiniLmEmbedder() {
    }

    /** Embeddings of {@code texts}, in order; {@code progress} is told how many were done after each batch. */
    public static float[][] embed(List<String> texts, IntConsumer progress) {
        AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        float[][] out = new float[texts.size()][];
        int batch = 64;
        for (int i = 0; i < texts.size(); i += batch) {
            List<TextSegment> segs = new ArrayList<>();
            for (String t : texts.subList(i, Math.min(texts.size(), i + batch))) {
                segs.add(TextSegment.from(t));
            }
            List<Embedding> es = model.embedAll(segs).content();
            for (int j = 0; j < es.size(); j++) {
                out[i + j] = es.get(j).vector();
            }
            progress.accept(segs.size());
        }
        return out;
    }

    public static String modelName() {
        return "LangChain4j all-MiniLM-L6-v2 (in-process ONNX)";
    }
}
