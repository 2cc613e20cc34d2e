package io.stratadb.cli;

import io.stratadb.command.Command;
import io.stratadb.command.Result;
import picocli.CommandLine.ParentCommand;

/** Base of the command families: runs a command through the session and prints its result. */
abstract class Family {
    @ParentCommand
    RootCommand root;

    final void show(Command<?> command) {
        CliContext ctx = root.ctx();
        Result r = ctx.run(command);
        Printer.print(ctx, r);
    }
}
