package io.stratadb.internal.executor;

import io.stratadb.Value;
import io.stratadb.command.JsonCommand;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;
import io.stratadb.internal.engine.JsonOps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs {@link JsonCommand}s. */
final class JsonHandler {
    private final Binder binder;

    JsonHandler(Binder binder) {
        this.binder = binder;
    }

    Result handle(Session s, JsonCommand<?> command) {
        return switch (command) {
            case JsonCommand.Set c -> new Result.Version(ops(s, c, c.scope(), true).set(c.key(), c.path(), c.value()));
            case JsonCommand.Get c -> Result.Maybe.of(ops(s, c, c.scope(), false).get(c.key(), c.path()));
            case JsonCommand.GetVersioned c ->
                    new Result.VersionedOne(ops(s, c, c.scope(), false).getVersioned(c.key()).orElse(null));
            case JsonCommand.Delete c -> new Result.Flag(ops(s, c, c.scope(), true).delete(c.key(), c.path()));
            case JsonCommand.List c -> {
                var page = ops(s, c, c.scope(), false).listPaginated(c.prefix(), c.limit(), c.cursor());
                yield new Result.KeyPage(page.items(), page.nextCursor());
            }
            case JsonCommand.History c -> new Result.History(ops(s, c, c.scope(), false).history(c.key()));
            case JsonCommand.BatchSet c -> {
                List<JsonOps.SetOp> items = new ArrayList<>();
                for (JsonCommand.Item i : c.items()) {
                    items.add(new JsonOps.SetOp(i.key(), i.path(), i.value()));
                }
                yield new Result.Versions(ops(s, c, c.scope(), true).batchSet(items));
            }
            case JsonCommand.BatchGet c -> {
                List<Result.Maybe> out = new ArrayList<>();
                for (Optional<Value> v : ops(s, c, c.scope(), false).batchGet(paths(c.items()))) {
                    out.add(Result.Maybe.of(v));
                }
                yield new Result.Maybes(out);
            }
            case JsonCommand.BatchDelete c ->
                    new Result.Flags(ops(s, c, c.scope(), true).batchDelete(paths(c.items())));
        };
    }

    private static List<JsonOps.PathOp> paths(List<JsonCommand.Item> items) {
        List<JsonOps.PathOp> out = new ArrayList<>();
        for (JsonCommand.Item i : items) {
            out.add(new JsonOps.PathOp(i.key(), i.path()));
        }
        return out;
    }

    private JsonOps ops(Session s, JsonCommand<?> c, Scope scope, boolean write) {
        return binder.bind(s, scope, write, c.op(), Binder.JSON);
    }
}
