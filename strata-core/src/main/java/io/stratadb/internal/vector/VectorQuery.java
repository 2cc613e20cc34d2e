package io.stratadb.internal.vector;

import io.stratadb.VectorFilter;

import java.util.List;

/**
 * One search: query vector, k, AND-combined metadata filters, and the HNSW beam width
 * ({@code efSearch <= 0} = the store default; raise it for recall, e.g. 200+ for recall@10 &gt;= 0.99).
 * Validated by the store against the collection. Immutable apart from the caller's query array,
 * which the store does not modify.
 */
public record VectorQuery(float[] vector, int k, List<VectorFilter> filters, int efSearch) {
    public VectorQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    public static VectorQuery of(float[] vector, int k) {
        return new VectorQuery(vector, k, List.of(), 0);
    }

    public VectorQuery withFilters(List<VectorFilter> f) {
        return new VectorQuery(vector, k, f, efSearch);
    }

    public VectorQuery withEf(int ef) {
        return new VectorQuery(vector, k, filters, ef);
    }
}
