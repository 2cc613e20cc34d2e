package io.stratadb.command;

/** Transaction commands on the executing session (one active transaction per session). */
public sealed interface TxnCommand<R extends Result> extends Command<R> {

    /** Begins a transaction on the current branch; a read-only one rejects writes. */
    record Begin(boolean readOnly) implements TxnCommand<Result.TxnState> {
    }

    /** Commits; returns the commit version (the snapshot version for a transaction without writes). */
    record Commit() implements TxnCommand<Result.Version> {
    }

    /** Discards every write of the active transaction. */
    record Rollback() implements TxnCommand<Result.Unit> {
    }

    record Info() implements TxnCommand<Result.TxnState> {
    }
}
