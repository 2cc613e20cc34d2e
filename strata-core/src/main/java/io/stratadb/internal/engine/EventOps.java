package io.stratadb.internal.engine;

import io.stratadb.ChainVerification;
import io.stratadb.Event;
import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.codec.ValueCodec;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event log of one (branch, space): append-only, 0-based gap-free sequences (the counter is
 * read and written in the appending transaction, so concurrent appends conflict and are retried,
 * never skipping or reusing a number), each event SHA-256 hash-chained to its predecessor (see
 * {@link Event}). Payloads must be objects; types are non-empty, at most 256 characters, without
 * NUL. Immutable and thread-safe (when bound to a transaction, only that transaction's thread).
 */
public final class EventOps extends SpaceBoundOps {
    EventOps(Scope scope, String space) {
        super(scope, space);
    }

    /**
     * Appends an event; returns its sequence.
     *
     * @throws ValidationException if the payload is not an object or the type is bad
     */
    public long append(String type, Value payload) {
        Names.checkEventType(type);
        Objects.requireNonNull(payload, "payload");
        if (!(payload instanceof Value.Obj)) {
            throw new ValidationException("event payload must be an object, got " + payload.type().name().toLowerCase()
                    + " for event type '" + type + "'");
        }
        byte[] p = ValueCodec.encode(payload);
        long ts = scope.engine.nowMicros();
        return scope.write(space, t -> appendRaw(t, space, type, p, ts)).value();
    }

    /** Appends an already-encoded payload at the log's head: the shared path of append and merge. */
    static long appendRaw(Transaction t, String space, String type, byte[] payload, long ts) {
        Key ck = EventCodec.counterKey(space);
        EventCodec.Head head = t.get(ck).map(v -> EventCodec.decodeHead(v.value()))
                .orElse(new EventCodec.Head(0, EventCodec.ZERO_HASH));
        long seq = head.next();
        byte[] hash = EventCodec.hash(seq, ts, type, payload, head.lastHash());
        t.put(EventCodec.eventKey(space, seq),
                EventCodec.encode(new EventCodec.Stored(seq, ts, type, hash, head.lastHash(), payload)));
        t.put(EventCodec.typeKey(space, type, seq), new byte[] {1});
        t.put(ck, EventCodec.encodeHead(seq + 1, hash));
        return seq;
    }

    /** The event with sequence {@code seq}, or empty. */
    public Optional<Event> get(long seq) {
        if (seq < 0) {
            return Optional.empty();
        }
        return StorageErrors.call(() -> scope.reader().get(EventCodec.eventKey(space, seq)))
                .map(v -> EventCodec.decode(seq, v.value()).toEvent());
    }

    /** Number of events (= the next sequence). */
    public long count() {
        return count(scope.reader(), space);
    }

    static long count(ReadView view, String space) {
        return StorageErrors.call(() -> view.get(EventCodec.counterKey(space)))
                .map(v -> EventCodec.decodeHead(v.value()).next()).orElse(0L);
    }

    /** Number of events of {@code type} (a scan of the type index). */
    public long count(String type) {
        Names.checkEventType(type);
        long[] n = new long[1];
        scanType(scope.reader(), type, -1, Integer.MAX_VALUE, seq -> n[0]++);
        return n[0];
    }

    /**
     * Events in sequence order.
     *
     * @param type  only this type, or null for all
     * @param limit at most this many (null = all)
     * @param after only sequences greater than this (null = from the start)
     */
    public List<Event> list(String type, Integer limit, Long after) {
        int lim = limit == null ? Integer.MAX_VALUE : Names.checkLimit(limit, 0);
        long from = after == null ? 0 : Math.max(0, after + 1);
        ReadView view = scope.reader();
        List<Event> out = new ArrayList<>();
        if (type == null) {
            scanAll(view, from, lim, s -> out.add(s.toEvent()));
        } else {
            Names.checkEventType(type);
            scanType(view, type, from - 1, lim, seq -> StorageErrors.call(() -> view.get(EventCodec.eventKey(space,
                    seq))).ifPresent(v -> out.add(EventCodec.decode(seq, v.value()).toEvent())));
        }
        return out;
    }

    /** One page of events; the cursor is the last sequence returned, as a decimal string. */
    public Page<Event> listPaginated(String type, Integer limit, String cursor) {
        int lim = Names.checkLimit(limit, 1000);
        Long after = null;
        if (cursor != null) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new ValidationException("bad event cursor '" + cursor + "': expected a sequence number");
            }
        }
        List<Event> items = list(type, lim + 1, after);
        boolean more = items.size() > lim;
        if (more) {
            items = items.subList(0, lim);
        }
        return new Page<>(items, more ? Long.toString(items.get(items.size() - 1).sequence()) : null);
    }

    /** Recomputes every hash and link in sequence order and reports the first bad event. */
    public ChainVerification verifyChain() {
        ReadView view = scope.reader();
        long expected = count(view, space);
        long[] checked = new long[1];
        byte[][] prev = {EventCodec.ZERO_HASH};
        ChainVerification[] bad = new ChainVerification[1];
        scanAll(view, 0, Integer.MAX_VALUE, s -> {
            if (bad[0] != null) {
                return;
            }
            if (s.seq() != checked[0]) {
                bad[0] = ChainVerification.broken(checked[0], checked[0], "sequence " + checked[0]
                        + " is missing (next stored is " + s.seq() + ")");
            } else if (!Arrays.equals(s.prevHash(), prev[0])) {
                bad[0] = ChainVerification.broken(checked[0], s.seq(), "prev_hash does not match the hash of event "
                        + (s.seq() - 1));
            } else if (!Arrays.equals(s.hash(), EventCodec.hash(s.seq(), s.ts(), s.type(), s.payloadBytes(),
                    s.prevHash()))) {
                bad[0] = ChainVerification.broken(checked[0], s.seq(), "hash does not match the event's content");
            } else {
                prev[0] = s.hash();
                checked[0]++;
            }
        });
        if (bad[0] != null) {
            return bad[0];
        }
        if (checked[0] != expected) {
            return ChainVerification.broken(checked[0], checked[0], "log head says " + expected
                    + " events but " + checked[0] + " are stored");
        }
        return ChainVerification.ok(checked[0]);
    }

    // ---- scans ------------------------------------------------------------------------------

    void scanAll(ReadView view, long from, int limit, java.util.function.Consumer<EventCodec.Stored> sink) {
        scanAll(view, space, from, limit, sink);
    }

    static void scanAll(ReadView view, String space, long from, int limit,
                        java.util.function.Consumer<EventCodec.Stored> sink) {
        KeyRange r = KeyRange.interval(space, Keyspaces.EVENT, EventCodec.seqKey(from),
                new byte[] {EventCodec.EVENT + 1});
        int n = 0;
        try (CloseableIterator<KeyValue> it = view.scan(r)) {
            while (n < limit && it.hasNext()) {
                KeyValue kv = it.next();
                byte[] k = kv.key().userKeyNoCopy();
                if (!EventCodec.isEventKey(k)) {
                    continue;
                }
                long seq = EventCodec.seqOfEventKey(k);
                sink.accept(EventCodec.decode(seq, kv.value()));
                n++;
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    /** Visits sequences of {@code type} greater than {@code after}. */
    private void scanType(ReadView view, String type, long after, int limit, java.util.function.LongConsumer sink) {
        byte[] p = EventCodec.typePrefix(type);
        byte[] from = ByteBuffer.allocate(p.length + 8).put(p).putLong(Math.max(0, after + 1)).array();
        byte[] to = p.clone();
        to[to.length - 1] = 1;
        int n = 0;
        try (CloseableIterator<KeyValue> it = view.scan(KeyRange.interval(space, Keyspaces.EVENT, from, to))) {
            while (n < limit && it.hasNext()) {
                sink.accept(EventCodec.seqOfTypeKey(it.next().key().userKeyNoCopy()));
                n++;
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }
}
