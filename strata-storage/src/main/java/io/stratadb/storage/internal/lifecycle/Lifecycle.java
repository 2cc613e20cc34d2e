package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.StorageStateException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lifecycle state machine of one storage instance: {@code OPENING → OPEN ⇄ (→ DEGRADED) → CLOSING →
 * CLOSED}. Guards calls: {@link #checkReadable()} and {@link #checkWritable()} throw a
 * {@link StorageStateException} saying why the call is refused (closed; read-only; degraded, with the
 * background failure as the cause). {@link #degrade} is how background work (WAL writer, flush,
 * compaction) reports a failure: the first cause is kept. Lock-free and thread-safe.
 */
public final class Lifecycle {
    private record Snapshot(LifecycleState state, Throwable cause) {
    }

    private final AtomicReference<Snapshot> state = new AtomicReference<>(new Snapshot(LifecycleState.OPENING, null));
    private final String name;
    private final boolean readOnly;

    /** @param name what to call the storage in messages (its root) */
    public Lifecycle(String name, boolean readOnly) {
        this.name = name;
        this.readOnly = readOnly;
    }

    public LifecycleState state() {
        return state.get().state();
    }

    /** The background failure that degraded the storage, or {@code null}. */
    public Throwable degradedCause() {
        return state.get().cause();
    }

    /** Recovery finished: OPENING → OPEN. */
    public void opened() {
        Snapshot s = state.get();
        if (s.state() != LifecycleState.OPENING || !state.compareAndSet(s, new Snapshot(LifecycleState.OPEN, null))) {
            throw new IllegalStateException("storage " + name + " cannot become open from " + s.state());
        }
    }

    /** Reports a background failure: OPEN → DEGRADED (no-op in any other state or if already degraded). */
    public void degrade(Throwable cause) {
        while (true) {
            Snapshot s = state.get();
            if (s.state() != LifecycleState.OPEN && s.state() != LifecycleState.OPENING) {
                return;
            }
            if (state.compareAndSet(s, new Snapshot(LifecycleState.DEGRADED, cause))) {
                return;
            }
        }
    }

    /** Throws unless reads are allowed (OPEN or DEGRADED). */
    public void checkReadable() {
        Snapshot s = state.get();
        switch (s.state()) {
            case OPEN, DEGRADED -> {
            }
            case OPENING -> throw new StorageStateException("storage " + name + " is still opening");
            case CLOSING, CLOSED -> throw new StorageStateException("storage " + name + " is closed");
        }
    }

    /** Throws unless writes are allowed (OPEN and not read-only). */
    public void checkWritable() {
        Snapshot s = state.get();
        switch (s.state()) {
            case OPEN -> {
                if (readOnly) {
                    throw new StorageStateException("storage " + name + " is open read-only; writes are refused");
                }
            }
            case DEGRADED -> throw new StorageStateException("storage " + name + " is degraded after a background "
                    + "failure (" + s.cause() + "); writes are refused, reads still work; reopen to recover", s.cause());
            case OPENING -> throw new StorageStateException("storage " + name + " is still opening");
            case CLOSING, CLOSED -> throw new StorageStateException("storage " + name + " is closed");
        }
    }

    /**
     * Starts closing: returns {@code true} for the one caller that moved the state to CLOSING (it must
     * call {@link #closed()} when done), {@code false} if the storage is already closing or closed.
     */
    public boolean beginClose() {
        while (true) {
            Snapshot s = state.get();
            if (s.state() == LifecycleState.CLOSING || s.state() == LifecycleState.CLOSED) {
                return false;
            }
            if (state.compareAndSet(s, new Snapshot(LifecycleState.CLOSING, s.cause()))) {
                return true;
            }
        }
    }

    /** Close finished: → CLOSED. */
    public void closed() {
        Snapshot s = state.get();
        state.set(new Snapshot(LifecycleState.CLOSED, s.cause()));
    }

    /** Whether the state was DEGRADED before closing began (the cause is kept). */
    public boolean wasDegraded() {
        return state.get().cause() != null;
    }
}
