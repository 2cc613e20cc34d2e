package io.stratadb.command;

import io.stratadb.Value;

/** State-cell commands: versioned cells with compare-and-swap. Versions are per cell, starting at 1. */
public sealed interface StateCommand<R extends Result> extends Command<R> {

    /** Sets the cell unconditionally; returns the cell's new version. */
    record Set(String cell, Value value, Scope scope) implements StateCommand<Result.Version> {
        public Set {
            Args.name("state_set", "cell", cell);
            value = Args.value("state_set", "value", value);
        }
    }

    record Get(String cell, Scope scope) implements StateCommand<Result.Maybe> {
        public Get {
            Args.name("state_get", "cell", cell);
        }
    }

    record GetVersioned(String cell, Scope scope) implements StateCommand<Result.VersionedOne> {
        public GetVersioned {
            Args.name("state_get_versioned", "cell", cell);
        }
    }

    /** Creates the cell if absent (idempotent); returns the cell's current version either way. */
    record Init(String cell, Value value, Scope scope) implements StateCommand<Result.Version> {
        public Init {
            Args.name("state_init", "cell", cell);
            value = Args.value("state_init", "value", value);
        }
    }

    /**
     * Compare-and-swap: writes when the cell's version equals {@code expectedVersion} (null = the cell
     * must be absent). The result holds the new version, or no version on a mismatch.
     */
    record Cas(String cell, Value value, Long expectedVersion, Scope scope) implements StateCommand<Result.MaybeVersion> {
        public Cas {
            Args.name("state_cas", "cell", cell);
            value = Args.value("state_cas", "value", value);
            Args.nonNegativeOrNull("state_cas", "expectedVersion", expectedVersion);
        }
    }

    record Delete(String cell, Scope scope) implements StateCommand<Result.Flag> {
        public Delete {
            Args.name("state_delete", "cell", cell);
        }
    }

    record List(String prefix, Scope scope) implements StateCommand<Result.Keys> {
    }

    record History(String cell, Scope scope) implements StateCommand<Result.History> {
        public History {
            Args.name("state_history", "cell", cell);
        }
    }
}
