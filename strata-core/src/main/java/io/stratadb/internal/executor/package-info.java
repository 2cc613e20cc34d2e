/**
 * The executor: runs {@link io.stratadb.command.Command}s against the engine in a
 * {@link io.stratadb.internal.executor.Session} (current branch, current space, active transaction).
 * {@link io.stratadb.internal.executor.Database} owns the storage and engine of one open database;
 * {@link io.stratadb.internal.executor.Executor} dispatches each command family to its handler;
 * {@code Binder} decides whether a data command runs auto-commit, inside the session's transaction,
 * or read-only as of a past point. Not exported from the module.
 */
package io.stratadb.internal.executor;
