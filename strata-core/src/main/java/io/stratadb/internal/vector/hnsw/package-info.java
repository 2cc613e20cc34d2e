/**
 * A standalone HNSW graph ({@link io.stratadb.internal.vector.hnsw.HnswIndex}) usable without
 * storage — build from {@code float[][]}, {@code search(query, k, ef)} — and its checksummed file
 * format ({@link io.stratadb.internal.vector.hnsw.HnswCodec}). Written from the published algorithm
 * (Malkov &amp; Yashunin): geometric levels, greedy upper-layer descent, beam search of width ef,
 * diversity heuristic for neighbour selection and reverse-link pruning, lock-free searches
 * concurrent with inserts. The index keeps the graph and searches it; {@code NeighborLists} chooses and
 * prunes the lists, and {@code MipsReduction} lifts inner-product vectors so the graph can use L2.
 */
package io.stratadb.internal.vector.hnsw;
