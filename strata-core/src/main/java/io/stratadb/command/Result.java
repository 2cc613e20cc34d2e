package io.stratadb.command;

import io.stratadb.BranchDiff;
import io.stratadb.BranchInfo;
import io.stratadb.ChainVerification;
import io.stratadb.DatabaseInfo;
import io.stratadb.Event;
import io.stratadb.MergeResult;
import io.stratadb.TxnInfo;
import io.stratadb.Value;
import io.stratadb.Versioned;


/**
 * The result of a {@link Command}: immutable records that round-trip through JSON with
 * {@link CommandJson} (JSON name: the record name in snake case, e.g. {@code maybe}, {@code key_page}).
 * Missing items are results, not errors: {@link Maybe#found()} is false, {@link VersionedOne#versioned()}
 * or {@link Branch#branch()} is null.
 */
public sealed interface Result {

    /** Nothing to return. */
    record Unit() implements Result {
        public static final Unit INSTANCE = new Unit();
    }

    /** A commit version, or a per-entity version (state cells, JSON documents). */
    record Version(long version) implements Result {
    }

    /** A version, or none: a compare-and-swap that did not match. */
    record MaybeVersion(Long version) implements Result {
        public boolean matched() {
            return version != null;
        }
    }

    /** An event sequence number. */
    record Sequence(long sequence) implements Result {
    }

    record Flag(boolean value) implements Result {
    }

    record Flags(java.util.List<Boolean> values) implements Result {
        public Flags {
            values = java.util.List.copyOf(values);
        }
    }

    record Versions(java.util.List<Long> versions) implements Result {
        public Versions {
            versions = java.util.List.copyOf(versions);
        }
    }

    /** A value or none; {@code value} is the Null value (not Java null) when a stored null was found. */
    record Maybe(boolean found, Value value) implements Result {
        public static final Maybe NONE = new Maybe(false, null);

        public Maybe {
            if (found && value == null) {
                value = Value.Null.INSTANCE;
            }
            if (!found) {
                value = null;
            }
        }

        public static Maybe of(java.util.Optional<Value> v) {
            return v.map(x -> new Maybe(true, x)).orElse(NONE);
        }

        public java.util.Optional<Value> toOptional() {
            return found ? java.util.Optional.of(value) : java.util.Optional.empty();
        }
    }

    record Maybes(java.util.List<Maybe> values) implements Result {
        public Maybes {
            values = java.util.List.copyOf(values);
        }
    }

    /** A versioned value, or null when missing. */
    record VersionedOne(Versioned versioned) implements Result {
    }

    /** Versions of one entity, newest first; empty for a missing entity. */
    record History(java.util.List<Versioned> versions) implements Result {
        public History {
            versions = java.util.List.copyOf(versions);
        }
    }

    record Keys(java.util.List<String> keys) implements Result {
        public Keys {
            keys = java.util.List.copyOf(keys);
        }
    }

    /** One page of keys; {@code nextCursor} is null on the last page. */
    record KeyPage(java.util.List<String> keys, String nextCursor) implements Result {
        public KeyPage {
            keys = java.util.List.copyOf(keys);
        }
    }

    /** An event, or null when there is none with that sequence. */
    record EventOne(Event event) implements Result {
    }

    record Events(java.util.List<Event> events) implements Result {
        public Events {
            events = java.util.List.copyOf(events);
        }
    }

    /** One page of events; pass {@code nextAfter} as {@code after} for the next page (null = last page). */
    record EventPage(java.util.List<Event> events, Long nextAfter) implements Result {
        public EventPage {
            events = java.util.List.copyOf(events);
        }
    }

    record Count(long count) implements Result {
    }

    record ChainCheck(ChainVerification verification) implements Result {
    }

    /** A branch's metadata, or null when it does not exist. */
    record Branch(BranchInfo branch) implements Result {
    }

    record Branches(java.util.List<BranchInfo> branches) implements Result {
        public Branches {
            branches = java.util.List.copyOf(branches);
        }
    }

    record Diff(BranchDiff diff) implements Result {
    }

    record Merge(MergeResult merge) implements Result {
    }

    record Name(String name) implements Result {
    }

    record Names(java.util.List<String> names) implements Result {
        public Names {
            names = java.util.List.copyOf(names);
        }
    }

    /** The answer to a ping: the Strata version. */
    record Pong(String version) implements Result {
    }

    record Info(DatabaseInfo info) implements Result {
    }

    record TxnState(TxnInfo info) implements Result {
    }

    /** The JSON name of this result, e.g. {@code key_page}. */
    default String resultName() {
        return CommandNames.nameOf(getClass());
    }
}
