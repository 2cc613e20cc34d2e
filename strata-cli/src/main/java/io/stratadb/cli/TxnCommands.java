package io.stratadb.cli;

import io.stratadb.command.TxnCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Transaction commands; useful in {@code strata shell}, where the transaction spans lines. */
final class TxnCommands {
    private TxnCommands() {
    }

    @Command(name = "begin", description = "Begin a transaction (shell: later lines run inside it).")
    static final class Begin extends Family implements Runnable {
        @Option(names = "--read-only")
        boolean readOnly;

        @Override
        public void run() {
            show(new TxnCommand.Begin(readOnly));
        }
    }

    @Command(name = "commit", description = "Commit the transaction; prints the commit version.")
    static final class Commit extends Family implements Runnable {
        @Override
        public void run() {
            show(new TxnCommand.Commit());
        }
    }

    @Command(name = "rollback", description = "Discard the transaction's writes.")
    static final class Rollback extends Family implements Runnable {
        @Override
        public void run() {
            show(new TxnCommand.Rollback());
        }
    }
}
