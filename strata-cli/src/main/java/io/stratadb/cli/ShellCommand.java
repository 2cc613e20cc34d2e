package io.stratadb.cli;

import io.stratadb.command.BranchCommand;
import io.stratadb.command.SpaceCommand;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code strata shell}: a REPL over one open database and one session, so that {@code branch use},
 * {@code space use} and transactions ({@code begin}/{@code commit}/{@code rollback}) carry over between
 * lines. Every line is a CLI command without the leading {@code strata}. Uses JLine (history, line
 * editing) on a terminal; reads plain lines when the input is not a terminal.
 */
@Command(name = "shell", description = "Interactive shell over the database (exit with 'exit' or Ctrl-D).")
final class ShellCommand implements Runnable {
    @ParentCommand
    RootCommand root;

    @Override
    public void run() {
        CliContext ctx = root.ctx();
        ctx.db();
        ctx.out().println("Strata shell on " + ctx.dbPath() + " - commands as on the command line (kv put k v, "
                + "branch fork b, ...), plus begin [--read-only], commit, rollback, help, exit.");
        ctx.out().flush();
        if (System.console() != null && ctx.interactive()) {
            interactive(ctx);
        } else {
            plain(ctx);
        }
    }

    private void interactive(CliContext ctx) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("strata")
                    .parser(new DefaultParser()).build();
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt(ctx));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!handle(ctx, reader.getParsedLine().words())) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    private void plain(CliContext ctx) {
        DefaultParser parser = new DefaultParser();
        BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                List<String> words = parser.parse(line, line.length()).words();
                if (!handle(ctx, words)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shell input: " + e.getMessage(), e);
        }
    }

    /** Runs one line; false to leave the shell. */
    static boolean handle(CliContext ctx, List<String> rawWords) {
        List<String> words = rawWords.stream().filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return true;
        }
        String first = words.get(0);
        if (first.startsWith("#")) {
            return true;
        }
        switch (first) {
            case "exit", "quit" -> {
                return false;
            }
            case "help" -> {
                Main.commandLine(ctx).usage(ctx.out());
                return true;
            }
            case "begin", "commit", "rollback" -> {
                Main.run(ctx, words.toArray(String[]::new)); // handled by TxnCommands below
                return true;
            }
            case "shell", "demo" -> {
                ctx.err().println("error: '" + first + "' is not available inside the shell");
                ctx.err().flush();
                return true;
            }
            default -> {
                Main.run(ctx, words.toArray(String[]::new));
                return true;
            }
        }
    }

    private static String prompt(CliContext ctx) {
        try {
            String b = ctx.run(new BranchCommand.Current()).name();
            String s = ctx.run(new SpaceCommand.Current()).name();
            boolean tx = ctx.db().inTransaction();
            return "strata " + b + (s.equals("default") ? "" : "/" + s) + (tx ? " (txn)" : "") + "> ";
        } catch (RuntimeException e) {
            return "strata> ";
        }
    }
}
