package io.stratadb.internal.executor;

import io.stratadb.StateException;
import io.stratadb.TxnInfo;
import io.stratadb.command.Result;
import io.stratadb.command.TxnCommand;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.EngineTxn;

/** Runs {@link TxnCommand}s: at most one active transaction per session, on the session's branch. */
final class TxnHandler {
    private final Engine engine;

    TxnHandler(Engine engine) {
        this.engine = engine;
    }

    Result handle(Session s, TxnCommand<?> command) {
        return switch (command) {
            case TxnCommand.Begin c -> {
                EngineTxn open = s.txn();
                if (open != null) {
                    throw new StateException("txn_begin: a transaction is already active on branch '" + open.branch()
                            + "' (snapshot version " + open.snapshotVersion() + "); commit or roll it back first");
                }
                s.setTxn(engine.begin(s.branch(), c.readOnly()));
                yield new Result.TxnState(info(s));
            }
            case TxnCommand.Commit c -> {
                EngineTxn t = active(s, "txn_commit");
                try {
                    yield new Result.Version(t.commit());
                } finally {
                    s.setTxn(null);
                }
            }
            case TxnCommand.Rollback c -> {
                EngineTxn t = active(s, "txn_rollback");
                s.setTxn(null);
                t.rollback();
                yield Result.Unit.INSTANCE;
            }
            case TxnCommand.Info c -> new Result.TxnState(info(s));
        };
    }

    private static EngineTxn active(Session s, String op) {
        EngineTxn t = s.txn();
        if (t == null) {
            throw new StateException(op + ": no transaction is active (call begin first)");
        }
        return t;
    }

    private static TxnInfo info(Session s) {
        EngineTxn t = s.txn();
        if (t == null) {
            return TxnInfo.NONE;
        }
        return new TxnInfo(true, t.readOnly(), t.branch(), t.snapshotVersion(), t.hasWrites());
    }
}
