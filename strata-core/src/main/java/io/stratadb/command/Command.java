package io.stratadb.command;

/**
 * A serializable request to the database: the one way in for the {@code Strata} facade, the CLI and
 * any future binding. Every command is an immutable record that validates its arguments when it is
 * constructed (a bad argument throws {@link io.stratadb.ValidationException} naming it), and names its
 * result type {@code R}. Commands and results round-trip through JSON with {@link CommandJson}; the JSON
 * name of a command is its family and record name in snake case, e.g. {@code kv_put}, {@code branch_merge}.
 *
 * <p>Commands carry no session state: reads and writes without an explicit {@link Scope} use the
 * executing session's current branch, space and transaction.
 *
 * @param <R> the result type of the command
 */
public sealed interface Command<R extends Result> permits KvCommand, StateCommand, EventCommand, JsonCommand,
        BranchCommand, SpaceCommand, TxnCommand, DbCommand {

    /** The JSON name of this command, e.g. {@code kv_put}. */
    default String op() {
        return CommandNames.nameOf(getClass());
    }
}
