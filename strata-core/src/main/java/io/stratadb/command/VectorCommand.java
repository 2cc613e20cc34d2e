package io.stratadb.command;

import io.stratadb.DistanceMetric;
import io.stratadb.Value;
import io.stratadb.ValidationException;
import io.stratadb.VectorEntry;
import io.stratadb.VectorFilter;

import java.util.Arrays;
import java.util.Objects;

/**
 * Vector commands: collections of float32 vectors with metadata in the current (or the scope's)
 * branch and space. Collection names, keys, dimensions (1..8192), components (finite; not all zero
 * under cosine), {@code k} and filters are fully checked by the engine against the collection, with a
 * {@link ValidationException} or {@code ConstraintException} naming the bad input; the records check
 * only presence. Vectors are copied in and out, and records with vectors compare by content.
 */
public sealed interface VectorCommand<R extends Result> extends Command<R> {

    /** Creates a collection; returns the commit version. Creating an existing collection is a {@code ConstraintException}. */
    record CreateCollection(String collection, int dimension, DistanceMetric metric, Scope scope)
            implements VectorCommand<Result.Version> {
        public CreateCollection {
            Args.name("vector_create_collection", "collection", collection);
            Args.notNull("vector_create_collection", "metric", metric);
        }
    }

    /** Deletes a collection and every vector in it (one commit); the result says whether it existed. */
    record DeleteCollection(String collection, Scope scope) implements VectorCommand<Result.Flag> {
        public DeleteCollection {
            Args.name("vector_delete_collection", "collection", collection);
        }
    }

    /** Every collection of the space, sorted by name. */
    record ListCollections(Scope scope) implements VectorCommand<Result.CollectionList> {
    }

    /** Dimension, metric, count, index type and memory of one collection; {@code NotFoundException} if absent. */
    record Stats(String collection, Scope scope) implements VectorCommand<Result.CollectionStats> {
        public Stats {
            Args.name("vector_stats", "collection", collection);
        }
    }

    /** Inserts or replaces the vector under {@code key}; returns the commit version (0 inside a transaction). */
    record Upsert(String collection, String key, float[] vector, Value metadata, Scope scope)
            implements VectorCommand<Result.Version> {
        public Upsert {
            Args.name("vector_upsert", "collection", collection);
            Args.name("vector_upsert", "key", key);
            vector = Args.notNull("vector_upsert", "vector", vector).clone();
            metadata = Args.value("vector_upsert", "metadata", metadata);
        }

        @Override
        public float[] vector() {
            return vector.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Upsert u && collection.equals(u.collection) && key.equals(u.key)
                    && Arrays.equals(vector, u.vector) && metadata.equals(u.metadata) && Objects.equals(scope, u.scope);
        }

        @Override
        public int hashCode() {
            return Objects.hash(collection, key, Arrays.hashCode(vector), metadata, scope);
        }

        @Override
        public String toString() {
            return "Upsert[" + collection + ", " + key + ", " + Arrays.toString(vector) + ", " + metadata + ", "
                    + scope + "]";
        }
    }

    /** The vector under {@code key} with its metadata and version, or none. */
    record Get(String collection, String key, Scope scope) implements VectorCommand<Result.VectorOne> {
        public Get {
            Args.name("vector_get", "collection", collection);
            Args.name("vector_get", "key", key);
        }
    }

    /** Deletes the vector under {@code key}; the result says whether it existed. */
    record Delete(String collection, String key, Scope scope) implements VectorCommand<Result.Flag> {
        public Delete {
            Args.name("vector_delete", "collection", collection);
            Args.name("vector_delete", "key", key);
        }
    }

    /** Inserts or replaces every entry in one commit (all validated first); returns its version. */
    record BatchUpsert(String collection, java.util.List<VectorEntry> entries, Scope scope)
            implements VectorCommand<Result.Version> {
        public BatchUpsert {
            Args.name("vector_batch_upsert", "collection", collection);
            Args.notNull("vector_batch_upsert", "entries", entries);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) == null) {
                    throw new ValidationException("vector_batch_upsert: entry " + i + " is null");
                }
            }
            entries = java.util.List.copyOf(entries);
        }
    }

    /**
     * The {@code k} best vectors for {@code query} (best first, higher score is better) among those
     * matching every filter (AND); {@code efSearch} null = the store default (raise it for recall).
     * With an as-of scope the search sees the collection as it was then.
     */
    record Search(String collection, float[] query, int k, java.util.List<VectorFilter> filters, Integer efSearch,
                  Scope scope) implements VectorCommand<Result.VectorMatches> {
        public Search {
            Args.name("vector_search", "collection", collection);
            query = Args.notNull("vector_search", "query", query).clone();
            if (k <= 0) {
                throw new ValidationException("vector_search: k must be > 0, got " + k);
            }
            filters = filters == null ? java.util.List.of() : java.util.List.copyOf(filters);
            Args.positiveOrNull("vector_search", "efSearch", efSearch);
        }

        @Override
        public float[] query() {
            return query.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Search s && collection.equals(s.collection) && Arrays.equals(query, s.query)
                    && k == s.k && filters.equals(s.filters) && Objects.equals(efSearch, s.efSearch)
                    && Objects.equals(scope, s.scope);
        }

        @Override
        public int hashCode() {
            return Objects.hash(collection, Arrays.hashCode(query), k, filters, efSearch, scope);
        }

        @Override
        public String toString() {
            return "Search[" + collection + ", " + Arrays.toString(query) + ", k=" + k + ", " + filters + ", ef="
                    + efSearch + ", " + scope + "]";
        }
    }
}
