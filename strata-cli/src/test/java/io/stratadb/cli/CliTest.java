package io.stratadb.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI in-process (picocli): commands against a temporary database directory, output checked.
 * One {@link CliContext} per test keeps one database open across commands, as the shell does.
 */
class CliTest {
    @TempDir
    Path tmp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private CliContext ctx;

    private CliContext ctx() {
        if (ctx == null) {
            ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true));
        }
        return ctx;
    }

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** Runs one command line with --db tmp/db; returns stdout of that command. */
    private String run(int expectedExit, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] full = new String[args.length + 2];
        full[0] = "--db";
        full[1] = tmp.resolve("db").toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(ctx(), full);
        assertEquals(expectedExit, code, "exit code of " + String.join(" ", args) + "; stderr: " + err);
        return out.toString();
    }

    private String ok(String... args) {
        return run(0, args);
    }

    @Test
    void kvCommands() {
        assertTrue(ok("kv", "put", "user:123", "Alice").startsWith("version "));
        ok("kv", "put", "n", "42");
        ok("kv", "put", "-s", "s42", "42");
        ok("kv", "put", "obj", "{\"a\":[1,2]}");
        assertEquals("\"Alice\"\n", ok("kv", "get", "user:123"));
        assertEquals("42\n", ok("kv", "get", "n"));
        assertEquals("\"42\"\n", ok("kv", "get", "s42"));
        assertEquals("{\"a\":[1,2]}\n", ok("kv", "get", "obj"));
        assertEquals("(not found)\n", ok("kv", "get", "missing"));
        assertEquals("n\nobj\ns42\nuser:123\n", ok("kv", "list"));
        assertEquals("user:123\n", ok("kv", "list", "user:"));
        assertTrue(ok("kv", "list", "--limit", "2").contains("(more: --cursor obj)"));
        assertEquals("true\n", ok("kv", "delete", "n"));
        assertTrue(ok("kv", "history", "n").contains("(deleted)"));
        assertEquals("{\"result\":\"maybe\",\"found\":true,\"value\":\"Alice\"}\n", ok("--json", "kv", "get", "user:123"));
        ok("kv", "mput", "a=1", "b=\"two\"");
        assertEquals("\"two\"\n", ok("kv", "get", "b"));
    }

    @Test
    void timeTravelOptions() {
        String v = ok("kv", "put", "k", "old").trim().substring("version ".length());
        ok("kv", "put", "k", "new");
        assertEquals("\"old\"\n", ok("kv", "get", "k", "--at-version", v));
        assertEquals("\"new\"\n", ok("kv", "get", "k"));
        assertTrue(ok("kv", "get", "k", "--at-time", "1970-01-01T00:00:00Z").contains("(not found)"));
        run(1, "kv", "get", "k", "--at-time", "yesterday");
        assertTrue(err.toString().contains("--at-time 'yesterday'"), err.toString());
    }

    @Test
    void stateCasFlow() {
        assertEquals("version 1\n", ok("state", "init", "counter", "0"));
        assertEquals("version 2\n", ok("state", "cas", "counter", "1", "--expected", "1"));
        assertEquals("no (version mismatch)\n", ok("state", "cas", "counter", "5", "--expected", "1"));
        assertEquals("1\n", ok("state", "get", "counter"));
        assertEquals("version 1\n", ok("state", "cas", "lock", "\"held\""));
        assertEquals("counter\nlock\n", ok("state", "list"));
    }

    @Test
    void eventCommands() {
        assertEquals("sequence 0\n", ok("events", "append", "tool_call", "{\"tool\":\"search\"}"));
        ok("events", "append", "note", "{\"text\":\"hi\"}");
        assertTrue(ok("events", "get", "0").startsWith("#0 tool_call {\"tool\":\"search\"}"));
        assertEquals(1, ok("events", "list", "--type", "note").lines().count());
        assertEquals("2\n", ok("events", "count"));
        assertTrue(ok("events", "verify").startsWith("chain ok (2 events)"));
        run(1, "events", "append", "bad", "[1,2]");
        assertTrue(err.toString().contains("payload must be an Object"), err.toString());
        run(1, "events", "append", "bad", "not json");
        assertTrue(err.toString().contains("event payload must be JSON"), err.toString());
    }

    @Test
    void jsonCommands() {
        assertEquals("version 1\n", ok("json", "set", "config", "$", "{\"debug\":true,\"timeout\":30}"));
        assertEquals("version 2\n", ok("json", "set", "config", "$.timeout", "60"));
        assertEquals("60\n", ok("json", "get", "config", "$.timeout"));
        assertEquals("{\"debug\":true,\"timeout\":60}\n", ok("json", "get", "config"));
        assertEquals("true\n", ok("json", "delete", "config", "$.debug"));
        assertEquals("config\n", ok("json", "list"));
        run(1, "json", "get", "config", "$..x");
        assertTrue(err.toString().startsWith("error: Validation"), err.toString());
    }

    @Test
    void branchAndSpaceCommands() {
        ok("kv", "put", "k", "v");
        assertTrue(ok("branch", "fork", "exp").contains("forked from default"));
        assertEquals("exp\n", ok("branch", "use", "exp"));
        ok("kv", "put", "k", "changed");
        assertEquals("exp\n", ok("branch", "current"));
        ok("branch", "use", "default");
        assertEquals("\"v\"\n", ok("kv", "get", "k"));
        assertEquals("\"changed\"\n", ok("--branch", "exp", "kv", "get", "k"));
        assertEquals(2, ok("branch", "list").lines().count());
        assertEquals("true\n", ok("branch", "exists", "exp"));
        ok("space", "use", "notes");
        ok("kv", "put", "m", "1");
        assertEquals("default\nnotes\n", ok("space", "list"));
        run(1, "space", "use", "Bad Name");
        assertTrue(err.toString().contains("Bad Name"), err.toString());
        run(1, "branch", "use", "nope");
        assertTrue(err.toString().startsWith("error: NotFound"), err.toString());
    }

    @Test
    void diffAndMerge() {
        ok("kv", "put", "k", "base");
        ok("branch", "fork", "exp");
        ok("--branch", "exp", "kv", "put", "k", "source");
        ok("--branch", "exp", "kv", "put", "new", "1");
        ok("branch", "use", "default");
        String diff = ok("branch", "diff", "default", "exp");
        assertTrue(diff.contains("+1 -0 ~1"), diff);
        assertTrue(diff.contains("~ default/kv k: \"base\" -> \"source\""), diff);
        String preview = ok("branch", "merge", "exp", "--dry-run");
        assertTrue(preview.startsWith("merge preview exp -> default (strict)"), preview);
        String merged = ok("branch", "merge", "exp", "--strategy", "last_writer_wins");
        assertTrue(merged.contains("applied"), merged);
        assertEquals("\"source\"\n", ok("kv", "get", "k"));
    }

    @Test
    void execRunsCommandJson() {
        String r = ok("exec", "{\"op\":\"kv_put\",\"key\":\"b\",\"value\":{\"$bytes\":\"AQID\"}}",
                "{\"op\":\"kv_get\",\"key\":\"b\"}");
        assertTrue(r.lines().toList().get(1).equals("{\"result\":\"maybe\",\"found\":true,\"value\":{\"$bytes\":\"AQID\"}}"),
                r);
        run(1, "exec", "{\"op\":\"nope\"}");
        assertTrue(err.toString().contains("unknown command \"nope\""), err.toString());
    }

    @Test
    void infoPingAndUsageErrors() {
        assertTrue(ok("ping").startsWith("pong"));
        ok("kv", "put", "a", "1");
        ok("flush");
        String info = ok("info");
        assertTrue(info.contains("durability:     buffered"), info);
        assertTrue(info.contains("recovery:       healthy"), info);
        assertTrue(info.contains("keys:"), info);
        assertTrue(info.contains("tables on disk:"), info);
        assertTrue(info.contains("L0 "), "a flush wrote a level-0 table: " + info);
        assertTrue(info.contains("branch / space: default / default"), info);
        assertFalse(info.contains("NOT PERSISTENT"), info);
        String json = ok("--json", "info");
        assertTrue(json.contains("\"bytesPerLevel\""), json);
        assertTrue(json.contains("\"recovery\":{\"healthy\":true"), json);
        run(2, "kv", "put", "only-key");
        assertTrue(err.toString().contains("Missing required parameter"), err.toString());
        run(2, "frobnicate");
    }

    /** Each invocation gets its own context (its own Strata instance), like separate processes. */
    private String invocation(int expectedExit, String... args) {
        CliContext previous = ctx;
        if (previous != null) {
            previous.close();
        }
        ctx = null;
        try {
            return run(expectedExit, args);
        } finally {
            ctx.close();
            ctx = null;
        }
    }

    @Test
    void separateInvocationsSeeEachOthersData() {
        invocation(0, "kv", "put", "a", "1");
        assertEquals("1\n", invocation(0, "kv", "get", "a"));
        invocation(0, "branch", "fork", "exp");
        invocation(0, "--branch", "exp", "events", "append", "step", "{\"n\":1}");
        assertEquals("1\n", invocation(0, "--branch", "exp", "events", "count"));
        assertTrue(invocation(0, "branch", "list").contains("exp"));
        assertTrue(invocation(0, "--durability", "strict", "kv", "put", "b", "2").startsWith("version"));
        assertEquals("2\n", invocation(0, "kv", "get", "b"));
        assertTrue(err.toString().isEmpty(), "no warnings: " + err);
    }

    @Test
    void inMemoryDurabilityKeepsNothingBetweenInvocations() {
        invocation(0, "--durability", "in_memory", "kv", "put", "a", "1");
        assertEquals("(not found)\n", invocation(0, "kv", "get", "a"));
        run(2, "--durability", "sometimes", "kv", "get", "a");
    }

    @Test
    void aSecondWriterIsRejectedWithTheLockInTheMessage() {
        ok("kv", "put", "a", "1"); // this context holds the database open for writing
        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        try (CliContext other = new CliContext(new PrintWriter(out2, true), new PrintWriter(err2, true))) {
            int code = Main.run(other, "--db", tmp.resolve("db").toString(), "kv", "get", "a");
            assertEquals(1, code, err2.toString());
            assertTrue(err2.toString().contains("error: State:"), err2.toString());
            assertTrue(err2.toString().contains("writer.lock"), err2.toString());
        }
        StringWriter out3 = new StringWriter();
        StringWriter err3 = new StringWriter();
        try (CliContext reader = new CliContext(new PrintWriter(out3, true), new PrintWriter(err3, true))) {
            String db = tmp.resolve("db").toString();
            ok("flush");
            assertEquals(0, Main.run(reader, "--db", db, "--read-only", "kv", "get", "a"), err3.toString());
            assertEquals("1\n", out3.toString());
            assertEquals(1, Main.run(reader, "--db", db, "--read-only", "kv", "put", "b", "2"));
            assertTrue(err3.toString().contains("error: AccessDenied:"), err3.toString());
        }
    }

    @Test
    void shellKeepsTheSessionAcrossLines() {
        String script = String.join("\n", "# a comment", "branch create b", "branch use b", "kv put a 1",
                "begin", "kv put a 2", "rollback", "kv get a", "space use s1", "space current", "exit",
                "kv put never 1") + "\n";
        ctx = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), false);
        String o = ok("shell");
        assertTrue(o.contains("Strata shell"), o);
        assertTrue(o.contains("\nb\n"), o);
        assertTrue(o.contains("\n1\n"), "rollback undid the write: " + o);
        assertTrue(o.contains("\ns1\n"), o);
        assertEquals("(not found)\n", ok("--branch", "b", "kv", "get", "never"));
    }

    @Test
    void vectorCommands() {
        assertTrue(ok("vector", "create", "docs", "4", "--metric", "euclidean").startsWith("version "));
        assertTrue(ok("vector", "list").startsWith("docs  dim 4, euclidean, 0 vectors"));
        ok("vector", "upsert", "docs", "a", "1,0,0,0", "--meta", "{\"cat\":\"science\",\"year\":2020}");
        ok("vector", "upsert", "docs", "b", "[0, 1, 0, 0]", "--meta", "{\"cat\":\"art\"}");
        ok("vector", "upsert", "docs", "c", "0.9, 0.1, 0, 0");
        assertTrue(ok("vector", "stats", "docs").contains("3 vectors"));
        assertTrue(ok("vector", "get", "docs", "a").startsWith("a [1.0, 0.0, 0.0, 0.0]  {\"cat\":\"science\",\"year\":2020}"));
        assertEquals("(not found)\n", ok("vector", "get", "docs", "zz"));
        String hits = ok("vector", "search", "docs", "1,0,0,0", "-k", "2");
        assertTrue(hits.startsWith("a "), hits);
        assertEquals(2, hits.lines().count(), hits);
        String filtered = ok("vector", "search", "docs", "1,0,0,0", "--filter", "cat:eq:art");
        assertTrue(filtered.startsWith("b "), filtered);
        assertEquals(1, filtered.lines().count(), filtered);
        assertTrue(ok("--json", "vector", "search", "docs", "[1,0,0,0]", "-k", "1")
                .startsWith("{\"result\":\"vector_matches\",\"matches\":[{\"key\":\"a\",\"score\":1.0"));
        assertEquals("true\n", ok("vector", "delete", "docs", "c"));
        assertEquals("false\n", ok("vector", "delete", "docs", "c"));
        run(1, "vector", "upsert", "docs", "x", "1,2");
        assertTrue(err.toString().contains("dimension"), err.toString());
        run(1, "vector", "upsert", "docs", "x", "1,abc,0,0");
        assertTrue(err.toString().contains("component 1 'abc' is not a number"), err.toString());
        run(1, "vector", "search", "docs", "1,0,0,0", "--filter", "nonsense");
        assertTrue(err.toString().contains("FIELD:OP:VALUE"), err.toString());
        run(1, "vector", "stats", "nope");
        assertTrue(ok("vector", "drop", "docs").startsWith("true"));
        assertEquals("(no collections)\n", ok("vector", "list"));
    }

    @Test
    void demoRunsTheWholeScenario() {
        Path demo = tmp.resolve("demo");
        String o = ok("demo", "--dir", demo.toString());
        for (String step : new String[] {"1. KV", "2. State cell", "3. Event log", "4. JSON", "5. Fork", "6. Diff",
                "7. Merge", "8. Time travel", "9. Vectors", "absent, the fork isolates it", "+ default/vector notes/storm", "chain ok", "no (version mismatch)", "merge experiment -> default"}) {
            assertTrue(o.contains(step), "demo output lacks '" + step + "':\n" + o);
        }
        assertTrue(Files.exists(demo.resolve(DemoCommand.MARKER)));
        assertFalse(o.contains("WARNING"), o);
        try (io.stratadb.Strata db = io.stratadb.Strata.open(demo,
                io.stratadb.Options.defaults().withReadOnly(true))) {
            assertTrue(db.kv().get("user:name").isPresent(), "the demo's data is on disk");
        }
        ok("demo", "--dir", demo.toString()); // recreated on every run
    }

    @Test
    void demoRefusesAForeignDirectory() throws Exception {
        Path foreign = tmp.resolve("mine");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("precious.txt"), "keep me");
        run(1, "demo", "--dir", foreign.toString());
        assertTrue(err.toString().contains("refusing to recreate"), err.toString());
        assertTrue(Files.exists(foreign.resolve("precious.txt")));
        assertFalse(Files.exists(foreign.resolve(DemoCommand.MARKER)));
    }
}
