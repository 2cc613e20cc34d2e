package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.record.Bytes;
import io.stratadb.storage.internal.record.CorruptionException;
import java.util.Arrays;

/**
 * One WAL record: the commit version it carries and its opaque body (a commit encoded by
 * {@link CommitCodec}). On disk the record payload is {@code version (8) · body}.
 *
 * @param version commit version, >= 1, strictly increasing along the log
 * @param body    encoded commit
 */
public record WalEntry(long version, byte[] body) {
    public WalEntry {
        if (version < 1) {
            throw new IllegalArgumentException("WAL entry version must be >= 1, got " + version);
        }
        if (body == null) {
            throw new IllegalArgumentException("WAL entry body must not be null");
        }
    }

    byte[] toPayload() {
        byte[] p = new byte[8 + body.length];
        Bytes.putLong(p, 0, version);
        System.arraycopy(body, 0, p, 8, body.length);
        return p;
    }

    static WalEntry fromPayload(String object, long offset, byte[] payload) throws CorruptionException {
        if (payload.length < 8) {
            throw new CorruptionException(object, offset, "WAL record of " + payload.length + " bytes has no version");
        }
        long v = Bytes.getLong(payload, 0);
        if (v < 1) {
            throw new CorruptionException(object, offset, "WAL record with impossible version " + v);
        }
        return new WalEntry(v, Arrays.copyOfRange(payload, 8, payload.length));
    }
}
