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
    /** Best first: score descending, then key ascending (deterministic ties). */
    static final Comparator<VectorMatch> ORDER = Comparator.comparingDouble(VectorMatch::score).reversed()
            .thenComparing(VectorMatch::key);

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
        Scorer scorer = new Scorer(idx.similarity, q.vector());
        PriorityQueue<VectorMatch> top = new PriorityQueue<>(ORDER.reversed());
        for (String key : c.keys()) {
            Optional<VersionedValue> row = view.get(VectorKeys.row(space, config.name(), key));
            if (row.isEmpty()) {
                continue;
            }
            offer(top, q.k(), scorer.match(key, row.get().value(), filter, config, space));
        }
        if (!registry.usable(idx, view)) {
            return null; // the index moved past this view while we searched: be exact
        }
        if (top.size() < q.k() && c.matching() > top.size()) {
            return null; // never fewer than k hits when k matching rows exist
        }
        return drain(top);
    }

    List<VectorMatch> exact(ReadView view, String space, CollectionConfig config, VectorQuery q,
                            FilterEvaluator filter) {
        Scorer scorer = new Scorer(new Similarity(config.metric(), options.kernel()), q.vector());
        PriorityQueue<VectorMatch> top = new PriorityQueue<>(ORDER.reversed());
        try (CloseableIterator<KeyValue> it = view.scan(VectorKeys.rows(space, config.name()))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                VectorKeys.Parsed p = VectorKeys.parse(kv.key().userKeyNoCopy());
                offer(top, q.k(), scorer.match(p.key(), kv.value(), filter, config, space));
            }
        }
        return drain(top);
    }

    private static void offer(PriorityQueue<VectorMatch> top, int k, VectorMatch m) {
        if (m == null) {
            return;
        }
        if (top.size() < k) {
            top.add(m);
        } else if (ORDER.compare(m, top.peek()) < 0) {
            top.poll();
            top.add(m);
        }
    }

    private static List<VectorMatch> drain(PriorityQueue<VectorMatch> top) {
        List<VectorMatch> out = new ArrayList<>(top);
        out.sort(ORDER);
        return out;
    }

    /** Scores stored rows against one query. */
    private static final class Scorer {
        private final Similarity similarity;
        private final float[] prepared;

        Scorer(Similarity similarity, float[] query) {
            this.similarity = similarity;
            this.prepared = similarity.prepare(query);
        }

        /** The match for a stored row, or null when the filter rejects it. */
        VectorMatch match(String key, byte[] bytes, FilterEvaluator filter, CollectionConfig config, String space) {
            String where = "'" + key + "' of collection '" + config.name() + "' in space '" + space + "'";
            Value meta = Value.nullValue();
            if (!filter.isEmpty()) {
                meta = VectorRow.decode(bytes, where).metadata();
                if (!filter.matches(meta)) {
                    return null;
                }
            }
            VectorRow row = filter.isEmpty() ? VectorRow.decode(bytes, where) : null;
            float[] v = row != null ? row.vector() : VectorRow.decodeVector(bytes, where);
            if (row != null) {
                meta = row.metadata();
            }
            if (v.length != prepared.length) {
                return null; // only a merge of two conflicting collection definitions makes such rows
            }
            float[] pv = similarity.prepare(v);
            if (pv == null) {
                return null; // cannot happen for validated writes: a zero vector in a cosine collection
            }
            return new VectorMatch(key, similarity.score(similarity.distance(prepared, pv)), meta);
        }
    }
}
