package io.stratadb.storage.internal.wal;

import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;

/**
 * WAL segment format, version 1: a {@link FormatHeader} (kind {@code WAL_SEGMENT}) followed by framed
 * records ({@code len · crc32c · version · body}). No footer: a segment is append-only and its
 * tail may be torn by a crash; the reader truncates it.
 */
final class WalFormat {
    static final int VERSION = 1;
    static final FormatHeader HEADER = new FormatHeader(ObjectKind.WAL_SEGMENT, VERSION);

    private WalFormat() {
    }
}
