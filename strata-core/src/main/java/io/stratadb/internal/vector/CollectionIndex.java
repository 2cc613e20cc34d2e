package io.stratadb.internal.vector;

import io.stratadb.Value;
import io.stratadb.internal.vector.filter.FilterEvaluator;
import io.stratadb.internal.vector.hnsw.HnswIndex;
import io.stratadb.internal.vector.hnsw.SearchResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The derived, in-memory index of one collection on one branch (by branch id, so a re-created
 * branch of the same name never reuses it): an HNSW graph over the settled rows plus a flat set
 * of the newest writes ("fresh", searched by brute force), fed by the commit listener and moved
 * into the graph in the background ({@link #settle}).
 *
 * <p>It only <em>proposes candidate keys</em>; {@link VectorStore} reranks them against the rows
 * read through the caller's MVCC view. It describes the branch's committed rows exactly for views
 * at versions in {@code [max(builtVersion, lastChangeVersion), seen version]}; the store uses it
 * only for those and scans exactly otherwise.
 *
 * <p>Thread safety: searches are lock-free and run concurrently with {@link #apply} (commit
 * listener, serialized by {@code lock}) and {@link #settle} (serialized by {@code settleLock}).
 * Every row is always reachable through the fresh set or the graph: a row is added to its new
 * place before it is removed from the old one, and searches read the fresh set before the graph.
 */
final class CollectionIndex {
    enum State { BUILDING, READY, DROPPED }

    /** A newest write, not yet in the graph. */
    record FreshRow(float[] prepared, Value metadata, long version) {
    }

    /** One change seen while building. */
    private record Change(String key, byte[] row, long version) {
    }

    /** Candidate keys for a search, and how many live rows match the filter. */
    record Candidates(Set<String> keys, long matching) {
    }

    final String branch;
    final long branchId;
    final String space;
    final CollectionConfig config;
    final Similarity similarity;
    final int efSearchDefault;
    private final Object lock = new Object();
    final ReentrantLock settleLock = new ReentrantLock();
    final AtomicBoolean settleScheduled = new AtomicBoolean();
    private final ConcurrentHashMap<String, FreshRow> fresh = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> settled = new ConcurrentHashMap<>();
    private volatile HnswIndex graph;
    private volatile String[] ordKeys = new String[0];
    private volatile Value[] ordMeta = new Value[0];
    private volatile long[] ordVersion = new long[0];
    private volatile State state = State.BUILDING;
    private List<Change> pending = new ArrayList<>();
    private volatile long builtVersion;
    private volatile long lastChangeVersion;

    CollectionIndex(String branch, long branchId, String space, CollectionConfig config, Similarity similarity,
                    int efSearchDefault) {
        this.branch = branch;
        this.branchId = branchId;
        this.space = space;
        this.config = config;
        this.similarity = similarity;
        this.efSearchDefault = efSearchDefault;
        this.graph = new HnswIndex(config.dimension(), similarity, config.hnswParams(efSearchDefault));
    }

    State state() {
        return state;
    }

    /** Lowest view version this index describes exactly (its content is not older than this). */
    long validFrom() {
        return Math.max(builtVersion, lastChangeVersion);
    }

    long builtVersion() {
        return builtVersion;
    }

    int freshSize() {
        return fresh.size();
    }

    HnswIndex graph() {
        return graph;
    }

    // ---- building ---------------------------------------------------------------------------

    /** A scanned row: key, stored bytes, commit version. */
    record Row(String key, byte[] bytes, long version) {
    }

    /**
     * Fills the index from a scan taken at {@code version}, reusing {@code persisted} for the rows
     * whose version it recorded (when at least half of them still match), then replays changes that
     * arrived meanwhile and turns READY.
     */
    void build(List<Row> rows, long version, PersistedIndex persisted, int threads) {
        Map<String, Integer> reuse = persisted == null ? Map.of() : persisted.keyToOrd();
        List<Row> toInsert = new ArrayList<>();
        Map<String, Integer> claimed = new HashMap<>();
        for (Row r : rows) {
            Integer ord = reuse.get(r.key());
            if (ord != null && persisted.versions()[ord] == r.version() && !persisted.graph().isDeleted(ord)) {
                claimed.put(r.key(), ord);
            } else {
                toInsert.add(r);
            }
        }
        boolean usePersisted = persisted != null && toInsert.size() <= rows.size() / 2;
        if (usePersisted) {
            for (Row r : toInsert) { // a longer vector than the reused inner-product graph allows: build anew
                if (!persisted.graph().withinNormBound(VectorRow.decodeVector(r.bytes(), where(r.key())))) {
                    usePersisted = false;
                    break;
                }
            }
        }
        HnswIndex g;
        String[] keys;
        Value[] meta;
        long[] versions;
        if (usePersisted) {
            g = persisted.graph();
            int n = g.size();
            keys = new String[n];
            meta = new Value[n];
            versions = persisted.versions().clone();
            Set<Integer> live = new HashSet<>(claimed.values());
            for (int ord = 0; ord < n; ord++) {
                if (!live.contains(ord)) {
                    g.markDeleted(ord);
                }
            }
            for (Row r : rows) {
                Integer ord = claimed.get(r.key());
                if (ord != null) {
                    keys[ord] = r.key();
                    meta[ord] = VectorRow.decode(r.bytes(), where(r.key())).metadata();
                    settled.put(r.key(), ord);
                }
            }
        } else {
            toInsert = rows;
            g = graph;
            keys = new String[0];
            meta = new Value[0];
            versions = new long[0];
        }
        // rows not covered by the persisted graph go in with a parallel bulk insert; rows that do
        // not fit the config (only a merge of two conflicting definitions makes them) stay out
        List<Row> fitting = new ArrayList<>(toInsert.size());
        List<VectorRow> decoded = new ArrayList<>(toInsert.size());
        for (Row r : toInsert) {
            VectorRow row = VectorRow.decode(r.bytes(), where(r.key()));
            if (fits(row.vector())) {
                fitting.add(r);
                decoded.add(row);
            }
        }
        toInsert = fitting;
        float[][] vectors = new float[toInsert.size()][];
        Value[] insertMeta = new Value[toInsert.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = decoded.get(i).vector();
            insertMeta[i] = decoded.get(i).metadata();
        }
        int first = vectors.length == 0 ? g.size() : g.addAll(vectors, threads);
        int n = g.size();
        keys = Arrays.copyOf(keys, n);
        meta = Arrays.copyOf(meta, n);
        versions = Arrays.copyOf(versions, n);
        for (int i = 0; i < vectors.length; i++) {
            Row r = toInsert.get(i);
            keys[first + i] = r.key();
            meta[first + i] = insertMeta[i];
            versions[first + i] = r.version();
            settled.put(r.key(), first + i);
        }
        synchronized (lock) {
            graph = g;
            ordKeys = keys;
            ordMeta = meta;
            ordVersion = versions;
            builtVersion = version;
            for (Change c : pending) {
                if (c.version() > version) {
                    applyLocked(c.key(), c.row(), c.version());
                }
            }
            pending = null;
            state = State.READY;
        }
    }

    void drop() {
        synchronized (lock) {
            state = State.DROPPED;
            pending = null;
        }
    }

    // ---- changes (commit listener) ---------------------------------------------------------------

    /** Applies one committed write ({@code row == null}: delete) of commit {@code version}. */
    void apply(String key, byte[] row, long version) {
        synchronized (lock) {
            if (state == State.BUILDING) {
                pending.add(new Change(key, row, version));
            } else if (state == State.READY) {
                applyLocked(key, row, version);
            }
        }
    }

    /** Whether a stored vector can be indexed under this config (dimension, finite, direction for cosine). */
    boolean fits(float[] v) {
        if (v.length != config.dimension()) {
            return false;
        }
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return similarity.prepare(v) != null;
    }

    private void applyLocked(String key, byte[] row, long version) {
        lastChangeVersion = Math.max(lastChangeVersion, version);
        VectorRow r = row == null ? null : VectorRow.decode(row, where(key));
        if (r != null && fits(r.vector())) {
            fresh.put(key, new FreshRow(similarity.prepare(r.vector()), r.metadata(), version));
        } else {
            fresh.remove(key);
        }
        Integer ord = settled.remove(key);
        if (ord != null) {
            graph.markDeleted(ord);
        }
    }

    /**
     * Moves the fresh rows into the graph: insert (outside the listener's lock), then, under it,
     * point the keys at their new nodes unless a newer write superseded them meanwhile.
     */
    void settle(int threads) {
        settleLock.lock();
        try {
            if (state != State.READY) {
                return;
            }
            List<Map.Entry<String, FreshRow>> batch = new ArrayList<>(fresh.entrySet());
            if (batch.isEmpty()) {
                return;
            }
            float[][] vectors = new float[batch.size()][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = batch.get(i).getValue().prepared();
            }
            HnswIndex g = graph;
            int first = g.addAll(vectors, threads);
            synchronized (lock) {
                int n = g.size();
                String[] keys = Arrays.copyOf(ordKeys, n);
                Value[] meta = Arrays.copyOf(ordMeta, n);
                long[] versions = Arrays.copyOf(ordVersion, n);
                for (int i = 0; i < vectors.length; i++) {
                    Map.Entry<String, FreshRow> e = batch.get(i);
                    int ord = first + i;
                    keys[ord] = e.getKey();
                    meta[ord] = e.getValue().metadata();
                    versions[ord] = e.getValue().version();
                }
                ordKeys = keys;
                ordMeta = meta;
                ordVersion = versions;
                for (int i = 0; i < vectors.length; i++) {
                    Map.Entry<String, FreshRow> e = batch.get(i);
                    int ord = first + i;
                    if (state == State.READY && fresh.get(e.getKey()) == e.getValue()) {
                        Integer old = settled.put(e.getKey(), ord);
                        if (old != null) {
                            g.markDeleted(old);
                        }
                        fresh.remove(e.getKey(), e.getValue());
                    } else {
                        g.markDeleted(ord); // superseded or deleted while we inserted
                    }
                }
            }
        } finally {
            settleLock.unlock();
        }
    }

    // ---- search ----------------------------------------------------------------------------

    /**
     * Candidate keys for the {@code k} best rows matching {@code filter}: brute force over the fresh
     * rows, then the graph (or, when the filter keeps few settled rows, an exact pass over just
     * those rows).
     */
    Candidates candidates(float[] query, int k, int ef, FilterEvaluator filter, int exactFilterRows) {
        float[] q = similarity.prepare(query);
        Set<String> out = new HashSet<>();
        long matching = 0;
        TopK freshTop = new TopK(k);
        for (Map.Entry<String, FreshRow> e : fresh.entrySet()) { // fresh first: see the class comment
            FreshRow r = e.getValue();
            if (filter.matches(r.metadata())) {
                matching++;
                freshTop.offer(similarity.distance(q, r.prepared()), e.getKey());
            }
        }
        out.addAll(freshTop.keys());
        HnswIndex g = graph;
        String[] keys = ordKeys;
        Value[] meta = ordMeta;
        int n = Math.min(keys.length, g.size());
        if (filter.isEmpty()) {
            matching += settled.size();
            SearchResult r = g.search(q, k, ef, ord -> ord < n && keys[ord] != null);
            for (int id : r.ids()) {
                out.add(keys[id]);
            }
            return new Candidates(out, matching);
        }
        int[] matches = new int[Math.min(n, exactFilterRows + 1)];
        int count = 0;
        for (int ord = 0; ord < n; ord++) {
            if (keys[ord] != null && !g.isDeleted(ord) && filter.matches(meta[ord])) {
                if (count < matches.length) {
                    matches[count] = ord;
                }
                count++;
            }
        }
        matching += count;
        if (count <= exactFilterRows) {
            TopK top = new TopK(k);
            for (int i = 0; i < count; i++) {
                top.offer(similarity.distance(q, g.vector(matches[i])), keys[matches[i]]);
            }
            out.addAll(top.keys());
        } else {
            // a selective filter needs a wider beam to find k accepted nodes
            double selectivity = Math.max(1e-3, count / (double) Math.max(1, n));
            int wideEf = (int) Math.min(Math.max(ef, k) / Math.sqrt(selectivity), Math.max(ef, 4096));
            SearchResult r = g.search(q, k, Math.max(wideEf, k), ord -> ord < n && keys[ord] != null
                    && filter.matches(meta[ord]));
            for (int id : r.ids()) {
                out.add(keys[id]);
            }
        }
        return new Candidates(out, matching);
    }

    /** Live rows (approximate while a settle is in flight). */
    long liveCount() {
        long c = settled.size();
        for (String k : fresh.keySet()) {
            if (!settled.containsKey(k)) {
                c++;
            }
        }
        return c;
    }

    long memoryBytes() {
        long bytes = graph.memoryBytes() + 64L * ordKeys.length;
        bytes += fresh.size() * (64L + 4L * config.dimension());
        return bytes;
    }

    /**
     * A private copy of this index's graph and node table, for a child branch forked from this one:
     * the child reconciles it against its own rows exactly like a persisted file. Empty unless READY.
     */
    PersistedIndex copyForFork() {
        settleLock.lock();
        try {
            synchronized (lock) {
                if (state != State.READY) {
                    return null;
                }
                return new PersistedIndex(graph.copy(), ordKeys.clone(), ordVersion.clone(), config.version(),
                        builtVersion);
            }
        } finally {
            settleLock.unlock();
        }
    }

    /** A consistent copy of what {@link IndexFiles} persists; call with {@link #settleLock} held. */
    PersistedIndex snapshotForPersist() {
        synchronized (lock) {
            return new PersistedIndex(graph, ordKeys.clone(), ordVersion.clone(), config.version(), builtVersion);
        }
    }

    private String where(String key) {
        return "'" + key + "' of collection '" + config.name() + "' (space '" + space + "', branch '" + branch + "')";
    }

    /** Bounded best-k by distance, ties to the smaller key. Not thread-safe. */
    static final class TopK {
        private final int k;
        private final java.util.PriorityQueue<Map.Entry<Float, String>> heap;

        TopK(int k) {
            this.k = k;
            this.heap = new java.util.PriorityQueue<>(k + 1, (a, b) -> {
                int c = Float.compare(b.getKey(), a.getKey());
                return c != 0 ? c : b.getValue().compareTo(a.getValue());
            });
        }

        void offer(float distance, String key) {
            heap.add(Map.entry(distance, key));
            if (heap.size() > k) {
                heap.poll();
            }
        }

        List<String> keys() {
            List<String> out = new ArrayList<>(heap.size());
            for (Map.Entry<Float, String> e : heap) {
                out.add(e.getValue());
            }
            return out;
        }
    }

}
