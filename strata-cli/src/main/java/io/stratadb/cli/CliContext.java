package io.stratadb.cli;

import io.stratadb.Options;
import io.stratadb.Strata;
import io.stratadb.command.Command;
import io.stratadb.command.Result;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What the CLI commands share in one process: the durable database (opened lazily on first use, closed by
 * {@link #close()}, which flushes it), the output streams and the global options. In {@code strata shell} one context
 * lives for the whole session, so the current branch, space and transaction carry over between lines.
 */
final class CliContext implements AutoCloseable {
    static final Path DEFAULT_DB = Path.of(".strata-data");

    private final PrintWriter out;
    private final PrintWriter err;
    private final java.io.InputStream in;
    private final boolean interactive;
    private Path dbPath = DEFAULT_DB;
    private Options.Durability durability = Options.Durability.BUFFERED;
    private boolean readOnly;
    private boolean json;
    private Strata db;
    private picocli.CommandLine commandLine;

    CliContext(PrintWriter out, PrintWriter err) {
        this(out, err, System.in, true);
    }

    /** @param interactive whether the shell may use a terminal (false: read plain lines from {@code in}) */
    CliContext(PrintWriter out, PrintWriter err, java.io.InputStream in, boolean interactive) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
    }

    java.io.InputStream in() {
        return in;
    }

    boolean interactive() {
        return interactive;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    void configure(Path path, Options.Durability d, boolean readOnlyOpen, boolean jsonOutput) {
        if (db != null && path != null && !path.toAbsolutePath().normalize().equals(
                dbPath.toAbsolutePath().normalize())) {
            throw new io.stratadb.StateException("the shell already has " + dbPath + " open; --db cannot change it");
        }
        if (path != null) {
            dbPath = path;
        }
        if (d != null) {
            durability = d;
        }
        if (readOnlyOpen) {
            readOnly = true;
        }
        json = jsonOutput;
    }

    /** The picocli command line for this context, built on first use. */
    picocli.CommandLine commandLine() {
        if (commandLine == null) {
            commandLine = Main.commandLine(this);
        }
        return commandLine;
    }

    boolean json() {
        return json;
    }

    Path dbPath() {
        return dbPath;
    }

    /**
     * The database, opened on first use with the chosen durability (buffered by default), so every
     * invocation on the same directory sees what earlier ones committed. While it is open, the
     * directory's writer lock is held: a second writer process fails with a clear message. With
     * {@code --read-only} no lock is taken (works beside a writer) and writes fail.
     */
    Strata db() {
        if (db == null) {
            db = Strata.open(dbPath, Options.defaults().withDurability(durability).withReadOnly(readOnly));
        }
        return db;
    }

    <R extends Result> R run(Command<R> command) {
        return db().execute(command);
    }

    @Override
    public void close() {
        if (db != null) {
            Strata d = db;
            db = null;
            d.close();
        }
    }
}
