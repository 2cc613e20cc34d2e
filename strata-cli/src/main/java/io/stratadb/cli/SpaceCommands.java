package io.stratadb.cli;

import io.stratadb.command.SpaceCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "space", description = "Spaces of the current branch: create, list, exists, delete, use, current.")
final class SpaceCommands extends Family {
    @Command(name = "create", description = "Create a space.")
    void create(@Parameters(paramLabel = "NAME") String name) {
        show(new SpaceCommand.Create(name, null));
    }

    @Command(name = "list", description = "List spaces.")
    void list() {
        show(new SpaceCommand.List(null));
    }

    @Command(name = "exists", description = "Whether the space exists.")
    void exists(@Parameters(paramLabel = "NAME") String name) {
        show(new SpaceCommand.Exists(name, null));
    }

    @Command(name = "delete", description = "Delete a space (--force if it holds data).")
    void delete(@Parameters(paramLabel = "NAME") String name, @Option(names = "--force") boolean force) {
        show(new SpaceCommand.Delete(name, force, null));
    }

    @Command(name = "use", description = "Switch the session to a space.")
    void use(@Parameters(paramLabel = "NAME") String name) {
        show(new SpaceCommand.Use(name));
    }

    @Command(name = "current", description = "Print the current space.")
    void current() {
        show(new SpaceCommand.Current());
    }
}
