package io.stratadb;

import io.stratadb.command.EventCommand;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;

import java.util.List;
import java.util.Optional;

/**
 * The event log of the current branch and space ({@code db.events()}): append-only, 0-based gap-free
 * sequences, each event SHA-256 hash-chained to the previous one. Payloads must be objects (a
 * {@link Value.Obj}, a {@code Map}, a Jackson object node): anything else throws
 * {@link ValidationException}. Thread-safety, errors and transactions as for {@link Kv}.
 */
public final class EventLog {
    private final Runner runner;
    private final Scope scope;

    EventLog(Runner runner, Scope scope) {
        this.runner = runner;
        this.scope = scope;
    }

    /** Appends an event; returns its sequence. */
    public long append(String type, Object payload) {
        return runner.run(new EventCommand.Append(type, Value.of(payload), scope)).sequence();
    }

    public Optional<Event> get(long sequence) {
        return get(sequence, null);
    }

    public Optional<Event> get(long sequence, AsOf at) {
        return Optional.ofNullable(runner.run(new EventCommand.Get(sequence, Runner.at(scope, at))).event());
    }

    /** Every event of {@code type} (null = every type), in sequence order. */
    public List<Event> list(String type) {
        return list(type, null, null, null);
    }

    /** Events of {@code type} (null = all) with sequence &gt; {@code after} (null = from 0), at most {@code limit}. */
    public List<Event> list(String type, Integer limit, Long after) {
        return list(type, limit, after, null);
    }

    public List<Event> list(String type, Integer limit, Long after, AsOf at) {
        return runner.run(new EventCommand.List(type, limit, after, Runner.at(scope, at))).events();
    }

    /**
     * One page of events; pass {@link EventPage#nextAfter()} as {@code after} for the next page
     * (it is null on the last page). {@code limit} null = 1000.
     */
    public EventPage listPaginated(String type, Integer limit, Long after) {
        return listPaginated(type, limit, after, null);
    }

    public EventPage listPaginated(String type, Integer limit, Long after, AsOf at) {
        Result.EventPage r = runner.run(new EventCommand.ListPage(type, limit, after, Runner.at(scope, at)));
        return new EventPage(r.events(), r.nextAfter());
    }

    /** Number of events in the log. */
    public long count() {
        return count(null);
    }

    /** Number of events of {@code type} (null = all). */
    public long count(String type) {
        return runner.run(new EventCommand.Count(type, scope)).count();
    }

    /** Recomputes the hash chain and reports the first broken link, if any. */
    public ChainVerification verifyChain() {
        return runner.run(new EventCommand.VerifyChain(scope)).verification();
    }

    /**
     * A page of events.
     *
     * @param events    the events, in sequence order
     * @param nextAfter the {@code after} argument for the next page, or null if this is the last page
     */
    public record EventPage(List<Event> events, Long nextAfter) {
        public EventPage {
            events = List.copyOf(events);
        }

        public boolean hasMore() {
            return nextAfter != null;
        }
    }
}
