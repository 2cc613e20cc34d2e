package io.stratadb.cli;

import io.stratadb.StrataException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The {@code strata} command line: {@code strata demo}, {@code strata shell}, and one command per API
 * call ({@code strata kv put KEY VALUE}, {@code strata branch fork NAME}, ...) over an embedded database
 * directory ({@code ./.strata-data} or {@code --db PATH}). Exit code 0 on success, 1 for a database
 * error (message on stderr), 2 for a usage error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code;
        try (CliContext ctx = new CliContext(out, err)) {
            code = run(ctx, args);
        }
        System.exit(code);
    }

    /**
     * Runs one command line against {@code ctx} (tests and the shell call this in-process). The
     * picocli model is built once per context (picocli resets option values before each parse).
     */
    static int run(CliContext ctx, String... args) {
        return ctx.commandLine().execute(args);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new RootCommand(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof StrataException se) {
                ctx.err().println("error: " + se.getClass().getSimpleName().replace("Exception", "") + ": "
                        + se.getMessage());
            } else {
                ctx.err().println("error: " + e);
            }
            ctx.err().flush();
            return 1;
        });
        return cl;
    }
}
