package io.stratadb.internal.engine;

import io.stratadb.Event;
import io.stratadb.IoException;
import io.stratadb.Value;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.codec.ValueCodec;
import io.stratadb.storage.Key;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Durable layout of an event log in keyspace {@link Keyspaces#EVENT} of a space:
 * <ul>
 *   <li>{@code 'c'} → next sequence (8 bytes) · hash of the last event (32 bytes)</li>
 *   <li>{@code 'e' · seq (8 bytes BE)} → timestamp (8) · type length (4) · type · hash (32) · prev hash (32) · payload</li>
 *   <li>{@code 't' · type · 0x00 · seq (8 bytes BE)} → one byte (the per-type index)</li>
 * </ul>
 */
final class EventCodec {
    static final byte[] ZERO_HASH = new byte[32];
    static final byte COUNTER = 'c', EVENT = 'e', TYPE_INDEX = 't';

    private EventCodec() {
    }

    record Stored(long seq, long ts, String type, byte[] hash, byte[] prevHash, byte[] payloadBytes) {
        Event toEvent() {
            return new Event(seq, type, ValueCodec.decode(payloadBytes), ts, hex(hash), hex(prevHash));
        }
    }

    record Head(long next, byte[] lastHash) {
    }

    static Key counterKey(String space) {
        return Key.of(space, Keyspaces.EVENT, new byte[] {COUNTER});
    }

    static Key eventKey(String space, long seq) {
        return Key.of(space, Keyspaces.EVENT, seqKey(seq));
    }

    static byte[] seqKey(long seq) {
        return ByteBuffer.allocate(9).put(EVENT).putLong(seq).array();
    }

    static byte[] typePrefix(String type) {
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[t.length + 2];
        out[0] = TYPE_INDEX;
        System.arraycopy(t, 0, out, 1, t.length);
        return out; // last byte 0x00
    }

    static Key typeKey(String space, String type, long seq) {
        byte[] p = typePrefix(type);
        return Key.of(space, Keyspaces.EVENT, ByteBuffer.allocate(p.length + 8).put(p).putLong(seq).array());
    }

    static long seqOfTypeKey(byte[] userKey) {
        return ByteBuffer.wrap(userKey, userKey.length - 8, 8).getLong();
    }

    static long seqOfEventKey(byte[] userKey) {
        return ByteBuffer.wrap(userKey, 1, 8).getLong();
    }

    static boolean isEventKey(byte[] userKey) {
        return userKey.length == 9 && userKey[0] == EVENT;
    }

    static byte[] encodeHead(long next, byte[] lastHash) {
        return ByteBuffer.allocate(40).putLong(next).put(lastHash).array();
    }

    static Head decodeHead(byte[] b) {
        if (b.length != 40) {
            throw new IoException("event log counter is " + b.length + " bytes, expected 40");
        }
        ByteBuffer bb = ByteBuffer.wrap(b);
        long next = bb.getLong();
        byte[] h = new byte[32];
        bb.get(h);
        return new Head(next, h);
    }

    /** One SHA-256 digest per thread: {@code MessageDigest.getInstance} is a provider lookup per call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    });

    static byte[] hash(long seq, long ts, String type, byte[] payload, byte[] prevHash) {
        MessageDigest md = SHA256.get();
        md.reset();
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(20).putLong(seq).putLong(ts).putInt(t.length).array());
        md.update(t);
        md.update(ByteBuffer.allocate(4).putInt(payload.length).array());
        md.update(payload);
        md.update(prevHash);
        return md.digest();
    }

    static byte[] encode(Stored s) {
        byte[] t = s.type().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + t.length + 64 + s.payloadBytes().length).putLong(s.ts()).putInt(t.length)
                .put(t).put(s.hash()).put(s.prevHash()).put(s.payloadBytes()).array();
    }

    static Stored decode(long seq, byte[] b) {
        try {
            ByteBuffer bb = ByteBuffer.wrap(b);
            long ts = bb.getLong();
            int tl = bb.getInt();
            if (tl < 0 || tl > b.length) {
                throw new IoException("event " + seq + ": bad type length " + tl);
            }
            byte[] t = new byte[tl];
            bb.get(t);
            byte[] h = new byte[32];
            byte[] p = new byte[32];
            bb.get(h);
            bb.get(p);
            byte[] payload = Arrays.copyOfRange(b, bb.position(), b.length);
            return new Stored(seq, ts, new String(t, StandardCharsets.UTF_8), h, p, payload);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IoException("event " + seq + " is truncated (" + b.length + " bytes)", e);
        }
    }

    /** Whether two stored events carry the same hash (compared in place, without decoding them). */
    static boolean sameHash(long seq, byte[] a, byte[] b) {
        int ha = hashOffset(seq, a);
        int hb = hashOffset(seq, b);
        return Arrays.equals(a, ha, ha + 32, b, hb, hb + 32);
    }

    private static int hashOffset(long seq, byte[] b) {
        int tl = b.length < 12 ? -1 : ByteBuffer.wrap(b, 8, 4).getInt();
        if (tl < 0 || 12L + tl + 64 > b.length) {
            throw new IoException("event " + seq + " is truncated or has a bad type length (" + b.length + " bytes)");
        }
        return 12 + tl;
    }

    /** Diff/merge representation of an event: {type, payload, timestamp}. */
    static Value asValue(Stored s) {
        return Value.object("type", s.type(), "payload", ValueCodec.decode(s.payloadBytes()), "timestamp", s.ts());
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
