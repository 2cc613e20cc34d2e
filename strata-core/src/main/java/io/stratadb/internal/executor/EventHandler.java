package io.stratadb.internal.executor;

import io.stratadb.Event;
import io.stratadb.Page;
import io.stratadb.command.EventCommand;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;
import io.stratadb.internal.engine.EventOps;

/** Runs {@link EventCommand}s. Event pages: the engine's cursor is the last sequence returned. */
final class EventHandler {
    private final Binder binder;

    EventHandler(Binder binder) {
        this.binder = binder;
    }

    Result handle(Session s, EventCommand<?> command) {
        return switch (command) {
            case EventCommand.Append c ->
                    new Result.Sequence(ops(s, c, c.scope(), true).append(c.type(), c.payload()));
            case EventCommand.Get c -> new Result.EventOne(ops(s, c, c.scope(), false).get(c.sequence()).orElse(null));
            case EventCommand.List c ->
                    new Result.Events(ops(s, c, c.scope(), false).list(c.type(), c.limit(), c.after()));
            case EventCommand.ListPage c -> {
                Page<Event> p = ops(s, c, c.scope(), false).listPaginated(c.type(), c.limit(),
                        c.after() == null ? null : Long.toString(c.after()));
                yield new Result.EventPage(p.items(), p.nextCursor() == null ? null : Long.parseLong(p.nextCursor()));
            }
            case EventCommand.Count c -> {
                EventOps ops = ops(s, c, c.scope(), false);
                yield new Result.Count(c.type() == null ? ops.count() : ops.count(c.type()));
            }
            case EventCommand.VerifyChain c -> new Result.ChainCheck(ops(s, c, c.scope(), false).verifyChain());
        };
    }

    private EventOps ops(Session s, EventCommand<?> c, Scope scope, boolean write) {
        return binder.bind(s, scope, write, c.op(), Binder.EVENTS);
    }
}
