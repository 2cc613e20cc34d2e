package io.stratadb.internal.executor;

import io.stratadb.StateException;
import io.stratadb.command.Result;
import io.stratadb.command.SpaceCommand;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.EngineTxn;
import io.stratadb.internal.engine.Names;
import io.stratadb.internal.engine.SpaceOps;

/**
 * Runs {@link SpaceCommand}s on the command's branch (null = the session's current branch), inside the
 * session's transaction when one is active on that branch. {@code use} only moves the session: the
 * space is created by its first write.
 */
final class SpaceHandler {
    private final Engine engine;

    SpaceHandler(Engine engine) {
        this.engine = engine;
    }

    Result handle(Session s, SpaceCommand<?> command) {
        return switch (command) {
            case SpaceCommand.Create c -> {
                ops(s, c.branch(), c.op()).create(c.name());
                yield Result.Unit.INSTANCE;
            }
            case SpaceCommand.List c -> new Result.Names(ops(s, c.branch(), c.op()).list());
            case SpaceCommand.Exists c -> new Result.Flag(ops(s, c.branch(), c.op()).exists(c.name()));
            case SpaceCommand.Delete c -> {
                ops(s, c.branch(), c.op()).delete(c.name(), c.force());
                yield Result.Unit.INSTANCE;
            }
            case SpaceCommand.Use c -> {
                s.useSpace(Names.checkSpace(c.name()));
                yield new Result.Name(c.name());
            }
            case SpaceCommand.Current c -> new Result.Name(s.space());
        };
    }

    private SpaceOps ops(Session s, String branch, String op) {
        String b = branch == null ? s.branch() : branch;
        EngineTxn txn = s.txn();
        if (txn != null) {
            if (!txn.branch().equals(b)) {
                throw new StateException(op + ": the session's transaction runs on branch '"
                        + txn.branch() + "', it cannot use branch '" + b + "'");
            }
            return txn.spaces();
        }
        return engine.spaces(b);
    }
}
