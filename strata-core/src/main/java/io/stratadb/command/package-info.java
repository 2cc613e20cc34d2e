/**
 * The command layer: every operation on a Strata database as a serializable record.
 *
 * <p>A {@link io.stratadb.command.Command} is an immutable record naming its
 * {@link io.stratadb.command.Result} type; it validates its arguments when constructed. The facade
 * ({@code io.stratadb.Strata} and its namespaces), the CLI and any binding build commands and run them
 * with {@code Strata.execute}; {@link io.stratadb.command.CommandJson} writes and reads both commands
 * and results as JSON ({@code {"op": "kv_put", ...}}, {@code {"result": "version", ...}}).
 *
 * <p><b>Adding a command family</b> (e.g. vectors): declare {@code sealed interface VectorCommand<R extends
 * Result> extends Command<R>} with one nested record per operation and add it to {@code Command}'s
 * {@code permits}; add any new result records to {@link io.stratadb.command.Result}; add a handler in
 * {@code io.stratadb.internal.executor} and a case in {@code Executor.execute} (the switch is
 * exhaustive, so the compiler points at it); add the facade namespace. JSON names, registration and
 * the round-trip test ({@code CommandJsonTest}) pick the new records up by reflection.
 */
package io.stratadb.command;
