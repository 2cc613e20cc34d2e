package io.stratadb.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatFooter;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectBuffer;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.RecordFraming;
import io.stratadb.storage.internal.record.RecordScanner;
import io.stratadb.storage.internal.record.UnsupportedFormatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** L3 framing: headers, footers, records; every damage is a typed error naming object and offset. */
class RecordFormatTest {
    @Test
    void headerRoundTripAndRejections() throws Exception {
        byte[] h = new FormatHeader(ObjectKind.TABLE, 3).encode();
        assertEquals(3, FormatHeader.check("tables/x", h, ObjectKind.TABLE, 1, 3));
        UnsupportedFormatException v = assertThrows(UnsupportedFormatException.class,
                () -> FormatHeader.check("tables/x", h, ObjectKind.TABLE, 1, 2));
        assertTrue(v.getMessage().contains("tables/x") && v.getMessage().contains("version 3")
                && v.getMessage().contains("1..2"), v.getMessage());
        assertThrows(UnsupportedFormatException.class, () -> FormatHeader.check("o", h, ObjectKind.WAL_SEGMENT, 1, 9));
        byte[] bad = h.clone();
        bad[0] = 'X';
        CorruptionException c = assertThrows(CorruptionException.class,
                () -> FormatHeader.check("o", bad, ObjectKind.TABLE, 1, 3));
        assertEquals(0, c.offset());
        byte[] flipped = h.clone();
        flipped[6] ^= 1;
        assertEquals(8, assertThrows(CorruptionException.class,
                () -> FormatHeader.check("o", flipped, ObjectKind.TABLE, 1, 9)).offset());
        assertThrows(CorruptionException.class, () -> FormatHeader.check("o", new byte[3], ObjectKind.TABLE, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> new FormatHeader(ObjectKind.TABLE, 0));
    }

    @Test
    void objectBufferFooterDetectsAnyFlip() throws Exception {
        ObjectBuffer ob = new ObjectBuffer(new FormatHeader(ObjectKind.MANIFEST, 1));
        ob.putRecord("alpha".getBytes(StandardCharsets.UTF_8));
        ob.putRecord(new byte[0]);
        byte[] obj = ob.finish();
        long body = FormatFooter.verify("manifest/m", obj);
        assertEquals(obj.length - FormatFooter.LENGTH, body);
        for (int i = 0; i < obj.length; i++) {
            byte[] d = obj.clone();
            d[i] ^= 0x10;
            int at = i;
            CorruptionException e = assertThrows(CorruptionException.class, () -> FormatFooter.verify("manifest/m", d),
                    "flip at " + at);
            assertTrue(e.getMessage().startsWith("corrupt object 'manifest/m' at offset "), e.getMessage());
        }
        for (int cut = 0; cut < obj.length; cut++) {
            byte[] d = java.util.Arrays.copyOf(obj, cut);
            assertThrows(CorruptionException.class, () -> FormatFooter.verify("manifest/m", d));
        }
        RecordScanner s = new RecordScanner("m", obj, FormatHeader.LENGTH, (int) body);
        assertArrayEquals("alpha".getBytes(StandardCharsets.UTF_8), s.next());
        assertArrayEquals(new byte[0], s.next());
        assertNull(s.next());
        assertEquals(RecordScanner.Stop.CLEAN_END, s.stop());
    }

    @Test
    void scannerStopsAtTornAndCorruptRecords() {
        byte[] a = RecordFraming.frame(new byte[] {1, 2, 3});
        byte[] two = new byte[a.length * 2];
        System.arraycopy(a, 0, two, 0, a.length);
        System.arraycopy(a, 0, two, a.length, a.length);
        for (int cut = a.length + 1; cut < two.length; cut++) {
            RecordScanner s = new RecordScanner("wal/w", two, 0, cut);
            s.next();
            assertNull(s.next());
            assertEquals(RecordScanner.Stop.TORN, s.stop(), "cut " + cut);
            assertEquals(a.length, s.validEnd());
            assertEquals(cut - a.length, s.droppedBytes());
        }
        byte[] bad = two.clone();
        bad[bad.length - 1] ^= 1;
        RecordScanner s = new RecordScanner("wal/w", bad, 0, bad.length);
        s.next();
        assertNull(s.next());
        assertEquals(RecordScanner.Stop.CORRUPT, s.stop());
        CorruptionException e = s.corruption();
        assertEquals("wal/w", e.object());
        assertEquals(a.length, e.offset());
    }
}
