package io.stratadb.storage.internal.record;

/**
 * Framing of one record in a log or object body: {@code length (4) · crc32c (4) · payload}, where
 * the crc covers the 4 length bytes and the payload (so a damaged length is detected too).
 * {@link RecordScanner} reads framed records back. Stateless, thread-safe.
 */
public final class RecordFraming {
    /** Bytes before the payload. */
    public static final int OVERHEAD = 8;
    /** Largest payload accepted (64 MiB): a larger length field is treated as damage. */
    public static final int MAX_PAYLOAD = 64 << 20;

    private RecordFraming() {
    }

    /**
     * Completes a frame built in place: {@code frame} holds {@code payloadLength} payload bytes at
     * {@link #OVERHEAD}; writes the length and the checksum in front of them.
     */
    public static void seal(byte[] frame, int payloadLength) {
        if (payloadLength > MAX_PAYLOAD || frame.length != OVERHEAD + payloadLength) {
            throw new IllegalArgumentException("record payload of " + payloadLength + " bytes in a "
                    + frame.length + "-byte frame (limit " + MAX_PAYLOAD + ")");
        }
        Bytes.putInt(frame, 0, payloadLength);
        Bytes.putInt(frame, 4, crcOf(frame, 0, payloadLength));
    }

    /** The framed bytes of {@code payload}. */
    public static byte[] frame(byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        byte[] out = new byte[OVERHEAD + payload.length];
        Bytes.putInt(out, 0, payload.length);
        System.arraycopy(payload, 0, out, OVERHEAD, payload.length);
        Bytes.putInt(out, 4, crcOf(out, 0, payload.length));
        return out;
    }

    /** The checksum of a frame starting at {@code at} with a payload of {@code length} bytes. */
    static int crcOf(byte[] buf, int at, int length) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(buf, at, 4);
        c.update(buf, at + OVERHEAD, length);
        return (int) c.getValue();
    }
}
