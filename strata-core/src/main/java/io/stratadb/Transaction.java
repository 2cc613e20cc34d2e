package io.stratadb;

import io.stratadb.command.Scope;

/**
 * The handle given to the body of {@link Strata#transaction}: every primitive of the transaction's
 * branch, reading its snapshot plus its own writes, writing into one atomic commit. Writes return 0
 * where auto-commit writes return a commit version (the version is known only at commit).
 * {@link #spaces()}{@code .use(...)} switches the space within the transaction.
 *
 * <p>Not thread-safe: use it from the thread running the body, and not after the body returns
 * (then every call throws {@link StateException}).
 */
public final class Transaction {
    private final Runner runner;
    private final boolean readOnly;

    Transaction(Runner runner, boolean readOnly) {
        this.runner = runner;
        this.readOnly = readOnly;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public Kv kv() {
        return new Kv(runner, Scope.CURRENT);
    }

    public StateCells state() {
        return new StateCells(runner, Scope.CURRENT);
    }

    public EventLog events() {
        return new EventLog(runner, Scope.CURRENT);
    }

    public JsonDocs json() {
        return new JsonDocs(runner, Scope.CURRENT);
    }

    /** Spaces of the transaction's branch; {@code use} switches the space for the rest of the body. */
    public Spaces spaces() {
        return new Spaces(runner);
    }

    /** State of this transaction (snapshot version, buffered writes). */
    public TxnInfo info() {
        return runner.run(new io.stratadb.command.TxnCommand.Info()).info();
    }
}
