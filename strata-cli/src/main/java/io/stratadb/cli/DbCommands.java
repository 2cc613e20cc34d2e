package io.stratadb.cli;

import io.stratadb.command.CommandJson;
import io.stratadb.command.DbCommand;
import io.stratadb.command.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Database-wide commands. */
final class DbCommands {
    private DbCommands() {
    }

    @Command(name = "info", description = "Database path, durability, counts, health.")
    static final class Info extends Family implements Runnable {
        @Override
        public void run() {
            show(new DbCommand.Info());
        }
    }

    @Command(name = "ping", description = "Health check.")
    static final class Ping extends Family implements Runnable {
        @Override
        public void run() {
            show(new DbCommand.Ping());
        }
    }

    @Command(name = "flush", description = "Make every acknowledged commit durable now.")
    static final class Flush extends Family implements Runnable {
        @Override
        public void run() {
            show(new DbCommand.Flush());
        }
    }

    @Command(name = "compact", description = "Run a compaction now.")
    static final class Compact extends Family implements Runnable {
        @Override
        public void run() {
            show(new DbCommand.Compact());
        }
    }

    @Command(name = "exec", description = "Run commands given as JSON (e.g. '{\"op\":\"kv_get\",\"key\":\"a\"}'); "
            + "prints each result as JSON.")
    static final class Exec extends Family implements Runnable {
        @Parameters(paramLabel = "COMMAND_JSON", arity = "1..*")
        java.util.List<String> commands;

        @Override
        public void run() {
            CliContext ctx = root.ctx();
            for (String c : commands) {
                Result r = ctx.run(CommandJson.commandFromJson(c));
                ctx.out().println(CommandJson.toJson(r));
            }
            ctx.out().flush();
        }
    }
}
