package io.stratadb.storage.internal.record;

/**
 * The self-describing header at offset 0 of every durable object:
 * {@code magic "STRA" (4) · kind code (2) · format version (2) · crc32c of the previous 8 bytes (4)},
 * big-endian, {@value #LENGTH} bytes. Readers call {@link #check} on every open and get a
 * {@link CorruptionException} (naming the object, offset 0) for a bad magic or checksum, and an
 * {@link UnsupportedFormatException} for a kind or version they do not know. Stateless, thread-safe.
 *
 * @param kind    what the object is
 * @param version the format version of that kind, 1..65535
 */
public record FormatHeader(ObjectKind kind, int version) {
    /** Encoded length in bytes. */
    public static final int LENGTH = 12;
    /** "STRA" in ASCII. */
    public static final int MAGIC = 0x53545241;

    public FormatHeader {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (version < 1 || version > 0xffff) {
            throw new IllegalArgumentException("format version must be in 1..65535, got " + version);
        }
    }

    /** The {@value #LENGTH} header bytes. */
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Bytes.putInt(b, 0, MAGIC);
        Bytes.putShort(b, 4, kind.code());
        Bytes.putShort(b, 6, version);
        Bytes.putInt(b, 8, Crc.crc32c(b, 0, 8));
        return b;
    }

    /**
     * Checks the header at the start of {@code data} (at least the first {@value #LENGTH} bytes of
     * {@code object}).
     *
     * @return the object's format version, within {@code [minVersion, maxVersion]}
     * @throws CorruptionException        the header is truncated, has a bad magic or a bad checksum
     * @throws UnsupportedFormatException the kind differs from {@code expected} or the version is outside the range
     */
    public static int check(String object, byte[] data, ObjectKind expected, int minVersion, int maxVersion)
            throws CorruptionException {
        if (data.length < LENGTH) {
            throw new CorruptionException(object, 0, "header truncated: " + data.length + " of " + LENGTH + " bytes");
        }
        int magic = Bytes.getInt(data, 0);
        if (magic != MAGIC) {
            throw new CorruptionException(object, 0,
                    String.format("bad magic 0x%08x (expected 0x%08x): not a Strata object", magic, MAGIC));
        }
        int crc = Bytes.getInt(data, 8);
        if (crc != Crc.crc32c(data, 0, 8)) {
            throw new CorruptionException(object, 8, "header checksum mismatch");
        }
        int kindCode = Bytes.getShort(data, 4);
        ObjectKind kind = ObjectKind.fromCode(kindCode);
        if (kind != expected) {
            throw new UnsupportedFormatException(object, 4, "object kind " + (kind == null ? "code " + kindCode : kind)
                    + " where " + expected + " was expected");
        }
        int version = Bytes.getShort(data, 6);
        if (version < minVersion || version > maxVersion) {
            throw new UnsupportedFormatException(object, 6, "unsupported " + expected + " format version " + version
                    + " (this build reads versions " + minVersion + ".." + maxVersion + ")");
        }
        return version;
    }
}
