package io.stratadb.storage.internal.record;

import java.util.zip.CRC32C;

/** CRC32C over byte ranges (the only checksum of every durable format). Stateless, thread-safe. */
public final class Crc {
    private Crc() {
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    public static int crc32c(byte[] data) {
        return crc32c(data, 0, data.length);
    }
}
