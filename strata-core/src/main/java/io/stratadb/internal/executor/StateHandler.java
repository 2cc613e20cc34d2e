package io.stratadb.internal.executor;

import io.stratadb.command.Result;
import io.stratadb.command.Scope;
import io.stratadb.command.StateCommand;
import io.stratadb.internal.engine.StateOps;

import java.util.OptionalLong;

/** Runs {@link StateCommand}s. */
final class StateHandler {
    private final Binder binder;

    StateHandler(Binder binder) {
        this.binder = binder;
    }

    Result handle(Session s, StateCommand<?> command) {
        return switch (command) {
            case StateCommand.Set c -> new Result.Version(ops(s, c, c.scope(), true).set(c.cell(), c.value()));
            case StateCommand.Get c -> Result.Maybe.of(ops(s, c, c.scope(), false).get(c.cell()));
            case StateCommand.GetVersioned c ->
                    new Result.VersionedOne(ops(s, c, c.scope(), false).getVersioned(c.cell()).orElse(null));
            case StateCommand.Init c -> new Result.Version(ops(s, c, c.scope(), true).init(c.cell(), c.value()));
            case StateCommand.Cas c -> {
                OptionalLong v = ops(s, c, c.scope(), true).cas(c.cell(), c.value(), c.expectedVersion());
                yield new Result.MaybeVersion(v.isPresent() ? v.getAsLong() : null);
            }
            case StateCommand.Delete c -> new Result.Flag(ops(s, c, c.scope(), true).delete(c.cell()));
            case StateCommand.List c -> new Result.Keys(ops(s, c, c.scope(), false).list(c.prefix()));
            case StateCommand.History c -> new Result.History(ops(s, c, c.scope(), false).history(c.cell()));
        };
    }

    private StateOps ops(Session s, StateCommand<?> c, Scope scope, boolean write) {
        return binder.bind(s, scope, write, c.op(), Binder.STATE);
    }
}
