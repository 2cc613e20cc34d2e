package io.stratadb.cli;

import io.stratadb.BranchDiff;
import io.stratadb.BranchInfo;
import io.stratadb.Event;
import io.stratadb.MergeResult;
import io.stratadb.Value;
import io.stratadb.Versioned;
import io.stratadb.command.CommandJson;
import io.stratadb.command.Result;

import java.io.PrintWriter;
import java.time.Instant;

/** Prints results: a short human form, or with {@code --json} the result's JSON (one line). */
final class Printer {
    private Printer() {
    }

    static void print(CliContext ctx, Result r) {
        PrintWriter out = ctx.out();
        if (ctx.json()) {
            out.println(CommandJson.toJson(r));
            out.flush();
            return;
        }
        switch (r) {
            case Result.Unit u -> out.println("ok");
            case Result.Version v -> out.println("version " + v.version());
            case Result.MaybeVersion v -> out.println(v.matched() ? "version " + v.version() : "no (version mismatch)");
            case Result.Sequence s -> out.println("sequence " + s.sequence());
            case Result.Flag f -> out.println(f.value());
            case Result.Flags f -> f.values().forEach(out::println);
            case Result.Versions v -> v.versions().forEach(x -> out.println("version " + x));
            case Result.Maybe m -> out.println(m.found() ? value(m.value()) : "(not found)");
            case Result.Maybes m -> m.values().forEach(x -> out.println(x.found() ? value(x.value()) : "(not found)"));
            case Result.VersionedOne v -> out.println(v.versioned() == null ? "(not found)" : versioned(v.versioned()));
            case Result.History h -> {
                if (h.versions().isEmpty()) {
                    out.println("(no history)");
                }
                h.versions().forEach(x -> out.println(versioned(x)));
            }
            case Result.Keys k -> k.keys().forEach(out::println);
            case Result.KeyPage p -> {
                p.keys().forEach(out::println);
                if (p.nextCursor() != null) {
                    out.println("(more: --cursor " + p.nextCursor() + ")");
                }
            }
            case Result.EventOne e -> out.println(e.event() == null ? "(not found)" : event(e.event()));
            case Result.Events e -> e.events().forEach(x -> out.println(event(x)));
            case Result.EventPage p -> {
                p.events().forEach(x -> out.println(event(x)));
                if (p.nextAfter() != null) {
                    out.println("(more: --after " + p.nextAfter() + ")");
                }
            }
            case Result.Count c -> out.println(c.count());
            case Result.ChainCheck c -> out.println(c.verification().valid()
                    ? "chain ok (" + c.verification().eventsChecked() + " events)"
                    : "chain BROKEN at sequence " + c.verification().firstBrokenSequence() + ": "
                    + c.verification().reason());
            case Result.Branch b -> out.println(b.branch() == null ? "(not found)" : branch(b.branch()));
            case Result.Branches b -> b.branches().forEach(x -> out.println(branch(x)));
            case Result.Diff d -> diff(out, d.diff());
            case Result.Merge m -> merge(out, m.merge());
            case Result.Name n -> out.println(n.name());
            case Result.Names n -> n.names().forEach(out::println);
            case Result.Pong p -> out.println("pong (strata " + p.version() + ")");
            case Result.Info i -> out.print(info(i.info()));
            case Result.TxnState t -> out.println(CommandJson.pretty(t.info()));
            case Result.CollectionList l -> {
                if (l.collections().isEmpty()) {
                    out.println("(no collections)");
                }
                l.collections().forEach(c -> out.println(collection(c)));
            }
            case Result.CollectionStats c -> out.println(collection(c.info()));
            case Result.VectorOne v -> out.println(v.entry() == null ? "(not found)" : vector(v.entry()));
            case Result.VectorMatches m -> {
                if (m.matches().isEmpty()) {
                    out.println("(no matches)");
                }
                m.matches().forEach(x -> out.println(match(x)));
            }
        }
        out.flush();
    }

    static String value(Value v) {
        return v == null ? "(absent)" : CommandJson.valueToJson(v);
    }

    static String versioned(Versioned v) {
        return "v" + v.version() + " @" + v.commitVersion() + " " + time(v.timestampMicros()) + "  "
                + (v.deleted() ? "(deleted)" : value(v.value()));
    }

    static String event(Event e) {
        return "#" + e.sequence() + " " + e.type() + " " + value(e.payload()) + "  " + time(e.timestampMicros())
                + " hash " + e.hash().substring(0, 12);
    }

