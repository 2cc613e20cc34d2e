package io.stratadb.cli;

import io.stratadb.command.BranchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "branch", description = "Branches: create, fork, list, get, exists, delete, use, current, diff, merge.")
final class BranchCommands extends Family {
    @Command(name = "create", description = "Create an empty branch.")
    void create(@Parameters(paramLabel = "NAME") String name) {
        show(new BranchCommand.Create(name));
    }

    @Command(name = "fork", description = "Fork the current branch (or --from SOURCE) into TARGET, copy-on-write.")
    void fork(@Parameters(paramLabel = "TARGET") String target,
              @Option(names = "--from", paramLabel = "SOURCE") String source) {
        show(new BranchCommand.Fork(source, target));
    }

    @Command(name = "list", description = "List branches.")
    void list() {
        show(new BranchCommand.List());
    }

    @Command(name = "get", description = "Branch metadata: parent, fork version, times.")
    void get(@Parameters(paramLabel = "NAME") String name) {
        show(new BranchCommand.Get(name));
    }

    @Command(name = "exists", description = "Whether the branch exists.")
    void exists(@Parameters(paramLabel = "NAME") String name) {
        show(new BranchCommand.Exists(name));
    }

    @Command(name = "delete", description = "Delete a branch.")
    void delete(@Parameters(paramLabel = "NAME") String name) {
        show(new BranchCommand.Delete(name));
    }

    @Command(name = "use", description = "Switch the session to a branch (in the shell it sticks).")
    void use(@Parameters(paramLabel = "NAME") String name) {
        show(new BranchCommand.Use(name));
    }

    @Command(name = "current", description = "Print the current branch.")
    void current() {
        show(new BranchCommand.Current());
    }

    @Command(name = "diff", description = "What changed from branch A to branch B.")
    void diff(@Parameters(paramLabel = "A") String a, @Parameters(paramLabel = "B") String b) {
        show(new BranchCommand.Diff(a, b));
    }

    @Command(name = "merge", description = "Three-way merge SOURCE into the current branch (or --into TARGET).")
    void merge(@Parameters(paramLabel = "SOURCE") String source,
               @Option(names = "--into", paramLabel = "TARGET") String target,
               @Option(names = "--strategy", paramLabel = "S", defaultValue = "strict",
                       description = "strict (default), last_writer_wins (= source_wins), target_wins") String strategy,
               @Option(names = "--dry-run", description = "preview: apply nothing") boolean dryRun) {
        show(new BranchCommand.Merge(source, target, strategy, dryRun));
    }
}
