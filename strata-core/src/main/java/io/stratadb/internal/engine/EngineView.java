package io.stratadb.internal.engine;

import io.stratadb.storage.ReadView;

/**
 * A read-only, consistent snapshot of one branch at one commit version, for every primitive.
 * Writes through it throw {@link io.stratadb.AccessDeniedException}. Thread-safe; stays valid
 * after later commits, until the storage is closed.
 */
public final class EngineView {
    private final Engine engine;
    private final ReadView view;
    private final Scope scope;

    EngineView(Engine engine, ReadView view) {
        this.engine = engine;
        this.view = view;
        this.scope = new Scope.View(engine, view);
    }

    public String branch() {
        return view.branch();
    }

    /** The commit version this view sees (0 = before the first commit: everything empty). */
    public long version() {
        return view.version();
    }

    /** The storage view underneath (for other engine parts, e.g. vectors). */
    public ReadView readView() {
        return view;
    }

    public KvOps kv(String space) {
        return new KvOps(scope, Names.checkSpace(space));
    }

    public StateOps state(String space) {
        return new StateOps(scope, Names.checkSpace(space));
    }

    public EventOps events(String space) {
        return new EventOps(scope, Names.checkSpace(space));
    }

    public JsonOps json(String space) {
        return new JsonOps(scope, Names.checkSpace(space));
    }

    public SpaceOps spaces() {
        return new SpaceOps(scope);
    }

    Engine engine() {
        return engine;
    }
}
