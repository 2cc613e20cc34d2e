package io.stratadb.internal.executor;

import io.stratadb.MergeStrategy;
import io.stratadb.NotFoundException;
import io.stratadb.StateException;
import io.stratadb.command.BranchCommand;
import io.stratadb.command.Result;
import io.stratadb.internal.engine.BranchOps;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.Names;

/**
 * Runs {@link BranchCommand}s. Session rules: {@code use} is refused inside a transaction and resets
 * the space to {@code default}; the session's current branch cannot be deleted.
 */
final class BranchHandler {
    private final Engine engine;

    BranchHandler(Engine engine) {
        this.engine = engine;
    }

    Result handle(Session s, BranchCommand<?> command) {
        BranchOps ops = engine.branches();
        return switch (command) {
            case BranchCommand.Create c -> new Result.Branch(ops.create(c.name()));
            case BranchCommand.Fork c ->
                    new Result.Branch(ops.fork(c.source() == null ? s.branch() : c.source(), c.target()));
            case BranchCommand.List c -> new Result.Branches(ops.list());
            case BranchCommand.Exists c -> new Result.Flag(ops.exists(c.name()));
            case BranchCommand.Get c -> new Result.Branch(ops.get(c.name()).orElse(null));
            case BranchCommand.Delete c -> {
                if (c.name().equals(s.branch()) && !Names.DEFAULT_BRANCH.equals(c.name())) {
                    throw new StateException("branch_delete: '" + c.name()
                            + "' is the session's current branch; switch to another branch first");
                }
                ops.delete(c.name());
                yield Result.Unit.INSTANCE;
            }
            case BranchCommand.Use c -> {
                Names.checkBranch(c.name());
                if (s.txn() != null) {
                    throw new StateException("branch_use: cannot switch to branch '" + c.name()
                            + "' while a transaction is active on branch '" + s.txn().branch() + "'");
                }
                if (!ops.exists(c.name())) {
                    throw new NotFoundException("branch_use: branch '" + c.name() + "' does not exist");
                }
                s.moveTo(c.name(), Names.DEFAULT_SPACE);
                yield new Result.Name(c.name());
            }
            case BranchCommand.Current c -> new Result.Name(s.branch());
            case BranchCommand.Diff c -> new Result.Diff(ops.diff(c.a(), c.b()));
            case BranchCommand.Merge c -> {
                MergeStrategy strategy = c.strategy() == null ? MergeStrategy.STRICT : MergeStrategy.parse(c.strategy());
                String target = c.target() == null ? s.branch() : c.target();
                yield new Result.Merge(ops.merge(c.source(), target, strategy, c.dryRun()));
            }
        };
    }
}
