/**
 * L6 branch MVCC: the branch catalog (persisted as commits on the reserved branch id 0), fork chains
 * ({@link io.stratadb.storage.internal.mvcc.ReadChain}), the read path merging sources through a chain
 * (get, history, scan with tombstone shadowing), read views, optimistic transactions, stats and the
 * in-memory retention pass.
 */
package io.stratadb.storage.internal.mvcc;
