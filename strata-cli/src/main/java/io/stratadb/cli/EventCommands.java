package io.stratadb.cli;

import io.stratadb.command.EventCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "events", description = "Event log: append, get, list, count, verify.")
final class EventCommands extends Family {
    @Command(name = "append", description = "Append an event of TYPE with a JSON object PAYLOAD; prints its sequence.")
    void append(@Parameters(paramLabel = "TYPE") String type, @Parameters(paramLabel = "PAYLOAD") String payload) {
        show(new EventCommand.Append(type, CliValues.parseJson("event payload", payload), null));
    }

    @Command(name = "get", description = "Print the event with sequence SEQ.")
    void get(@Parameters(paramLabel = "SEQ") long seq, @Mixin CliValues.ReadAt at) {
        show(new EventCommand.Get(seq, at.scope()));
    }

    @Command(name = "list", description = "List events (of --type), after sequence --after, at most --limit.")
    void list(@Option(names = "--type", paramLabel = "TYPE") String type,
              @Option(names = "--limit", paramLabel = "N") Integer limit,
              @Option(names = "--after", paramLabel = "SEQ") Long after, @Mixin CliValues.ReadAt at) {
        if (limit == null) {
            show(new EventCommand.List(type, null, after, at.scope()));
        } else {
            show(new EventCommand.ListPage(type, limit, after, at.scope()));
        }
    }

    @Command(name = "count", description = "Number of events (of --type).")
    void count(@Option(names = "--type", paramLabel = "TYPE") String type, @Mixin CliValues.ReadAt at) {
        show(new EventCommand.Count(type, at.scope()));
    }

    @Command(name = "verify", description = "Verify the SHA-256 hash chain of the log.")
    void verify(@Mixin CliValues.ReadAt at) {
        show(new EventCommand.VerifyChain(at.scope()));
    }
}
