/**
 * The vector store: collections of float32 vectors with metadata, searched by k nearest
 * neighbours under cosine, euclidean or inner-product scores, correct under branches, time travel
 * and transactions. Entry point: {@link io.stratadb.internal.vector.VectorStore}.
 *
 * <h2>Storage is the truth</h2>
 * A collection is ordinary versioned data in keyspace {@code VECTOR} of its space
 * ({@link io.stratadb.internal.vector.VectorKeys}): one config row per collection and one row per
 * vector (float32 little-endian components plus {@code ValueCodec} metadata,
 * {@link io.stratadb.internal.vector.VectorRow}). So forks, diff, three-way merge, as-of reads,
 * bundles, transactions (OCC, read-your-writes, rollback) and retention cover vectors with no
 * vector-specific code, and deleting a collection is one atomic commit of tombstones.
 *
 * <h2>The index is derived state that only proposes candidates</h2>
 * Per (branch id, space, collection) a {@code CollectionIndex} holds
 * <ul>
 *   <li>a <b>fresh set</b>: the newest committed writes, decoded by the commit listener and searched
 *       by brute force; and</li>
 *   <li>an <b>HNSW graph</b> ({@link io.stratadb.internal.vector.hnsw.HnswIndex}) over the settled
 *       rows. A background thread moves the fresh set into the graph when it passes
 *       {@code freshLimit} rows; deletes and updates mark graph nodes dead; a graph with more dead
 *       than live nodes is discarded and rebuilt from a scan on next use.</li>
 * </ul>
 * A search takes candidate keys from both (for a filter that keeps few settled rows, an exact pass
 * over just those rows instead of the graph), then <b>reranks exactly</b>: each candidate row is read
 * through the caller's MVCC view and scored against its stored vector and metadata. The index can
 * therefore never return a row the read must not see (deleted, other branch, newer than as-of,
 * filtered out), and every score is exact.
 *
 * <p>An index is used only for views it describes exactly: the view's version is not below the
 * index's build/last-change version and every commit of the branch up to it has reached the index
 * ({@code IndexRegistry.usable}, re-checked after the search). Otherwise — as-of reads of older
 * versions, transactions with their own writes, another thread still building the index — the
 * search is an exact scan of the view. If the index path yields fewer than {@code k} hits while
 * at least {@code k} rows match, the search falls back to the exact scan too, so a filter never
 * costs hits. A fork's first search starts from a copy of its parent's graph, keeping only the
 * nodes whose key and row version the child still has (the same reconciliation as a persisted file).
 *
 * <h2>Persistence</h2>
 * With an index directory, {@code close()} / {@code persistIndexes()} write each graph with, per
 * node, the key and row version it was built from ({@code IndexFiles}: magic, format version,
 * CRC32C, atomic rename). On open the store scans the collection and reuses only nodes whose key
 * still has exactly that version; other rows are inserted, stale nodes marked dead. A missing,
 * truncated or corrupt file is logged and the graph is rebuilt: the file speeds up opening and can
 * never make a result wrong (every hit is re-read and re-scored through the MVCC view). Graphs are built
 * on one thread by default, so a rebuild from the same rows gives the same graph and the same hits; a
 * graph that grew incrementally (settled batch by batch) and is then rebuilt from a scan is a different
 * approximate graph, whose hits can differ at the margin of the top k.
 *
 * <h2>Kernels</h2>
 * Distances go through {@link io.stratadb.internal.vector.kernel.VectorKernel}: a
 * {@code jdk.incubator.vector} implementation when the module is resolved at run time
 * ({@code --add-modules jdk.incubator.vector}), a scalar one otherwise or with
 * {@code -Dstrata.vector.scalar=true}. Cosine collections compare normalized copies (a dot
 * product); inner-product graphs are built on a reduction to L2 (see {@code hnsw.MipsReduction}).
 *
 * <h2>Scores</h2>
 * Higher is better: cosine similarity, {@code 1/(1+L2 distance)}, or the raw inner product; ties
 * order by key.
 */
package io.stratadb.internal.vector;
