package io.stratadb.internal.vector.hnsw;

import io.stratadb.DistanceMetric;
import io.stratadb.internal.vector.Similarity;
import io.stratadb.internal.vector.kernel.Kernels;
import io.stratadb.internal.vector.kernel.VectorKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntPredicate;

/**
 * A standalone in-memory HNSW graph (hierarchical navigable small world) over float32 vectors of
 * one dimension and metric. Usable without storage: build from {@code float[][]}, then
 * {@link #search(float[], int, int)}. Node ids are dense ints assigned in insertion order
 * (0, 1, 2, ...); {@link #addAll} keeps the input order.
 *
 * <p><b>Algorithm.</b> Levels drawn from a geometric distribution (mL = 1/ln M, derived from the
 * seed and the node id, so level assignment does not depend on thread scheduling); greedy descent on
 * the upper layers; beam search of width {@code efConstruction} per layer; neighbours chosen with
 * the diversity heuristic (keep a candidate only if it is closer to the new node than to every
 * neighbour already kept); reverse links pruned with the same heuristic when a list overflows.
 * Pruning on layer 0 never takes away a node's last incoming link: each node counts the layer-0
 * lists that hold it, and a candidate the heuristic would drop that no other list holds is kept
 * instead (in place of the farthest kept neighbour that another list still holds). Without that
 * rule an outlier (say the longest vector of an inner-product index, which is the best answer to
 * many queries) could lose every incoming link and never be found. A batch build
 * ({@link #addAll}) ends with a pass over its nodes that few lists hold: one that a search for its
 * own vector does not return (left unheld by concurrent pruning, or held only by far nodes a search
 * never visits) is linked from the nearest node that search found.
 *
 * <p><b>Thread safety.</b> {@link #add}, {@link #markDeleted} and {@link #search} may run
 * concurrently from any threads. Neighbour lists are immutable arrays replaced under a per-node
 * lock and published through {@link AtomicReferenceArray}, so searches never lock and never see a
 * torn list; a search racing an insert may simply not see the new node yet.
 *
 * <p><b>Deletes.</b> {@link #markDeleted} hides a node from results; it still routes searches.
 * Owners rebuild the graph when too many nodes are deleted.
 *
 * <p><b>Errors.</b> {@link IllegalArgumentException} for a wrong dimension, non-finite components,
 * or a zero vector under cosine; callers above validate first and throw typed errors.
 */
public final class HnswIndex {
    private static final int[] NO_LINKS = new int[0];

    /** A graph node: its prepared vector and one neighbour list per layer. */
    static final class Node {
        final float[] vector;
        final AtomicReferenceArray<int[]> links;
        volatile boolean deleted;
        /** How many layer-0 neighbour lists hold this node (kept exact under the list owners' locks). */
        volatile int inLinks0;

        Node(float[] vector, int level) {
            this.vector = vector;
            this.links = new AtomicReferenceArray<>(level + 1);
            for (int l = 0; l <= level; l++) {
                links.setPlain(l, NO_LINKS);
            }
        }

        int level() {
            return links.length() - 1;
        }
    }

    /** Nodes held by at most this many layer-0 lists are checked for findability after a batch build. */
    static final int FEW_IN_LINKS = 2;

    /** Entry point of the graph: the node on the highest layer. Immutable. */
    private record Entry(int id, int level) {
    }

    private final int dimension;
    private final Similarity similarity;
    /** Distances inside the graph: the metric's own, except inner product (reduced to L2, see {@link MipsReduction}). */
    private final Similarity graphSim;
    /** DOT_PRODUCT indexes: the reduction of inner product to L2 ({@link MipsReduction}); null otherwise. */
    private final MipsReduction reduction;
    private final boolean mips;
    private final HnswParams params;
    private final double levelMultiplier;
    private final Object growLock = new Object();
    private final Object entryLock = new Object();
    private final VisitedSet.Pool visitedPool = new VisitedSet.Pool();
    private volatile AtomicReferenceArray<Node> nodes;
    private volatile int size;
    private volatile Entry entry;
    private final AtomicInteger deletedCount = new AtomicInteger();
    /** Choosing and pruning the neighbour lists of layers. */
    private final NeighborLists lists;

    /** An empty index using the JVM's chosen kernel. */
    public HnswIndex(int dimension, DistanceMetric metric, HnswParams params) {
        this(dimension, new Similarity(metric, Kernels.get()), params);
    }