    /** The human form of {@code strata info}: one figure per line. */
    static String info(io.stratadb.DatabaseInfo i) {
        StringBuilder b = new StringBuilder();
        java.util.function.BiConsumer<String, Object> line = (k, v) -> b.append(String.format("%-15s %s%n", k + ":", v));
        line.accept("strata", i.version());
        line.accept("path", i.path() == null ? "(in memory)" : i.path());
        line.accept("durability", i.durability() + (i.persistent() ? "" : " (nothing is written to disk)"));
        line.accept("read-only", i.readOnly());
        line.accept("state", i.state());
        line.accept("recovery", i.health());
        line.accept("latest version", i.latestVersion());
        line.accept("branches", i.branches());
        line.accept("spaces", i.spaces() + " (on " + i.currentBranch() + ")");
        line.accept("keys", i.keys());
        line.accept("versions", i.versions());
        line.accept("memtable", bytes(i.memtableBytes()));
        StringBuilder levels = new StringBuilder(bytes(i.tableBytes()));
        if (!i.bytesPerLevel().isEmpty()) {
            levels.append(" (");
            for (int l = 0; l < i.bytesPerLevel().size(); l++) {
                levels.append(l == 0 ? "" : ", ").append("L").append(l).append(' ').append(bytes(i.bytesPerLevel().get(l)));
            }
            levels.append(')');
        }
        line.accept("tables on disk", levels);
        line.accept("blob files", bytes(i.blobBytes()));
        line.accept("wal", bytes(i.walBytes()));
        line.accept("cache hit rate", String.format(java.util.Locale.ROOT, "%.1f%%", i.cacheHitRate() * 100));
        line.accept("branch / space", i.currentBranch() + " / " + i.currentSpace());
        return b.toString();
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    static String branch(BranchInfo b) {
        return b.name() + (b.parent() == null ? "" : "  (forked from " + b.parent() + " at version " + b.forkVersion()
                + ")") + "  created " + time(b.createdMicros());
    }

    static void diff(PrintWriter out, BranchDiff d) {
        out.println("diff " + d.branchA() + " -> " + d.branchB() + ": +" + d.summary().totalAdded() + " -"
                + d.summary().totalRemoved() + " ~" + d.summary().totalModified());
        for (BranchDiff.SpaceDiff s : d.entries()) {
            for (BranchDiff.Change c : s.added()) {
                out.println("  + " + s.space() + "/" + s.primitive() + " " + c.key() + " = " + value(c.valueB()));
            }
            for (BranchDiff.Change c : s.removed()) {
                out.println("  - " + s.space() + "/" + s.primitive() + " " + c.key() + " (was " + value(c.valueA()) + ")");
            }
            for (BranchDiff.Change c : s.modified()) {
                out.println("  ~ " + s.space() + "/" + s.primitive() + " " + c.key() + ": " + value(c.valueA()) + " -> "
                        + value(c.valueB()));
            }
        }
    }

    static void merge(PrintWriter out, MergeResult m) {
        out.println((m.preview() ? "merge preview " : "merge ") + m.source() + " -> " + m.target() + " ("
                + m.strategy().wireName() + "): " + (m.applied() ? "applied" : "not applied") + ", "
                + m.keysApplied() + " written, " + m.keysDeleted() + " deleted, " + m.eventsAppended()
                + " events appended, " + m.conflicts().size() + " conflicts");
        for (MergeResult.Conflict c : m.conflicts()) {
            out.println("  ! " + c.space() + "/" + c.primitive() + " " + c.key() + ": base " + value(c.baseValue())
                    + ", source " + value(c.sourceValue()) + ", target " + value(c.targetValue()) + " -> "
                    + c.resolution());
        }
    }

    static String collection(io.stratadb.CollectionInfo c) {
        return c.name() + "  dim " + c.dimension() + ", " + c.metric().wireName() + ", " + c.count() + " vectors, "
                + c.indexType() + " index" + (c.memoryBytes() > 0 ? " (" + c.memoryBytes() / 1024 + " KiB)" : "");
    }

    static String vector(io.stratadb.VectorEntry e) {
        return e.key() + " " + java.util.Arrays.toString(e.vector()) + "  " + value(e.metadata()) + "  @" + e.version()
                + " " + time(e.timestampMicros());
    }

    static String match(io.stratadb.VectorMatch m) {
        return String.format(java.util.Locale.ROOT, "%-16s %.4f  %s", m.key(), m.score(), value(m.metadata()));
    }

    static String time(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }
}
