package io.stratadb.cli;

import io.stratadb.AsOf;
import io.stratadb.BranchDiff;
import io.stratadb.ChainVerification;
import io.stratadb.DatabaseInfo;
import io.stratadb.DistanceMetric;
import io.stratadb.Event;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.Options;
import io.stratadb.StateException;
import io.stratadb.Strata;
import io.stratadb.TxOptions;
import io.stratadb.Value;
import io.stratadb.Versioned;
import io.stratadb.VectorFilter;
import io.stratadb.Vectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code strata demo}: a short scenario on a fresh database directory ({@code ./.strata-demo},
 * recreated each run) that shows KV, a CAS state cell, the event log and its hash chain, JSON
 * documents, a fork, a diff, a merge, a time-travel read and a vector search (with a filter, and a fork
 * isolating a vector write), printing each step.
 */
@Command(name = "demo", description = "Run a short scenario on ./.strata-demo (recreated each run).")
final class DemoCommand implements Runnable {
    /** Marks a directory created by the demo, so that only such a directory is ever deleted. */
    static final String MARKER = "STRATA_DEMO_DIRECTORY";

    @ParentCommand
    RootCommand root;

    @Option(names = "--dir", paramLabel = "PATH", description = "demo directory (default: ./.strata-demo)")
    Path dir = Path.of(".strata-demo");

    private PrintWriter out;

    @Override
    public void run() {
        CliContext ctx = root.rawContext();
        out = ctx.out();
        Path d = recreate(dir);
        Options.Durability mode = root.durability == null ? Options.Durability.BUFFERED : root.durability;
        try (Strata db = Strata.open(d, Options.defaults().withDurability(mode))) {
            scenario(db, d);
        }
        out.flush();
    }

    private void scenario(Strata db, Path d) {
        DatabaseInfo info = db.info();
        say("Strata " + db.ping() + " demo on " + d + " (" + info.durability() + ")");

        step("1. KV: working memory");
        long v1 = db.kv().put("user:name", "Alice");
        db.kv().put("agent:status", "thinking");
        say("kv put user:name \"Alice\"        -> commit version " + v1);
        say("kv get user:name                -> " + show(db.kv().get("user:name").orElseThrow()));
        say("kv list                         -> " + db.kv().list());

        step("2. State cell: compare-and-swap on a version");
        db.state().init("counter", 0);
        Versioned c = db.state().getVersioned("counter").orElseThrow();
        say("state init counter 0            -> value " + show(c.value()) + ", version " + c.version());
        OptionalLong ok = db.state().cas("counter", 1, c.version());
        say("state cas counter 1 (expect v" + c.version() + ") -> " + casText(ok));
        OptionalLong stale = db.state().cas("counter", 99, c.version());
        say("state cas counter 99 (expect v" + c.version() + ", stale) -> " + casText(stale));

        step("3. Event log: append-only, hash-chained");
        db.events().append("tool_call", Value.object("tool", "search", "query", "weather"));
        db.events().append("tool_call", Value.object("tool", "calculator", "expr", "2+2"));
        for (Event e : db.events().list("tool_call")) {
            say("event #" + e.sequence() + " " + e.type() + " " + show(e.payload()) + " hash " + e.hash().substring(0, 12)
                    + "...");
        }
        ChainVerification chain = db.events().verifyChain();
        say("events verify                   -> " + (chain.valid() ? "chain ok, " + chain.eventsChecked() + " events"
                : "BROKEN: " + chain.reason()));

        step("4. JSON documents: path-level updates");
        db.json().set("config", "$", Value.object("model", "small", "timeout", 30));
        db.json().set("config", "$.timeout", 60);
        say("json set config $ {...}; json set config $.timeout 60");
        say("json get config                 -> " + show(db.json().get("config").orElseThrow()));

        step("5. Fork: try a change on a branch");
        long beforeFork = db.info().latestVersion();
        db.branches().fork("experiment");
        db.branches().use("experiment");
        db.kv().put("user:name", "Bob");
        db.kv().delete("agent:status");
        db.json().set("config", "$.model", "large");
        db.events().append("tool_call", Value.object("tool", "browser", "url", "https://example.org"));
        say("branch fork experiment; on experiment: user:name=\"Bob\", delete agent:status, config.model=\"large\", "
                + "one more event");
        db.branches().use("default");
        say("back on default: user:name      -> " + show(db.kv().get("user:name").orElseThrow()) + " (untouched)");

        step("6. Diff default -> experiment");
        BranchDiff diff = db.branches().diff("default", "experiment");
        Printer.diff(out, diff);

        step("7. Merge experiment into default (last_writer_wins)");
        MergeResult preview = db.branches().preview("experiment", MergeStrategy.LAST_WRITER_WINS);
        say("preview: " + preview.keysApplied() + " to write, " + preview.keysDeleted() + " to delete, "
                + preview.eventsAppended() + " events, " + preview.conflicts().size() + " conflicts");
        MergeResult merged = db.branches().merge("experiment", MergeStrategy.LAST_WRITER_WINS);
        Printer.merge(out, merged);
        say("kv get user:name                -> " + show(db.kv().get("user:name").orElseThrow()));
        say("kv get agent:status             -> " + db.kv().get("agent:status").map(DemoCommand::show)
                .orElse("(not found: the delete propagated)"));
        say("events count                    -> " + db.events().count());

        step("8. Time travel and transactions");
        say("as of version " + beforeFork + ": user:name = "
                + show(db.at(AsOf.version(beforeFork)).kv().get("user:name").orElseThrow()));
        try {
            db.transaction(TxOptions.DEFAULT, tx -> {
                tx.kv().put("user:name", "Mallory");
                throw new IllegalStateException("agent step failed");
            });
        } catch (IllegalStateException e) {
            say("transaction threw \"" + e.getMessage() + "\" -> rolled back; user:name = "
                    + show(db.kv().get("user:name").orElseThrow()));
        }
        vectors(db);
        say("");
        db.flush();
        DatabaseInfo end = db.info();
        say("info: " + end.keys() + " keys, " + end.versions() + " versions, " + end.branches() + " branches, "
                + end.tableBytes() + " bytes in tables, WAL " + end.walBytes() + " bytes, recovery " + end.health());
        if (end.persistent()) {
            say("Done. The data is on disk; explore it: ./strata --db " + d + " kv list   (or ./strata --db " + d
                    + " shell)");
        } else {
            say("Done. (--durability in_memory: nothing was written to " + d + ".)");
        }
    }

