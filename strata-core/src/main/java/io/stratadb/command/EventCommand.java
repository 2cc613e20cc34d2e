package io.stratadb.command;

import io.stratadb.Value;

/** Event-log commands: an append-only, hash-chained log per (branch, space) with 0-based sequences. */
public sealed interface EventCommand<R extends Result> extends Command<R> {

    /** Appends an event; {@code payload} must be an Object. Returns the sequence. */
    record Append(String type, Value payload, Scope scope) implements EventCommand<Result.Sequence> {
        public Append {
            Args.name("event_append", "type", type);
            Args.notNull("event_append", "payload", payload);
            if (!(payload instanceof Value.Obj)) {
                throw new io.stratadb.ValidationException("event_append: payload must be an Object, got "
                        + payload.type());
            }
        }
    }

    record Get(long sequence, Scope scope) implements EventCommand<Result.EventOne> {
        public Get {
            Args.nonNegative("event_get", "sequence", sequence);
        }
    }

    /**
     * Events in sequence order, optionally of one {@code type} (null = all), with sequence &gt;
     * {@code after} (null = from the start), at most {@code limit} (null = all).
     */
    record List(String type, Integer limit, Long after, Scope scope) implements EventCommand<Result.Events> {
        public List {
            Args.positiveOrNull("event_list", "limit", limit);
            Args.nonNegativeOrNull("event_list", "after", after);
        }
    }

    /** Like {@link List} but also says where the next page starts. */
    record ListPage(String type, Integer limit, Long after, Scope scope) implements EventCommand<Result.EventPage> {
        public ListPage {
            Args.positiveOrNull("event_list_page", "limit", limit);
            Args.nonNegativeOrNull("event_list_page", "after", after);
        }
    }

    /** Number of events (of {@code type}, or all when null). */
    record Count(String type, Scope scope) implements EventCommand<Result.Count> {
    }

    /** Recomputes the SHA-256 hash chain of the log and reports the first break, if any. */
    record VerifyChain(Scope scope) implements EventCommand<Result.ChainCheck> {
    }
}
