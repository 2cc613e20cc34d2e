package io.stratadb.cli;

import io.stratadb.Value;
import io.stratadb.command.KvCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "kv", description = "Key-value store: put, get, delete, list, history.")
final class KvCommands extends Family {
    @Command(name = "put", description = "Store VALUE under KEY; prints the commit version.")
    void put(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value,
             @Option(names = {"-s", "--string"}, description = "store VALUE as a string even if it is JSON") boolean str) {
        show(new KvCommand.Put(key, CliValues.parse(value, str), null));
    }

    @Command(name = "get", description = "Print the value of KEY.")
    void get(@Parameters(paramLabel = "KEY") String key, @Mixin CliValues.ReadAt at) {
        show(new KvCommand.Get(key, at.scope()));
    }

    @Command(name = "getv", description = "Print the value of KEY with its version and time.")
    void getVersioned(@Parameters(paramLabel = "KEY") String key, @Mixin CliValues.ReadAt at) {
        show(new KvCommand.GetVersioned(key, at.scope()));
    }

    @Command(name = "delete", description = "Delete KEY; prints whether it existed.")
    void delete(@Parameters(paramLabel = "KEY") String key) {
        show(new KvCommand.Delete(key, null));
    }

    @Command(name = "list", description = "List keys (with PREFIX); --limit/--cursor page through them.")
    void list(@Parameters(paramLabel = "PREFIX", arity = "0..1") String prefix,
              @Option(names = "--limit", paramLabel = "N") Integer limit,
              @Option(names = "--cursor", paramLabel = "C") String cursor, @Mixin CliValues.ReadAt at) {
        if (limit == null && cursor == null) {
            show(new KvCommand.List(prefix, at.scope()));
        } else {
            show(new KvCommand.ListPage(prefix, limit, cursor, at.scope()));
        }
    }

    @Command(name = "history", description = "Every version of KEY, newest first.")
    void history(@Parameters(paramLabel = "KEY") String key) {
        show(new KvCommand.History(key, null));
    }

    @Command(name = "mput", description = "Store several KEY=VALUE pairs in one commit.")
    void batchPut(@Parameters(paramLabel = "KEY=VALUE", arity = "1..*") List<String> pairs) {
        Map<String, Value> entries = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new io.stratadb.ValidationException("expected KEY=VALUE, got '" + p + "'");
            }
            entries.put(p.substring(0, eq), CliValues.parse(p.substring(eq + 1), false));
        }
        show(new KvCommand.BatchPut(entries, null));
    }
}
