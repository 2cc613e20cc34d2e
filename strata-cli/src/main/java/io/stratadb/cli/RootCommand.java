package io.stratadb.cli;

import io.stratadb.Options;
import io.stratadb.command.BranchCommand;
import io.stratadb.command.SpaceCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;

/** {@code strata}: global options and the command families. */
@Command(name = "strata", mixinStandardHelpOptions = true, scope = picocli.CommandLine.ScopeType.INHERIT, version = "strata 0.1.0-SNAPSHOT",
        description = "Strata: an embedded, branch-aware database for AI agents.%n"
                + "Values are JSON (42, true, {\"a\":1}, \"text\"); anything that is not JSON is a string.",
        subcommands = {KvCommands.class, StateCommands.class, EventCommands.class, JsonCommands.class,
                BranchCommands.class, SpaceCommands.class, VectorCommands.class, DbCommands.Info.class, DbCommands.Ping.class,
                DbCommands.Flush.class, DbCommands.Compact.class, DbCommands.Exec.class, TxnCommands.Begin.class,
                TxnCommands.Commit.class, TxnCommands.Rollback.class, DemoCommand.class,
                ShellCommand.class})
final class RootCommand implements Runnable {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "PATH", description = "database directory (default: ./.strata-data)")
    Path db;

    @Option(names = "--durability", paramLabel = "MODE",
            description = "buffered (default), strict or in_memory", converter = DurabilityConverter.class)
    Options.Durability durability;

    @Option(names = "--read-only", description = "open an existing database without the writer lock (works beside "
            + "a running writer); writes fail")
    boolean readOnly;

    @Option(names = "--branch", paramLabel = "NAME", description = "switch to this branch first")
    String branch;

    @Option(names = "--space", paramLabel = "NAME", description = "switch to this space first")
    String space;

    @Option(names = "--json", description = "print results as JSON")
    boolean json;

    RootCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The context with this line's global options applied; positions the session if asked to. */
    CliContext ctx() {
        ctx.configure(db, durability, readOnly, json);
        if (branch != null) {
            ctx.run(new BranchCommand.Use(branch));
            branch = null;
        }
        if (space != null) {
            ctx.run(new SpaceCommand.Use(space));
            space = null;
        }
        return ctx;
    }

    /** The bare context (no database opened), for commands that manage their own (demo). */
    CliContext rawContext() {
        ctx.configure(db, durability, readOnly, json);
        return ctx;
    }

    @Override
    public void run() {
        spec.commandLine().usage(ctx.out());
    }

    static final class DurabilityConverter implements picocli.CommandLine.ITypeConverter<Options.Durability> {
        @Override
        public Options.Durability convert(String value) {
            return Options.Durability.parse(value);
        }
    }
}
