package io.stratadb.internal.vector;

import io.stratadb.CollectionInfo;
import io.stratadb.ConflictException;
import io.stratadb.ConstraintException;
import io.stratadb.DistanceMetric;
import io.stratadb.NotFoundException;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.VectorEntry;
import io.stratadb.VectorMatch;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine-level vector store: collections of float32 vectors with metadata, stored as ordinary
 * versioned rows (keyspace {@code VECTOR}, see {@link VectorKeys}) so forks, diff, merge, as-of
 * reads and transactions cover them, plus derived HNSW indexes (see the package documentation).
 *
 * <p><b>Binding.</b> Every call names its space and collection explicitly and says where it runs:
 * <ul>
 *   <li>writes: a storage {@link Transaction} (e.g. {@code EngineTxn.storageTxn()}; the write is
 *       buffered there and becomes visible at its commit, 0 is returned), or a branch name
 *       (auto-commit: one storage transaction per call, retried on conflicts; returns the commit version);</li>
 *   <li>reads: a {@link ReadView} — a snapshot, an as-of view ({@code storage.asOf(...)}), or a
 *       transaction (read-your-writes) — or a branch name (latest).</li>
 * </ul>
 *
 * <p><b>Wiring into the engine</b> (branch {@code engine}): writes in a transaction —
 * {@code txn.registerSpace(space); store.upsert(txn.storageTxn(), space, ...)}; auto-commit writes —
 * {@code engine.autoCommit(branch, space, t -> { store.upsert(t, space, ...); return null; })} (or this
 * class's branch overloads with {@link VectorStoreOptions#spaceRegistrar}); reads and searches —
 * {@code store.search(engine.at(branch, asOf).readView(), space, ...)} or with
 * {@code txn.storageTxn()} as the view. Merge/diff need keyspace {@code VECTOR} in the engine's
 * merge table; nothing else is vector-specific. Create one store per storage, close it before the storage.
 *
 * <p><b>Errors.</b> {@link ValidationException} (names, dimension outside 1..8192, NaN/∞
 * components, a zero vector under cosine, bad k/filters), {@link ConstraintException} (a vector
 * of the wrong dimension, creating an existing collection), {@link NotFoundException} (missing
 * collection), {@link ConflictException} (auto-commit kept conflicting). Storage errors pass
 * through as {@link StorageException}s for the engine to translate. Reading a missing vector
 * returns empty.
 *
 * <p><b>Searches in a transaction</b> read through it: a transaction with its own writes scans the
 * collection exactly (its whole row range joins the read set); otherwise the index proposes
 * candidates and only the rows read for the rerank join the read set, so a concurrently inserted
 * closer vector does not make the transaction conflict (a predicate read without a range lock).
 *
 * <p><b>Thread safety.</b> Thread-safe; a {@link Transaction} passed in is driven by the calling
 * thread only. <b>Durability:</b> that of the storage commit. {@link #close()} (before the
 * storage is closed) persists the indexes when an index directory is configured.
 */
public final class VectorStore implements AutoCloseable {
    private static final int AUTO_COMMIT_ATTEMPTS = 100;

    private final Storage storage;
    private final VectorStoreOptions options;
    private final IndexRegistry registry;
    private final VectorSearcher searcher;

    public VectorStore(Storage storage) {
        this(storage, VectorStoreOptions.defaults());
    }

    public VectorStore(Storage storage, VectorStoreOptions options) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.options = Objects.requireNonNull(options, "options");
        this.registry = new IndexRegistry(storage, options);
        this.searcher = new VectorSearcher(registry, options);
    }

    // ---- collections ----------------------------------------------------------------------------

    /** Creates a collection in {@code txn}. @throws ConstraintException if it exists */
    public void createCollection(Transaction txn, String space, String name, int dimension, DistanceMetric metric) {
        VectorLimits.checkSpace(space);
        VectorLimits.checkCollection(name);
        VectorLimits.checkDimension(dimension);
        if (metric == null) {
            throw new ValidationException("metric of collection '" + name + "' must not be null");
        }
        register(txn, space);
        if (txn.get(VectorKeys.config(space, name)).isPresent()) {
            throw new ConstraintException("vector collection '" + name + "' already exists in space '" + space
                    + "' of branch '" + txn.branch() + "'");
        }
        CollectionConfig c = new CollectionConfig(name, dimension, metric, options.m(), options.efConstruction(), 0);
        txn.put(VectorKeys.config(space, name), c.encode());
    }

    /** Auto-commit {@link #createCollection(Transaction, String, String, int, DistanceMetric)}; returns the version. */
    public long createCollection(String branch, String space, String name, int dimension, DistanceMetric metric) {
        return autoCommit(branch, t -> {
            createCollection(t, space, name, dimension, metric);
            return null;
        }).version();
    }

    /** Deletes a collection and all its vectors in {@code txn}; false if it did not exist. */
    public boolean deleteCollection(Transaction txn, String space, String name) {
        VectorLimits.checkSpace(space);
        VectorLimits.checkCollection(name);
        if (txn.get(VectorKeys.config(space, name)).isEmpty()) {
            return false;
        }
        register(txn, space);
        List<io.stratadb.storage.Key> rows = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = txn.scan(VectorKeys.rows(space, name))) {
            while (it.hasNext()) {
                rows.add(it.next().key());
            }
        }
        for (io.stratadb.storage.Key k : rows) {
            txn.delete(k);
        }
        txn.delete(VectorKeys.config(space, name));
        return true;
    }

    public boolean deleteCollection(String branch, String space, String name) {
        return autoCommit(branch, t -> deleteCollection(t, space, name)).value();
    }

    /** Collections of {@code space} in the view, sorted by name. */
    public List<CollectionInfo> listCollections(ReadView view, String space) {
        VectorLimits.checkSpace(space);
        List<CollectionInfo> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = view.scan(VectorKeys.configs(space))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                VectorKeys.Parsed p = VectorKeys.parse(kv.key().userKeyNoCopy());
                out.add(info(view, space, CollectionConfig.decode(p.collection(), kv.value(), kv.version())));
            }
        }
        out.sort(java.util.Comparator.comparing(CollectionInfo::name));
        return out;
    }

    public List<CollectionInfo> listCollections(String branch, String space) {
        return listCollections(storage.snapshot(branch), space);
    }

    /** The collection's description as seen by {@code view}. @throws NotFoundException if absent */
    public CollectionInfo stats(ReadView view, String space, String name) {
        return info(view, space, config(view, space, name));
    }

    public CollectionInfo stats(String branch, String space, String name) {
        return stats(storage.snapshot(branch), space, name);
    }

    // ---- vectors ----------------------------------------------------------------------------------

    /** Inserts or replaces one vector in {@code txn}. */
    public void upsert(Transaction txn, String space, String collection, String key, float[] vector, Value metadata) {
        batchUpsert(txn, space, collection, List.of(new VectorEntry(VectorLimits.checkKey(key),
                Objects.requireNonNull(vector, "vector"), metadata)));
    }

    /** Auto-commit upsert; returns the commit version. */
    public long upsert(String branch, String space, String collection, String key, float[] vector, Value metadata) {
        return autoCommit(branch, t -> {
            upsert(t, space, collection, key, vector, metadata);
            return null;
        }).version();
    }

    /** Inserts or replaces many vectors in {@code txn}; all are validated before any is written. */
    public void batchUpsert(Transaction txn, String space, String collection, List<VectorEntry> entries) {
        CollectionConfig c = config(txn, space, collection);
        if (entries == null || entries.isEmpty()) {
            throw new ValidationException("batch upsert into collection '" + collection + "' needs at least one entry");
        }
        List<byte[]> encoded = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            VectorEntry e = entries.get(i);
            if (e == null) {
                throw new ValidationException("batch entry " + i + " is null");
            }
            VectorLimits.checkKey(e.key());
            float[] v = e.vector();
            VectorLimits.checkVector("vector '" + e.key() + "'", v, c.dimension(),
                    c.metric() == DistanceMetric.COSINE, collection);
            encoded.add(new VectorRow(v, e.metadata()).encode());
        }
        register(txn, space);
        for (int i = 0; i < entries.size(); i++) {
            txn.put(VectorKeys.row(space, collection, entries.get(i).key()), encoded.get(i));
        }
    }

    /** Auto-commit batch upsert: one commit for the whole batch; returns its version. */
    public long batchUpsert(String branch, String space, String collection, List<VectorEntry> entries) {
        return autoCommit(branch, t -> {
            batchUpsert(t, space, collection, entries);
            return null;
        }).version();
    }

    /** The vector under {@code key} in the view, or empty. @throws NotFoundException if the collection is absent */
    public Optional<VectorEntry> get(ReadView view, String space, String collection, String key) {
        config(view, space, collection);
        VectorLimits.checkKey(key);
        Optional<VersionedValue> v = view.get(VectorKeys.row(space, collection, key));
        if (v.isEmpty()) {
            return Optional.empty();
        }
        VectorRow row = VectorRow.decode(v.get().value(), "'" + key + "' of collection '" + collection + "'");
        return Optional.of(new VectorEntry(key, row.vector(), row.metadata(), v.get().version(),
                v.get().timestampMicros()));
    }

    public Optional<VectorEntry> get(String branch, String space, String collection, String key) {
        return get(storage.snapshot(branch), space, collection, key);
    }

    /** Deletes one vector in {@code txn}; false if it did not exist. */
    public boolean delete(Transaction txn, String space, String collection, String key) {
        config(txn, space, collection);
        VectorLimits.checkKey(key);
        var k = VectorKeys.row(space, collection, key);
        if (txn.get(k).isEmpty()) {
            return false;
        }
        register(txn, space);
        txn.delete(k);
        return true;
    }

    public boolean delete(String branch, String space, String collection, String key) {
        return autoCommit(branch, t -> delete(t, space, collection, key)).value();
    }

    // ---- search --------------------------------------------------------------------------------------

    /**
     * The {@code k} best rows of the view matching every filter, best first (score descending, then
     * key). Exact for every row it returns; never fewer than {@code min(k, matching rows)} hits.
     */
    public List<VectorMatch> search(ReadView view, String space, String collection, VectorQuery query) {
        CollectionConfig c = config(view, space, collection);
        checkQuery(query, c);
        return searcher.search(view, space, c, query);
    }

    /** Search of the branch's latest commit. */
    public List<VectorMatch> search(String branch, String space, String collection, VectorQuery query) {
        return search(storage.snapshot(branch), space, collection, query);
    }

    /** Search as of commit {@code version} of the branch. */
    public List<VectorMatch> searchAsOf(String branch, long version, String space, String collection,
                                        VectorQuery query) {
        if (version < 0 || version > storage.latestVersion()) {
            throw new ValidationException("as-of version " + version + " is outside 0.." + storage.latestVersion());
        }
        return search(storage.asOf(branch, version), space, collection, query);
    }

    /** The exact answer by a full scan, bypassing the index (tests and diagnostics). */
    public List<VectorMatch> searchExact(ReadView view, String space, String collection, VectorQuery query) {
        CollectionConfig c = config(view, space, collection);
        checkQuery(query, c);
        return searcher.exact(view, space, c, query, io.stratadb.internal.vector.filter.FilterEvaluator.of(
                query.filters()));
    }

    // ---- maintenance ---------------------------------------------------------------------------------

    /** Moves all fresh rows into the graphs now (normally done in the background). */
    public void settleIndexes() {
        registry.settleAll();
    }

    /** Persists the indexes to the index directory now (no-op without one). */
    public void persistIndexes() {
        registry.persistAll();
    }

    /** Forgets the in-memory indexes; the next search loads or rebuilds them. */
    public void dropIndexes() {
        registry.dropAll();
    }

    /** Graphs built from scratch / loaded from files so far (diagnostics). */
    public long[] indexBuildsAndLoads() {
        return new long[]{registry.builds(), registry.loads()};
    }

    /** Searches answered by an index, by an exact scan, and index attempts that fell back to a scan. */
    public long[] searchPaths() {
        return new long[]{searcher.indexed.sum(), searcher.scanned.sum(), searcher.fallbacks.sum()};
    }

    /** Stops background work and persists the indexes. Idempotent. Close before the storage. */
    @Override
    public void close() {
        registry.close();
    }

    // ---- internals ------------------------------------------------------------------------------------

    private void checkQuery(VectorQuery q, CollectionConfig c) {
        if (q == null) {
            throw new ValidationException("search query must not be null");
        }
        VectorLimits.checkK(q.k());
        VectorLimits.checkVector("query vector", q.vector(), c.dimension(), c.metric() == DistanceMetric.COSINE,
                c.name());
        if (q.efSearch() > 100_000) {
            throw new ValidationException("efSearch must be at most 100000, got " + q.efSearch());
        }
    }

    private CollectionConfig config(ReadView view, String space, String name) {
        VectorLimits.checkSpace(space);
        VectorLimits.checkCollection(name);
        Optional<VersionedValue> v = view.get(VectorKeys.config(space, name));
        if (v.isEmpty()) {
            throw new NotFoundException("vector collection '" + name + "' does not exist in space '" + space
                    + "' of branch '" + view.branch() + "'" + (view instanceof Transaction ? ""
                    : " at version " + view.version()));
        }
        return CollectionConfig.decode(name, v.get().value(), v.get().version());
    }

    private CollectionInfo info(ReadView view, String space, CollectionConfig c) {
        Optional<CollectionIndex> idx = registry.usableFor(view, space, c);
        if (idx.isPresent()) {
            return new CollectionInfo(c.name(), c.dimension(), c.metric(), idx.get().liveCount(), "hnsw",
                    idx.get().memoryBytes(), c.version());
        }
        long count = 0;
        try (CloseableIterator<KeyValue> it = view.scan(VectorKeys.rows(space, c.name()))) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return new CollectionInfo(c.name(), c.dimension(), c.metric(), count, "flat", 0, c.version());
    }

    private void register(Transaction txn, String space) {
        if (options.spaceRegistrar() != null) {
            options.spaceRegistrar().accept(txn, space);
        }
    }

    private record Committed<T>(T value, long version) {
    }

    private <T> Committed<T> autoCommit(String branch, Function<Transaction, T> body) {
        CommitConflictException last = null;
        for (int attempt = 0; attempt < AUTO_COMMIT_ATTEMPTS; attempt++) {
            try (Transaction t = storage.begin(branch)) {
                T value = body.apply(t);
                if (!t.hasWrites()) {
                    t.rollback();
                    return new Committed<>(value, t.version());
                }
                CommitResult r = t.commit();
                return new Committed<>(value, r.version());
            } catch (CommitConflictException e) {
                last = e;
                Thread.yield();
            }
        }
        throw new ConflictException("vector write on branch '" + branch + "' kept conflicting: "
                + last.getMessage(), last);
    }

}
