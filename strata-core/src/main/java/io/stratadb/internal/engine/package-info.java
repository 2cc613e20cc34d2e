/**
 * The engine: primitives (KV, state cells, event logs, JSON documents), spaces, transactions,
 * time travel and branch operations (fork, diff, three-way merge) over the L9 storage API.
 *
 * <p>No hidden session state. Bind an operation explicitly:
 * <pre>{@code
 * Engine engine = new Engine(storage);
 * engine.kv("default", "default").put("k", Value.of(1));          // auto-commit
 * try (EngineTxn tx = engine.begin("default", false)) {          // transaction
 *     tx.kv("default").put("a", Value.of(1));
 *     tx.state("default").cas("cell", Value.of(2), 1L);
 *     tx.commit();                                               // ConflictException on conflict
 * }
 * engine.at("default", AsOf.version(7)).json("default").get("doc", "$.a");   // time travel
 * engine.branches().merge("feature", "default", MergeStrategy.STRICT, false);
 * }</pre>
 *
 * <p><b>Decisions</b> (where DESIGN.md is silent):
 * <ul>
 *   <li>Writes through a read-only transaction or an {@code at(..)} view, or on a read-only database:
 *       {@link io.stratadb.AccessDeniedException}. Deleting the default branch or space, or a non-empty
 *       space without force: {@link io.stratadb.ConstraintException}. Creating an existing branch:
 *       {@link io.stratadb.StateException}. Missing branch: {@link io.stratadb.NotFoundException}.</li>
 *   <li>Writes inside a transaction return 0 where auto-commit returns the commit version;
 *       {@link io.stratadb.internal.engine.EngineTxn#commit()} returns it.</li>
 *   <li>State/JSON counters restart at 1 after a delete; history tombstones carry version 0 for them
 *       (the commit version for KV).</li>
 *   <li>Event timestamps come from the storage clock at append (the hash covers them); merged events
 *       keep their original type, payload and timestamp and get new sequences and hashes.</li>
 *   <li>Merge base: the newest merge record between the pair, else the nearest common ancestor as of
 *       the smallest fork version on the way, else none (when a parent in the chain was deleted, or
 *       the branches are unrelated; then every source event counts as new). The event base after a
 *       merge in the other direction is the source's log right after that merge.</li>
 *   <li>Diff and merge walk the branches side by side in key order, one keyspace of one space at a
 *       time (two cursors for diff; base, source and target for merge); a merge buffers its writes
 *       and applies them in one commit. Their cost is proportional to the keyspace size, not to the
 *       number of changed keys.</li>
 * </ul>
 * Storage layout (durable format): keyspaces from {@link io.stratadb.internal.Keyspaces}; engine
 * metadata in space {@link io.stratadb.internal.engine.Engine#SYSTEM_SPACE}.
 */
package io.stratadb.internal.engine;
