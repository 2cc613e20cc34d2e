package io.stratadb.cli;

import io.stratadb.command.StateCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "state", description = "State cells: set, get, init, cas, delete, list, history.")
final class StateCommands extends Family {
    @Command(name = "set", description = "Set CELL to VALUE; prints the cell's new version.")
    void set(@Parameters(paramLabel = "CELL") String cell, @Parameters(paramLabel = "VALUE") String value) {
        show(new StateCommand.Set(cell, CliValues.parse(value, false), null));
    }

    @Command(name = "get", description = "Print the value of CELL.")
    void get(@Parameters(paramLabel = "CELL") String cell, @Mixin CliValues.ReadAt at) {
        show(new StateCommand.Get(cell, at.scope()));
    }

    @Command(name = "getv", description = "Print CELL with its version (what cas compares).")
    void getVersioned(@Parameters(paramLabel = "CELL") String cell, @Mixin CliValues.ReadAt at) {
        show(new StateCommand.GetVersioned(cell, at.scope()));
    }

    @Command(name = "init", description = "Create CELL with VALUE if absent (idempotent).")
    void init(@Parameters(paramLabel = "CELL") String cell, @Parameters(paramLabel = "VALUE") String value) {
        show(new StateCommand.Init(cell, CliValues.parse(value, false), null));
    }

    @Command(name = "cas", description = "Set CELL to VALUE only if its version is --expected (absent: only if the "
            + "cell does not exist).")
    void cas(@Parameters(paramLabel = "CELL") String cell, @Parameters(paramLabel = "VALUE") String value,
             @Option(names = "--expected", paramLabel = "VERSION") Long expected) {
        show(new StateCommand.Cas(cell, CliValues.parse(value, false), expected, null));
    }

    @Command(name = "delete", description = "Delete CELL.")
    void delete(@Parameters(paramLabel = "CELL") String cell) {
        show(new StateCommand.Delete(cell, null));
    }

    @Command(name = "list", description = "List cells (with PREFIX).")
    void list(@Parameters(paramLabel = "PREFIX", arity = "0..1") String prefix, @Mixin CliValues.ReadAt at) {
        show(new StateCommand.List(prefix, at.scope()));
    }

    @Command(name = "history", description = "Every version of CELL, newest first.")
    void history(@Parameters(paramLabel = "CELL") String cell) {
        show(new StateCommand.History(cell, null));
    }
}
