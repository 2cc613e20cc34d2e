package io.stratadb;

import io.stratadb.command.Command;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;

/** Runs commands for the namespace classes: every facade call becomes a command (package-private). */
interface Runner {
    <R extends Result> R run(Command<R> command);

    /** {@code base} read as of {@code at} (null = unchanged). */
    static Scope at(Scope base, AsOf at) {
        if (at == null) {
            return base;
        }
        return new Scope(base.branch(), base.space(), at.version(), at.micros());
    }
}
