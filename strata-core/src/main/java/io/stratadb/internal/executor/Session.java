package io.stratadb.internal.executor;

import io.stratadb.internal.engine.EngineTxn;
import io.stratadb.internal.engine.Names;

/**
 * One client's position in a database: current branch, current space and at most one active
 * transaction. The {@link Executor} runs one command at a time per session (it locks the session);
 * the accessors here are for the executor and the facade. Thread-safe.
 */
public final class Session {
    /** Where a session is: its current branch and space. */
    public record Position(String branch, String space) {
    }

    private String branch = Names.DEFAULT_BRANCH;
    private String space = Names.DEFAULT_SPACE;
    private EngineTxn txn;

    Session() {
    }

    public synchronized Position position() {
        return new Position(branch, space);
    }

    /** Takes over {@code other}'s branch and space (not its transaction). */
    public void copyPositionFrom(Session other) {
        Position p = other.position();
        synchronized (this) {
            branch = p.branch();
            space = p.space();
        }
    }

    /** Rolls back the active transaction, if any (used when a handle closes or a body fails). */
    public synchronized void abandon() {
        EngineTxn t = txn;
        txn = null;
        if (t != null && t.isActive()) {
            t.rollback();
        }
    }

    // ---- executor side (called with the session locked) ------------------------------------------

    synchronized String branch() {
        return branch;
    }

    synchronized String space() {
        return space;
    }

    synchronized void moveTo(String newBranch, String newSpace) {
        branch = newBranch;
        space = newSpace;
    }

    synchronized void useSpace(String newSpace) {
        space = newSpace;
    }

    synchronized EngineTxn txn() {
        return txn;
    }

    synchronized void setTxn(EngineTxn t) {
        txn = t;
    }
}
