package io.stratadb.internal.vector;

import io.stratadb.Value;
import io.stratadb.VectorMatch;
import io.stratadb.internal.vector.filter.FilterEvaluator;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.VersionedValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The two search paths over one view. Both score rows read through the view, so a result is
 * always a row the view sees, with its stored vector and metadata:
 * <ul>
 *   <li>{@link #indexed}: candidate keys from the collection index, then an exact rerank of
 *       exactly those rows; falls back to {@link #exact} when the index changed under the search
 *       or yielded fewer than {@code k} hits while at least {@code k} rows match;</li>
 *   <li>{@link #exact}: a scan of every row of the collection in the view.</li>
 * </ul>
 * Stateless apart from its collaborators; thread-safe.
 */
final class VectorSearcher {
    private final IndexRegistry registry;
    private final VectorStoreOptions options;
    /** Searches answered by the index, by an exact scan, and index attempts that fell back to the scan. */
    final java.util.concurrent.atomic.LongAdder indexed = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder scanned = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder fallbacks = new java.util.concurrent.atomic.LongAdder();

    VectorSearcher(IndexRegistry registry, VectorStoreOptions options) {
        this.registry = registry;
        this.options = options;
    }

    List<VectorMatch> search(ReadView view, String space, CollectionConfig config, VectorQuery q) {
        FilterEvaluator filter = FilterEvaluator.of(q.filters());
        Optional<CollectionIndex> idx = registry.usableFor(view, space, config);
        if (idx.isPresent()) {
            List<VectorMatch> r = indexed(idx.get(), view, space, config, q, filter);
            if (r != null) {
                indexed.increment();
                return r;
            }
            fallbacks.increment();
        }
        scanned.increment();
        return exact(view, space, config, q, filter);
    }

    private List<VectorMatch> indexed(CollectionIndex idx, ReadView view, String space, CollectionConfig config,
                                      VectorQuery q, FilterEvaluator filter) {
        int ef = q.efSearch() > 0 ? q.efSearch() : options.efSearch();
        CollectionIndex.Candidates c = idx.candidates(q.vector(), q.k(), Math.max(ef, q.k()), filter,
                options.exactFilterRows());
        Scorer scorer = new Scorer(idx.similarity, q.vector(), filter, config, space, q.k());
        for (String key : c.keys()) {
            Optional<VersionedValue> row = view.get(VectorKeys.row(space, config.name(), key));
            if (row.isPresent()) {
                scorer.offer(key, null, row.get().value());
            }
        }
        if (!registry.usable(idx, view)) {
            return null; // the index moved past this view while we searched: be exact
        }
        if (scorer.size() < q.k() && c.matching() > scorer.size()) {
            return null; // never fewer than k hits when k matching rows exist
        }
        return scorer.results();
    }

    List<VectorMatch> exact(ReadView view, String space, CollectionConfig config, VectorQuery q,
                            FilterEvaluator filter) {
        Scorer scorer = new Scorer(new Similarity(config.metric(), options.kernel()), q.vector(), filter, config,
                space, q.k());
        try (CloseableIterator<KeyValue> it = view.scan(VectorKeys.rows(space, config.name()))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                scorer.offer(null, kv.key(), kv.value());
            }
        }
        return scorer.results();
    }

    /**
     * Scores stored rows against one query and keeps the best {@code k}. Decodes only what it must:
     * metadata only for filtering or for the final hits, the key only for rows that can enter the top.
     * Rows that do not fit the collection (only a merge of two conflicting definitions makes them)
     * are skipped. Not thread-safe.
     */
    private static final class Scorer {
        private record Hit(String key, double score, byte[] bytes, Value meta) {
        }

        private static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::score).reversed()
                .thenComparing(Hit::key);

        private final Similarity similarity;
        private final float[] prepared;
        private final FilterEvaluator filter;
        private final CollectionConfig config;
        private final String space;
        private final int k;
        private final PriorityQueue<Hit> top;

        Scorer(Similarity similarity, float[] query, FilterEvaluator filter, CollectionConfig config, String space,
               int k) {
            this.similarity = similarity;
            this.prepared = similarity.prepare(query);
            this.filter = filter;
            this.config = config;
            this.space = space;
            this.k = k;
            this.top = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        }

        /** Offers a row by key string or by storage key (parsed only when needed). */
        void offer(String key, io.stratadb.storage.Key storageKey, byte[] bytes) {
            int dim = VectorRow.dimensionOf(bytes);
            if (dim != prepared.length) {
                return;
            }
            Value meta = null;
            if (!filter.isEmpty()) {
                meta = VectorRow.decodeMetadata(bytes, dim, where(key, storageKey));
                if (!filter.matches(meta)) {
                    return;
                }
            }
            float[] pv = similarity.prepare(VectorRow.decodeVector(bytes, where(key, storageKey)));
            if (pv == null) {
                return; // cannot happen for validated writes: a zero vector in a cosine collection
            }
            double score = similarity.score(similarity.distance(prepared, pv));
            if (top.size() >= k && score < top.peek().score()) {
                return;
            }
            String k0 = key != null ? key : VectorKeys.parse(storageKey.userKeyNoCopy()).key();
            Hit h = new Hit(k0, score, bytes, meta);
            if (top.size() < k) {
                top.add(h);
            } else if (BEST_FIRST.compare(h, top.peek()) < 0) {
                top.poll();
                top.add(h);
            }
        }

        int size() {
            return top.size();
        }

        List<VectorMatch> results() {
            List<Hit> hits = new ArrayList<>(top);
            hits.sort(BEST_FIRST);
            List<VectorMatch> out = new ArrayList<>(hits.size());
            for (Hit h : hits) {
                Value meta = h.meta() != null ? h.meta()
                        : VectorRow.decodeMetadata(h.bytes(), prepared.length, where(h.key(), null));
                out.add(new VectorMatch(h.key(), h.score(), meta));
            }
            return out;
        }

        private String where(String key, io.stratadb.storage.Key storageKey) {
            return "'" + (key != null ? key : storageKey) + "' of collection '" + config.name() + "' in space '"
                    + space + "'";
        }
    }
}
