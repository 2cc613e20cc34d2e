package io.stratadb.storage.internal.record;

import java.util.zip.CRC32C;

/**
 * The checksummed footer that ends every immutable object (manifest records, tables):
 * {@code footer magic (4) · body length (8) · crc32c (4)}, {@value #LENGTH} bytes, where the body is
 * everything before the footer (header included) and the crc covers the body plus the first 12
 * footer bytes. Readers call {@link #verify} (whole object in memory) or {@link #parse} (just the
 * last {@value #LENGTH} bytes, e.g. to locate a table's index before checking blocks one by one).
 * Stateless, thread-safe.
 *
 * @param bodyLength number of bytes before the footer
 * @param crc        the stored checksum
 */
public record FormatFooter(long bodyLength, int crc) {
    /** Encoded length in bytes. */
    public static final int LENGTH = 16;
    /** "ATRS" in ASCII: the header magic reversed. */
    public static final int MAGIC = 0x41545253;

    /**
     * Encodes the footer for a body of {@code bodyLength} bytes whose crc32c so far is in {@code bodyCrc}
     * (which is updated with the footer's own first 12 bytes).
     */
    public static byte[] encode(long bodyLength, CRC32C bodyCrc) {
        byte[] b = new byte[LENGTH];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putLong(b, 4, bodyLength);
        bodyCrc.update(b, 0, 12);
        Bytes.putInt(b, 12, (int) bodyCrc.getValue());
        return b;
    }

    /** Encodes the footer for {@code body[0, bodyLength)}. */
    public static byte[] encode(byte[] body, int bodyLength) {
        CRC32C c = new CRC32C();
        c.update(body, 0, bodyLength);
        return encode(bodyLength, c);
    }

    /**
     * Parses the last {@value #LENGTH} bytes of an object of {@code objectSize} bytes (no checksum check).
     *
     * @throws CorruptionException the object is too short, the magic is wrong or the length disagrees with the size
     */
    public static FormatFooter parse(String object, byte[] footer, long objectSize) throws CorruptionException {
        long at = objectSize - LENGTH;
        if (footer.length != LENGTH || at < 0) {
            throw new CorruptionException(object, Math.max(0, at), "footer truncated: object has " + objectSize + " bytes");
        }
        int magic = Bytes.getInt(footer, 0);
        if (magic != MAGIC) {
            throw new CorruptionException(object, at, String.format("bad footer magic 0x%08x: object truncated or overwritten", magic));
        }
        long bodyLength = Bytes.getLong(footer, 4);
        if (bodyLength != at) {
            throw new CorruptionException(object, at + 4, "footer says the body has " + bodyLength
                    + " bytes but the object has " + at + " bytes before the footer");
        }
        return new FormatFooter(bodyLength, Bytes.getInt(footer, 12));
    }

    /**
     * Checks the footer and the checksum of a whole object.
     *
     * @return the body length (where the footer starts)
     * @throws CorruptionException the footer is malformed or the checksum does not match
     */
    public static long verify(String object, byte[] whole) throws CorruptionException {
        int at = whole.length - LENGTH;
        byte[] f = new byte[LENGTH];
        if (at >= 0) {
            System.arraycopy(whole, at, f, 0, LENGTH);
        }
        FormatFooter footer = parse(object, at >= 0 ? f : new byte[0], whole.length);
        int actual = Crc.crc32c(whole, 0, at + 12);
        if (actual != footer.crc()) {
            throw new CorruptionException(object, at + 12, String.format(
                    "checksum mismatch over %d bytes: stored 0x%08x, computed 0x%08x", at, footer.crc(), actual));
        }
        return footer.bodyLength();
    }
}
