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
        return scope.kv(space);
    }

    public StateOps state(String space) {
        return scope.state(space);
    }

    public EventOps events(String space) {
        return scope.events(space);
    }

    public JsonOps json(String space) {
        return scope.json(space);
    }

    public SpaceOps spaces() {
        return scope.spaces();
    }

    Engine engine() {
        return engine;
    }
}
