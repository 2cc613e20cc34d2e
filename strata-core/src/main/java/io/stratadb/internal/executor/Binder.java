package io.stratadb.internal.executor;

import io.stratadb.AccessDeniedException;
import io.stratadb.StateException;
import io.stratadb.command.Scope;
import io.stratadb.internal.engine.AsOf;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.EngineTxn;
import io.stratadb.internal.engine.EngineView;
import io.stratadb.internal.engine.EventOps;
import io.stratadb.internal.engine.JsonOps;
import io.stratadb.internal.engine.KvOps;
import io.stratadb.internal.engine.StateOps;

import java.util.function.BiFunction;

/**
 * Decides where a data command runs: as of a past point (read-only engine view), inside the
 * session's transaction, or auto-commit on a branch; and in which space.
 */
final class Binder {
    /** How to get one primitive's ops object from each of the three engine bindings. */
    record Binding<T>(BiFunction<EngineView, String, T> view, BiFunction<EngineTxn, String, T> txn,
                      Auto<T> auto) {
    }

    @FunctionalInterface
    interface Auto<T> {
        T of(Engine engine, String branch, String space);
    }

    static final Binding<KvOps> KV = new Binding<>(EngineView::kv, EngineTxn::kv, Engine::kv);
    static final Binding<StateOps> STATE = new Binding<>(EngineView::state, EngineTxn::state, Engine::state);
    static final Binding<EventOps> EVENTS = new Binding<>(EngineView::events, EngineTxn::events, Engine::events);
    static final Binding<JsonOps> JSON = new Binding<>(EngineView::json, EngineTxn::json, Engine::json);

    private final Engine engine;

    Binder(Engine engine) {
        this.engine = engine;
    }

    /**
     * The ops object for {@code scope} in {@code session}.
     *
     * @param write whether the command writes (refused for a historical scope)
     * @param op    the command's name, for messages
     */
    <T> T bind(Session session, Scope scope, boolean write, String op, Binding<T> binding) {
        Scope sc = scope == null ? Scope.CURRENT : scope;
        String branch = sc.branch() != null ? sc.branch() : session.branch();
        String space = sc.space() != null ? sc.space() : session.space();
        if (sc.isHistorical()) {
            if (write) {
                throw new AccessDeniedException(op + ": the past is read-only (a write cannot have an as-of point)");
            }
            AsOf at = sc.asOfVersion() != null ? AsOf.version(sc.asOfVersion()) : AsOf.timestamp(sc.asOfMicros());
            return binding.view().apply(engine.at(branch, at), space);
        }
        EngineTxn txn = session.txn();
        if (txn != null) {
            if (!txn.branch().equals(branch)) {
                throw new StateException(op + ": the session's transaction runs on branch '" + txn.branch()
                        + "', it cannot use branch '" + branch + "'");
            }
            return binding.txn().apply(txn, space);
        }
        return binding.auto().of(engine, branch, space);
    }
}
