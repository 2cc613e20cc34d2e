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
    private volatile boolean finished;

    Transaction(Runner inner, boolean readOnly) {
        this.readOnly = readOnly;
        this.runner = new Runner() {
            @Override
            public <R extends io.stratadb.command.Result> R run(io.stratadb.command.Command<R> command) {
                if (finished) {
                    throw new StateException(command.op() + ": this transaction is over (its body has returned); "
                            + "use db.kv() and friends, or start a new transaction");
                }
                return inner.run(command);
            }
        };
    }

    /** Called when the body has returned or thrown: every later call fails. */
    void finish() {
        finished = true;
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
