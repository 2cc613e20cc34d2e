package io.stratadb;

import io.stratadb.command.Scope;
import io.stratadb.command.VectorCommand;

import java.util.List;
import java.util.Optional;

/**
 * Vector collections of the current branch and space ({@code db.vectors()}): named collections of
 * float32 vectors of one dimension, each vector with a key and optional metadata, searched for the
 * {@code k} nearest neighbours under the collection's {@link DistanceMetric} (scores are
 * higher-is-better) with optional metadata filters ({@link VectorFilter}, AND-combined).
 *
 * <p>Vectors are versioned data like every other primitive: each write is its own commit unless a
 * transaction is active on the session (then it joins the transaction and is rolled back with it);
 * forks copy them, diff and merge cover them (primitive {@code "vector"}), and reads and searches
 * accept an as-of point ({@link AsOf}) or run on a {@link Snapshot}. Searches are exact for every hit
 * they return and never return fewer than {@code min(k, matching vectors)} hits; an approximate
 * (HNSW) index only proposes candidates.
 *
 * <p>Thread-safe when the session is (see {@link Strata}). Errors: {@link ValidationException} for bad
 * names, dimensions outside 1..8192, NaN/infinite components, a zero vector under cosine, {@code k < 1}
 * or bad filters; {@link ConstraintException} for a vector of the wrong dimension or creating an
 * existing collection; {@link NotFoundException} for a missing collection; {@link AccessDeniedException}
 * for writes through snapshots, read-only transactions or databases. A missing vector is an empty
 * result, not an error. <b>Durability:</b> that of the commit, like any other write; the search index
 * is derived state, rebuilt when missing.
 */
public final class Vectors {
    private final Runner runner;
    private final Scope scope;

    Vectors(Runner runner, Scope scope) {
        this.runner = runner;
        this.scope = scope;
    }

    // ---- collections --------------------------------------------------------------------------

    /**
     * Creates collection {@code name} for vectors of {@code dimension} components compared by {@code metric}.
     *
     * @return the commit version (0 inside a transaction)
     * @throws ConstraintException if the collection already exists
     */
    public long create(String name, int dimension, DistanceMetric metric) {
        return runner.run(new VectorCommand.CreateCollection(name, dimension, metric, scope)).version();
    }

    /** {@link #create(String, int, DistanceMetric)} with the default metric, {@link DistanceMetric#COSINE}. */
    public long create(String name, int dimension) {
        return create(name, dimension, DistanceMetric.COSINE);
    }

    /** {@link #create(String, int, DistanceMetric)} with the metric by name ({@code cosine}, {@code euclidean}, {@code dot_product}). */
    public long create(String name, int dimension, String metric) {
        return create(name, dimension, DistanceMetric.parse(metric));
    }

    /** Deletes collection {@code name} and every vector in it in one commit; true if it existed. */
    public boolean delete(String name) {
        return runner.run(new VectorCommand.DeleteCollection(name, scope)).value();
    }

    /** Every collection of the space, sorted by name. */
    public List<CollectionInfo> list() {
        return list(null);
    }

    public List<CollectionInfo> list(AsOf at) {
        return runner.run(new VectorCommand.ListCollections(Runner.at(scope, at))).collections();
    }

    /** Whether collection {@code name} exists. */
    public boolean exists(String name) {
        for (CollectionInfo c : list()) {
            if (c.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Dimension, metric, live count, index type and index memory. @throws NotFoundException if absent */
    public CollectionInfo stats(String name) {
        return stats(name, null);
    }

    public CollectionInfo stats(String name, AsOf at) {
        return runner.run(new VectorCommand.Stats(name, Runner.at(scope, at))).info();
    }

    /** A handle on collection {@code name} (not checked until used). */
    public VectorCollection collection(String name) {
        Strata.required(name, "collection name");
        return new VectorCollection(this, name);
    }

    // ---- vectors ------------------------------------------------------------------------------

    /**
     * Inserts or replaces the vector under {@code key}.
     *
     * @param metadata anything {@link Value#of(Object)} accepts (usually a {@code Map}); null = none
     * @return the commit version (0 inside a transaction)
     * @throws ConstraintException if the vector's dimension is not the collection's
     */
    public long upsert(String collection, String key, float[] vector, Object metadata) {
        return runner.run(new VectorCommand.Upsert(collection, key, vector, Value.of(metadata), scope)).version();
    }

    /** {@link #upsert(String, String, float[], Object)} without metadata. */
    public long upsert(String collection, String key, float[] vector) {
        return upsert(collection, key, vector, null);
    }

    /** Inserts or replaces every entry in one commit; nothing is written if any entry is bad. */
    public long batchUpsert(String collection, List<VectorEntry> entries) {
        return runner.run(new VectorCommand.BatchUpsert(collection, entries, scope)).version();
    }

    /** The vector under {@code key} with its metadata and version, or empty. */
    public Optional<VectorEntry> get(String collection, String key) {
        return get(collection, key, null);
    }

    public Optional<VectorEntry> get(String collection, String key, AsOf at) {
        return runner.run(new VectorCommand.Get(collection, key, Runner.at(scope, at))).toOptional();
    }

    /** Deletes the vector under {@code key}; true if it existed. */
    public boolean delete(String collection, String key) {
        return runner.run(new VectorCommand.Delete(collection, key, scope)).value();
    }

    /** The {@code k} nearest vectors to {@code query}, best (highest score) first. */
    public List<VectorMatch> search(String collection, float[] query, int k) {
        return search(collection, query, k, List.of(), null);
    }

    /** The {@code k} nearest vectors whose metadata matches every filter, best first. */
    public List<VectorMatch> search(String collection, float[] query, int k, List<VectorFilter> filters) {
        return search(collection, query, k, filters, null);
    }

    /** {@link #search(String, float[], int, List)} as of {@code at} (null = latest). */
    public List<VectorMatch> search(String collection, float[] query, int k, List<VectorFilter> filters, AsOf at) {
        return search(collection, query, k, filters, null, at);
    }

    /**
     * The full form: {@code efSearch} (null = default 100) is the HNSW beam width; raise it (e.g. 200+)
     * for recall closer to exact on large collections. Results are exact for every hit either way.
     */
    public List<VectorMatch> search(String collection, float[] query, int k, List<VectorFilter> filters,
                                    Integer efSearch, AsOf at) {
        return runner.run(new VectorCommand.Search(collection, query, k, filters, efSearch, Runner.at(scope, at)))
                .matches();
    }
}
