package io.stratadb.cli;

import io.stratadb.command.JsonCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "json", description = "JSON documents: set, get, delete, list, history (paths: $, .key, [n]).")
final class JsonCommands extends Family {
    @Command(name = "set", description = "Set VALUE at PATH of document KEY; prints the document version.")
    void set(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "PATH") String path,
             @Parameters(paramLabel = "VALUE") String value,
             @Option(names = {"-s", "--string"}, description = "store VALUE as a string even if it is JSON") boolean str) {
        show(new JsonCommand.Set(key, path, CliValues.parse(value, str), null));
    }

    @Command(name = "get", description = "Print the value at PATH (default $) of document KEY.")
    void get(@Parameters(paramLabel = "KEY") String key,
             @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "$") String path,
             @Mixin CliValues.ReadAt at) {
        show(new JsonCommand.Get(key, path, at.scope()));
    }

    @Command(name = "getv", description = "Print document KEY with its version.")
    void getVersioned(@Parameters(paramLabel = "KEY") String key, @Mixin CliValues.ReadAt at) {
        show(new JsonCommand.GetVersioned(key, at.scope()));
    }

    @Command(name = "delete", description = "Delete the value at PATH ($ = the whole document).")
    void delete(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "PATH") String path) {
        show(new JsonCommand.Delete(key, path, null));
    }

    @Command(name = "list", description = "List document keys (with PREFIX), --limit/--cursor to page.")
    void list(@Parameters(paramLabel = "PREFIX", arity = "0..1") String prefix,
              @Option(names = "--limit", paramLabel = "N") Integer limit,
              @Option(names = "--cursor", paramLabel = "C") String cursor, @Mixin CliValues.ReadAt at) {
        show(new JsonCommand.List(prefix, limit, cursor, at.scope()));
    }

    @Command(name = "history", description = "Every version of document KEY, newest first.")
    void history(@Parameters(paramLabel = "KEY") String key) {
        show(new JsonCommand.History(key, null));
    }
}