    private void vectors(Strata db) {
        step("9. Vectors: similarity search with metadata filters, isolated by forks");
        Vectors v = db.vectors();
        v.create("notes", 4, DistanceMetric.COSINE);
        v.upsert("notes", "weather", new float[] {0.9f, 0.1f, 0f, 0f}, Map.of("topic", "weather", "day", 1));
        v.upsert("notes", "rain", new float[] {0.8f, 0.3f, 0.1f, 0f}, Map.of("topic", "weather", "day", 2));
        v.upsert("notes", "math", new float[] {0f, 0.1f, 0.9f, 0.2f}, Map.of("topic", "math", "day", 2));
        v.upsert("notes", "code", new float[] {0f, 0f, 0.3f, 0.9f}, Map.of("topic", "code", "day", 3));
        say("vector create notes 4 (cosine); upsert weather, rain, math, code with {topic, day} metadata");
        float[] q = {1f, 0.2f, 0f, 0f};
        say("vector search notes [1,0.2,0,0] -k 2:");
        v.search("notes", q, 2).forEach(m -> say("  " + Printer.match(m)));
        say("vector search notes [1,0.2,0,0] -k 2 --filter day:gte:2:");
        v.search("notes", q, 2, List.of(VectorFilter.gte("day", 2))).forEach(m -> say("  " + Printer.match(m)));
        db.branches().fork("vec-exp");
        db.branches().use("vec-exp");
        v.upsert("notes", "storm", new float[] {1f, 0.2f, 0f, 0f}, Map.of("topic", "weather", "day", 4));
        say("on fork vec-exp: upsert storm  -> top hit " + v.search("notes", q, 1).get(0).key());
        db.branches().use("default");
        say("back on default: top hit        -> " + v.search("notes", q, 1).get(0).key() + " (storm: "
                + (v.get("notes", "storm").isPresent() ? "present" : "absent, the fork isolates it") + ")");
        Printer.diff(out, db.branches().diff("default", "vec-exp"));
    }

    private static String casText(OptionalLong v) {
        return v.isPresent() ? "ok, new version " + v.getAsLong() : "no (version mismatch), nothing written";
    }

    private static String show(Value v) {
        return Printer.value(v);
    }

    private void step(String title) {
        out.println();
        out.println("== " + title);
    }

    private void say(String line) {
        out.println(line);
    }

    /** Deletes {@code d} if the demo created it (marker present), then creates it afresh with the marker. */
    static Path recreate(Path d) {
        Path abs = d.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                boolean empty;
                try (Stream<Path> s = Files.list(abs)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(abs.resolve(MARKER))) {
                    throw new StateException("refusing to recreate " + abs + ": it is not empty and was not "
                            + "made by 'strata demo' (no " + MARKER + " file)");
                }
                try (Stream<Path> walk = Files.walk(abs)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(abs);
            Files.writeString(abs.resolve(MARKER), "created by 'strata demo'; deleted and recreated on each run\n");
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recreate the demo directory " + abs + ": " + e.getMessage(), e);
        }
    }
}
