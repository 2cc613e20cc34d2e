package io.stratadb.internal.executor;

import io.stratadb.command.KvCommand;
import io.stratadb.command.Result;
import io.stratadb.internal.engine.KvOps;

/** Runs {@link KvCommand}s. */
final class KvHandler {
    private final Binder binder;

    KvHandler(Binder binder) {
        this.binder = binder;
    }

    Result handle(Session s, KvCommand<?> command) {
        return switch (command) {
            case KvCommand.Put c -> new Result.Version(ops(s, c, c.scope(), true).put(c.key(), c.value()));
            case KvCommand.Get c -> Result.Maybe.of(ops(s, c, c.scope(), false).get(c.key()));
            case KvCommand.GetVersioned c ->
                    new Result.VersionedOne(ops(s, c, c.scope(), false).getVersioned(c.key()).orElse(null));
            case KvCommand.Delete c -> new Result.Flag(ops(s, c, c.scope(), true).delete(c.key()));
            case KvCommand.List c -> new Result.Keys(ops(s, c, c.scope(), false).list(c.prefix()));
            case KvCommand.ListPage c -> {
                var page = ops(s, c, c.scope(), false).listPaginated(c.prefix(), c.limit(), c.cursor());
                yield new Result.KeyPage(page.items(), page.nextCursor());
            }
            case KvCommand.History c -> new Result.History(ops(s, c, c.scope(), false).history(c.key()));
            case KvCommand.BatchPut c -> new Result.Version(ops(s, c, c.scope(), true).batchPut(c.entries()));
        };
    }

    private KvOps ops(Session s, KvCommand<?> c, io.stratadb.command.Scope scope, boolean write) {
        return binder.bind(s, scope, write, c.op(), Binder.KV);
    }
}