    public HnswIndex(int dimension, Similarity similarity, HnswParams params) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
        this.similarity = similarity;
        this.mips = similarity.metric() == DistanceMetric.DOT_PRODUCT;
        this.reduction = mips ? new MipsReduction(dimension, similarity.kernel()) : null;
        this.graphSim = mips ? new Similarity(DistanceMetric.EUCLIDEAN, similarity.kernel()) : similarity;
        this.params = params;
        this.levelMultiplier = 1.0 / Math.log(params.m());
        this.lists = new NeighborLists(this, graphSim, params.m());
        this.nodes = new AtomicReferenceArray<>(64);
    }

    /** Builds an index over {@code vectors} (ids = array positions) with {@code threads} inserting in parallel. */
    public static HnswIndex build(float[][] vectors, DistanceMetric metric, HnswParams params, int threads) {
        return build(vectors, new Similarity(metric, Kernels.get()), params, threads);
    }

    public static HnswIndex build(float[][] vectors, Similarity similarity, HnswParams params, int threads) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("cannot infer the dimension of an empty vector set");
        }
        HnswIndex index = new HnswIndex(vectors[0].length, similarity, params);
        index.addAll(vectors, threads);
        return index;
    }

    public int dimension() {
        return dimension;
    }

    public Similarity similarity() {
        return similarity;
    }

    public HnswParams params() {
        return params;
    }

    /** Nodes ever added (deleted ones included). */
    public int size() {
        return size;
    }

    /** Nodes marked deleted. */
    public int deletedCount() {
        return deletedCount.get();
    }

    /** Adds one vector and returns its id. Thread-safe. */
    public int add(float[] vector) {
        Node node = newNode(vector, -1);
        int id = register(node);
        link(id, node);
        return id;
    }

    /**
     * Adds many vectors with {@code threads} workers; ids follow the array order. Returns the first
     * id. With {@code threads == 1} the result is deterministic for a given seed.
     */
    public int addAll(float[][] vectors, int threads) {
        if (vectors.length == 0) {
            return size;
        }
        Node[] batch = new Node[vectors.length];
        int first;
        if (mips) {
            reduction.prime(vectors);
        }
        synchronized (growLock) {
            first = size;
            for (int i = 0; i < vectors.length; i++) {
                batch[i] = newNode(vectors[i], first + i);
            }
            ensureCapacity(first + vectors.length);
            AtomicReferenceArray<Node> arr = nodes;
            for (int i = 0; i < batch.length; i++) {
                arr.set(first + i, batch[i]);
            }
            size = first + vectors.length;
        }
        int workers = Math.max(1, Math.min(threads, vectors.length / 256 + 1));
        if (workers == 1) {
            for (int i = 0; i < batch.length; i++) {
                link(first + i, batch[i]);
            }
            relinkUnfindable(first, false);
            return first;
        }
        // link the first node alone so the parallel workers start from an entry point
        link(first, batch[0]);
        AtomicInteger next = new AtomicInteger(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "strata-hnsw-build");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batch.length; i = next.getAndIncrement()) {
                        link(first + i, batch[i]);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the HNSW graph", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("HNSW build worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        relinkUnfindable(first, true);
        return first;
    }

    /** Hides {@code id} from results (it keeps routing searches). Idempotent. */
    public void markDeleted(int id) {
        Node n = node(id);
        if (n == null) {
            throw new IllegalArgumentException("no HNSW node " + id);
        }
        if (!n.deleted) {
            synchronized (n) {
                if (!n.deleted) {
                    n.deleted = true;
                    deletedCount.incrementAndGet();
                }
            }
        }
    }

    public boolean isDeleted(int id) {
        Node n = node(id);
        return n == null || n.deleted;
    }

    /**
     * The stored vector of {@code id}: its first {@link #dimension()} components are the vector as
     * compared (normalized for cosine); inner-product indexes append one internal component. Do not modify.
     */
    public float[] vector(int id) {
        Node n = node(id);
        if (n == null) {
            throw new IllegalArgumentException("no HNSW node " + id);
        }
        return n.vector;
    }

    /** The {@code k} nearest live nodes with the default efSearch. */
    public SearchResult search(float[] query, int k) {
        return search(query, k, params.efSearch(), null);
    }

    /** The {@code k} nearest live nodes, exploring {@code max(ef, k)} candidates on layer 0. */
    public SearchResult search(float[] query, int k, int ef) {
        return search(query, k, ef, null);
    }

    /**
     * The {@code k} nearest live nodes accepted by {@code accept} (null = all). Rejected nodes still
     * route the search, so a selective predicate costs time, not correctness of what is returned.
     */
    public SearchResult search(float[] query, int k, int ef, IntPredicate accept) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] q = prepare(query);
        IntPredicate filter;
        if (accept == null) {
            filter = deletedCount.get() == 0 ? null : id -> !isDeleted(id);
        } else {
            filter = id -> !isDeleted(id) && accept.test(id);
        }
        NodeHeap found = searchFromEntry(q, Math.max(ef, k), filter);
        if (found == null) {
            return new SearchResult(new int[0], new float[0]);
        }
        while (found.size() > k) {
            found.pop();
        }
        long[] sorted = found.drainAscending();
        int[] ids = new int[sorted.length];
        float[] scores = new float[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            ids[i] = NodeHeap.id(sorted[i]);
            scores[i] = mips ? similarity.kernel().dot(query, 0, node(ids[i]).vector, 0, dimension)
                    : similarity.score(NodeHeap.distance(sorted[i]));
        }
        return new SearchResult(ids, scores);
    }

    /** Greedy descent from the entry point, then a beam search of width {@code ef} on layer 0; null if empty. */
    private NodeHeap searchFromEntry(float[] q, int ef, IntPredicate filter) {
        Entry ep = entry;
        if (ep == null) {
            return null;
        }
        int cur = ep.id;
        float curDist = distance(q, cur);
        for (int level = ep.level; level > 0; level--) {
            long best = greedy(q, cur, curDist, level);
            cur = NodeHeap.id(best);
            curDist = NodeHeap.distance(best);
        }
        return searchLayer(q, new int[]{cur}, new float[]{curDist}, ef, 0, filter);
    }

    /**
     * After a batch from id {@code from} on: makes findable every node of the batch, other than the
     * entry point, that at most {@link #FEW_IN_LINKS} layer-0 lists hold and that a search for its own
     * vector (beam {@code efConstruction}) does not return; after a parallel batch also every earlier
     * node that no list holds. Such a node is linked into the list of the nearest node the search
     * found that takes it (see {@link NeighborLists}). Concurrent pruning can leave a node, of the
     * batch or not, in no list at all; and an outlier inserted before its near neighbours can be held
     * only by far nodes a search never visits: a two-thread build of 5,000 vectors left the longest one
     * linked from a single node 1,122 places down its neighbour ranking, and a search for that very
     * vector missed it even at ef 500 (2 builds in 12 for that seed). Nodes with more in-links are left
     * alone (checking every node would cost as much again as the build), and so are earlier batches'
     * held nodes, which their own batch checked: a small batch added to a large graph costs a pass over
     * itself, not over the graph. Returns how many it relinked.
     */
    int relinkUnfindable(int from, boolean parallel) {
        int n = size;
        int entryId = entryId();
        int relinked = 0;
        for (int i = parallel ? 0 : from; i < n; i++) {
            Node node = node(i);
            if (i == entryId || node == null || node.inLinks0 > (i >= from ? FEW_IN_LINKS : 0)) {
                continue;
            }
            NodeHeap found = searchFromEntry(node.vector, params.efConstruction(), null);
            long[] near = found == null ? new long[0] : found.drainAscending();
            boolean findable = false;
            for (long c : near) {
                findable |= NodeHeap.id(c) == i;
            }
            if (findable) {
                continue;
            }
            int before = node.inLinks0;
            for (long c : near) {
                int id = NodeHeap.id(c);
                lists.addReverseLink(id, i, 0);
                if (node.inLinks0 > before) {
                    relinked++;
                    break;
                }
            }
        }
        return relinked;
    }

    /** Rough heap footprint in bytes (vectors, nodes, neighbour lists). */
    public long memoryBytes() {
        long bytes = 16L + 4L * nodes.length();
        int n = size;
        for (int i = 0; i < n; i++) {
            Node node = node(i);
            if (node == null) {
                continue;
            }
            bytes += 48 + 16 + 4L * node.vector.length;
            for (int l = 0; l < node.links.length(); l++) {
                bytes += 16 + 4L * node.links.get(l).length;
            }
        }
        return bytes;
    }

    // ---- insertion --------------------------------------------------------------------------

    private Node newNode(float[] vector, int idForLevel) {
        if (vector == null) {
            throw new IllegalArgumentException("vector must not be null");
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException("vector has dimension " + vector.length + ", index has " + dimension);
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException("vector component " + i + " is " + vector[i]);
            }
        }
        float[] prepared = similarity.prepare(vector);
        if (prepared == null) {
            throw new IllegalArgumentException("a zero vector has no direction under cosine");
        }
        if (mips) {
            prepared = reduction.lift(vector);
        } else if (prepared == vector) {
            prepared = vector.clone();
        }
        return new Node(prepared, randomLevel(idForLevel >= 0 ? idForLevel : size));
    }

    /**
     * Inner-product indexes: how many vectors were longer than the norm bound fixed by the first
     * ones (they are placed less well). Owners rebuild when this grows; 0 for other metrics.
     */
    public int mipsOverflowCount() {
        return mips ? reduction.overflowCount() : 0;
    }

    /** Whether {@code v} fits the inner-product norm bound (always true for other metrics or before one is fixed). */
    public boolean withinNormBound(float[] v) {
        return !mips || reduction.within(v);
    }

    /** The inner-product norm bound (-1: not fixed yet, or another metric), for {@link HnswCodec}. */
    float mipsNormSq() {
        return mips ? reduction.normSq() : -1f;
    }

    void restoreMipsNormSq(float v) {
        if (mips) {
            reduction.restoreNormSq(v);
        }
    }

    /** Length of the stored vectors: the dimension, plus one for inner product. */
    int storedLength() {
        return mips ? dimension + 1 : dimension;
    }

    private int register(Node node) {
        synchronized (growLock) {
            int id = size;
            ensureCapacity(id + 1);
            nodes.set(id, node);
            size = id + 1;
            return id;
        }
    }

    private void ensureCapacity(int needed) {
        AtomicReferenceArray<Node> arr = nodes;
        if (needed <= arr.length()) {
            return;
        }
        int cap = Math.max(needed, arr.length() * 2);
        AtomicReferenceArray<Node> grown = new AtomicReferenceArray<>(cap);
        for (int i = 0; i < arr.length(); i++) {
            grown.setPlain(i, arr.get(i));
        }
        nodes = grown; // volatile write publishes the copied slots
    }

    /** Level for a node: geometric, from a hash of (seed, id) so threads cannot change it. */
    private int randomLevel(int id) {
        long z = params.seed() + 0x9E3779B97F4A7C15L * (id + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        double u = ((z >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        return Math.min(32, (int) (-Math.log(u) * levelMultiplier));
    }

    private void link(int id, Node node) {
        int level = node.level();
        Entry ep = entry;
        if (ep == null) {
            synchronized (entryLock) {
                if (entry == null) {
                    entry = new Entry(id, level);
                    return;
                }
                ep = entry;
            }
        }
        float[] v = node.vector;
        int cur = ep.id;
        float curDist = distance(v, cur);
        for (int l = ep.level; l > level; l--) {
            long best = greedy(v, cur, curDist, l);
            cur = NodeHeap.id(best);
            curDist = NodeHeap.distance(best);
        }
        int[] eps = {cur};
        float[] epDists = {curDist};
        for (int l = Math.min(level, ep.level); l >= 0; l--) {
            NodeHeap found = searchLayer(v, eps, epDists, params.efConstruction(), l, null);
            long[] candidates = found.drainAscending();
            lists.connect(node, id, l, candidates, mips && l == 0);
            eps = new int[candidates.length];
            epDists = new float[candidates.length];
            for (int i = 0; i < candidates.length; i++) {
                eps[i] = NodeHeap.id(candidates[i]);
                epDists[i] = NodeHeap.distance(candidates[i]);
            }
        }
        if (level > ep.level) {
            synchronized (entryLock) {
                if (level > entry.level) {
                    entry = new Entry(id, level);
                }
            }
        }
    }

    /**
     * Tops {@code chosen} up to {@code min} links with the nearest candidates the heuristic passed
     * over. Used on layer 0 of inner-product indexes only: after the reduction to L2 the longest
     * vectors (the answers to most queries) sit apart from the rest, the heuristic leaves them one
     * or two links, and searches rarely reach them (recall@10 at ef 64 on 5,000 low-rank vectors,
     * mean of 20 seeds: 0.950 with the heuristic alone, 0.977 topped up to M/2). Under L2 and
     * cosine the extra links cost more search time than they gain in recall, so those keep the
     * heuristic's choice.
     */
    // ---- search -------------------------------------------------------------------------------

    private float[] prepare(float[] query) {
        if (query == null || query.length != dimension) {
            throw new IllegalArgumentException("query has dimension " + (query == null ? "null" : query.length)
                    + ", index has " + dimension);
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new IllegalArgumentException("query component " + i + " is " + query[i]);
            }
        }
        float[] q = similarity.prepare(query);
        if (q == null) {
            throw new IllegalArgumentException("a zero query vector has no direction under cosine");
        }
        return mips ? reduction.liftQuery(query) : q;
    }

    /** Greedy walk on one layer; returns the packed (distance, id) of the local minimum. */
    private long greedy(float[] q, int start, float startDist, int level) {
        int cur = start;
        float curDist = startDist;
        boolean improved = true;
        while (improved) {
            improved = false;
            int[] links = links(cur, level);
            for (int n : links) {
                float d = distance(q, n);
                if (d < curDist) {
                    curDist = d;
                    cur = n;
                    improved = true;
                }
            }
        }
        return NodeHeap.pack(curDist, cur);
    }

    /**
     * Beam search on one layer. Returns a max-heap of at most {@code ef} accepted nodes (all nodes
     * when {@code accept} is null).
     */
    private NodeHeap searchLayer(float[] q, int[] entryIds, float[] entryDists, int ef, int level,
                                 IntPredicate accept) {
        VisitedSet visited = visitedPool.borrow(size);
        try {
            NodeHeap candidates = new NodeHeap(ef * 2, false);
            NodeHeap results = new NodeHeap(ef + 1, true);
            for (int i = 0; i < entryIds.length; i++) {
                int id = entryIds[i];
                if (!visited.visit(id)) {
                    continue;
                }
                candidates.push(entryDists[i], id);
                if (accept == null || accept.test(id)) {
                    results.push(entryDists[i], id);
                    if (results.size() > ef) {
                        results.pop();
                    }
                }
            }
            while (!candidates.isEmpty()) {
                long c = candidates.pop();
                if (results.size() >= ef && NodeHeap.distance(c) > results.peekDistance()) {
                    break;
                }
                for (int n : links(NodeHeap.id(c), level)) {
                    if (!visited.visit(n)) {
                        continue;
                    }
                    Node nn = node(n);
                    if (nn == null) {
                        continue;
                    }
                    float d = graphSim.distance(q, nn.vector);
                    if (results.size() < ef || d < results.peekDistance()) {
                        candidates.push(d, n);
                        if (accept == null || accept.test(n)) {
                            results.push(d, n);
                            if (results.size() > ef) {
                                results.pop();
                            }
                        }
                    }
                }
            }
            return results;
        } finally {
            visitedPool.release(visited);
        }
    }

    private int[] links(int id, int level) {
        Node n = node(id);
        if (n == null || level >= n.links.length()) {
            return NO_LINKS;
        }
        return n.links.get(level);
    }

    private float distance(float[] q, int id) {
        return graphSim.distance(q, node(id).vector);
    }

    /** The node for {@code id}, re-reading the array once if a concurrent growth hid it. */
    Node node(int id) {
        AtomicReferenceArray<Node> arr = nodes;
        Node n = id < arr.length() ? arr.get(id) : null;
        if (n == null) {
            arr = nodes;
            n = id < arr.length() ? arr.get(id) : null;
        }
        return n;
    }

    /**
     * An independent copy sharing the (immutable) vectors and link arrays: O(nodes) pointer copies,
     * no distance computations. Later inserts, deletes and link changes on either side do not affect
     * the other. Callers make sure no insert runs concurrently (links to nodes beyond the copied
     * size are dropped defensively).
     */
    public HnswIndex copy() {
        synchronized (growLock) {
            HnswIndex c = new HnswIndex(dimension, similarity, params);
            c.restoreMipsNormSq(mipsNormSq());
            int n = size;
            Node[] copied = new Node[n];
            for (int i = 0; i < n; i++) {
                Node o = node(i);
                Node x = new Node(o.vector, o.level());
                for (int l = 0; l <= o.level(); l++) {
                    int[] links = o.links.get(l);
                    boolean dangling = false;
                    for (int t : links) {
                        dangling |= t >= n;
                    }
                    x.links.setPlain(l, dangling ? java.util.Arrays.stream(links).filter(t -> t < n).toArray()
                            : links);
                }
                x.deleted = o.deleted;
                copied[i] = x;
            }
            int e = entryId();
            c.restore(copied, n == 0 ? -1 : (e >= 0 && e < n ? e : 0));
            return c;
        }
    }

    // ---- persistence hooks (HnswCodec) ----------------------------------------------------------

    int entryId() {
        Entry e = entry;
        return e == null ? -1 : e.id;
    }

    /** Restores a decoded graph; only for {@link HnswCodec} on a fresh index. */
    void restore(Node[] decoded, int entryId) {
        synchronized (growLock) {
            ensureCapacity(decoded.length);
            int deleted = 0;
            for (int i = 0; i < decoded.length; i++) {
                nodes.set(i, decoded[i]);
                if (decoded[i].deleted) {
                    deleted++;
                }
            }
            for (Node node : decoded) {
                for (int id : node.links.get(0)) {
                    NeighborLists.IN_LINKS0.incrementAndGet(decoded[id]);
                }
            }
            size = decoded.length;
            deletedCount.set(deleted);
            entry = entryId < 0 ? null : new Entry(entryId, decoded[entryId].level());
        }
    }
}
