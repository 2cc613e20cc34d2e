package io.stratadb.internal.executor;

import io.stratadb.command.Result;
import io.stratadb.command.VectorCommand;
import io.stratadb.internal.vector.VectorQuery;
import io.stratadb.internal.vector.VectorStore;

/** Runs {@link VectorCommand}s against the database's {@link VectorStore}. */
final class VectorHandler {
    private final Binder binder;
    private final Binder.Binding<VectorTarget> binding;

    VectorHandler(Binder binder, VectorStore store) {
        this.binder = binder;
        this.binding = VectorTarget.binding(store);
    }

    Result handle(Session s, VectorCommand<?> command) {
        return switch (command) {
            case VectorCommand.CreateCollection c -> {
                VectorTarget t = target(s, c, c.scope(), true);
                yield new Result.Version(t.write(tx -> {
                    t.store().createCollection(tx, t.space(), c.collection(), c.dimension(), c.metric());
                    return null;
                }).version());
            }
            case VectorCommand.DeleteCollection c -> {
                VectorTarget t = target(s, c, c.scope(), true);
                yield new Result.Flag(t.write(tx -> t.store().deleteCollection(tx, t.space(), c.collection()))
                        .value());
            }
            case VectorCommand.ListCollections c -> {
                VectorTarget t = target(s, c, c.scope(), false);
                yield new Result.CollectionList(t.store().listCollections(t.reader(), t.space()));
            }
            case VectorCommand.Stats c -> {
                VectorTarget t = target(s, c, c.scope(), false);
                yield new Result.CollectionStats(t.store().stats(t.reader(), t.space(), c.collection()));
            }
            case VectorCommand.Upsert c -> {
                VectorTarget t = target(s, c, c.scope(), true);
                float[] v = c.vector();
                yield new Result.Version(t.write(tx -> {
                    t.store().upsert(tx, t.space(), c.collection(), c.key(), v, c.metadata());
                    return null;
                }).version());
            }
            case VectorCommand.Get c -> {
                VectorTarget t = target(s, c, c.scope(), false);
                yield new Result.VectorOne(t.store().get(t.reader(), t.space(), c.collection(), c.key())
                        .orElse(null));
            }
            case VectorCommand.Delete c -> {
                VectorTarget t = target(s, c, c.scope(), true);
                yield new Result.Flag(t.write(tx -> t.store().delete(tx, t.space(), c.collection(), c.key()))
                        .value());
            }
            case VectorCommand.BatchUpsert c -> {
                VectorTarget t = target(s, c, c.scope(), true);
                yield new Result.Version(t.write(tx -> {
                    t.store().batchUpsert(tx, t.space(), c.collection(), c.entries());
                    return null;
                }).version());
            }
            case VectorCommand.Search c -> {
                VectorTarget t = target(s, c, c.scope(), false);
                VectorQuery q = new VectorQuery(c.query(), c.k(), c.filters(), c.efSearch() == null ? 0 : c.efSearch());
                yield new Result.VectorMatches(t.store().search(t.reader(), t.space(), c.collection(), q));
            }
        };
    }

    private VectorTarget target(Session s, VectorCommand<?> c, io.stratadb.command.Scope scope, boolean write) {
        return binder.bind(s, scope, write, c.op(), binding);
    }
}
