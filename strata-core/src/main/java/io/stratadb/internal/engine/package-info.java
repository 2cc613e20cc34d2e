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
 * Storage layout (durable format): keyspaces from {@link io.stratadb.internal.Keyspaces}; engine
 * metadata in space {@link io.stratadb.internal.engine.Engine#SYSTEM_SPACE}.
 */
package io.stratadb.internal.engine;
