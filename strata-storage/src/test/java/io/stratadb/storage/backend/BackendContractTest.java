package io.stratadb.storage.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.RangeReader;
import io.stratadb.storage.internal.backend.ObjectLock;
import io.stratadb.storage.internal.layout.Layout;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Backend} contract; one subclass per implementation. */
abstract class BackendContractTest {
    protected Backend backend;

    protected abstract Backend newBackend() throws Exception;

    @BeforeEach
    void open() throws Exception {
        backend = newBackend();
    }

    @AfterEach
    void close() throws Exception {
        backend.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeReadReplace() throws Exception {
        String n = Layout.table(1);
        assertFalse(backend.exists(n));
        backend.write(n, b("hello"));
        assertTrue(backend.exists(n));
        assertArrayEquals(b("hello"), backend.read(n));
        assertEquals(5, backend.size(n));
        backend.write(n, b("hi"));
        assertArrayEquals(b("hi"), backend.read(n));
        backend.sync(n);
        assertArrayEquals(b("hi"), backend.read(n));
    }

    @Test
    void emptyObject() throws Exception {
        backend.write("tables/empty", new byte[0]);
        assertEquals(0, backend.size("tables/empty"));
        assertArrayEquals(new byte[0], backend.read("tables/empty"));
    }

    @Test
    void rangeReaderReadsLikeReadRangeUntilClosed() throws Exception {
        backend.write("tables/r", b("0123456789"));
        try (RangeReader r = backend.openRangeReader("tables/r")) {
            assertArrayEquals(b("345"), r.read(3, 3));
            assertArrayEquals(b("0123456789"), r.read(0, 10));
            assertArrayEquals(b(""), r.read(10, 0));
            assertThrows(EOFException.class, () -> r.read(8, 3));
            assertThrows(IllegalArgumentException.class, () -> r.read(-1, 3));
            assertThrows(IllegalArgumentException.class, () -> r.read(0, -1));
        }
    }

    @Test
    void readRange() throws Exception {
        backend.write("a/x", b("0123456789"));
        assertArrayEquals(b("345"), backend.readRange("a/x", 3, 3));
        assertArrayEquals(b(""), backend.readRange("a/x", 10, 0));
        assertThrows(EOFException.class, () -> backend.readRange("a/x", 8, 3));
        assertThrows(IllegalArgumentException.class, () -> backend.readRange("a/x", -1, 3));
    }

    @Test
    void missingObjects() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> backend.read("wal/none"));
        assertTrue(e.getMessage().contains("wal/none"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> backend.size("wal/none"));
        assertThrows(NoSuchFileException.class, () -> backend.readRange("wal/none", 0, 1));
    }

    @Test
    void appendAndAppender() throws Exception {
        assertEquals(0, backend.append("wal/s", b("ab")));
        assertEquals(2, backend.append("wal/s", b("cd")));
        try (Appender a = backend.openAppender("wal/s")) {
            assertEquals(4, a.size());
            assertEquals(4, a.append(b("ef")));
            byte[] reused = b("xyghz");
            assertEquals(6, a.append(reused, 2, 2), "a range of the caller's array");
            reused[2] = 'X'; // the caller may reuse its array once append returns
            assertThrows(IndexOutOfBoundsException.class, () -> a.append(reused, 4, 2));
            assertEquals(8, a.append(reused, 0, 0), "an empty range appends nothing");
            a.sync();
            assertEquals(8, a.size());
            assertEquals("wal/s", a.name());
        }
        assertArrayEquals(b("abcdefgh"), backend.read("wal/s"));
        try (Appender a = backend.openAppender("wal/new")) {
            assertEquals(0, a.size());
            assertTrue(backend.exists("wal/new"));
        }
    }

    @Test
    void reservedAppenderOverwritesZerosFromTheStart() throws Exception {
        backend.write("wal/x", b("existing"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> backend.openReserved("wal/x", 16));
        assertArrayEquals(b("existing"), backend.read("wal/x"), "left alone");
        try (Appender a = backend.openReserved("wal/r", 16)) {
            assertEquals(0, a.size());
            assertArrayEquals(new byte[16], backend.read("wal/r"), "durable zeros before any append");
            assertEquals(0, a.append(b("abc")));
            assertEquals(3, a.append(b("defg")));
            a.sync();
            assertEquals(7, a.size());
            byte[] expect = new byte[16];
            System.arraycopy(b("abcdefg"), 0, expect, 0, 7);
            assertArrayEquals(expect, backend.read("wal/r"), "records, then the rest of the reservation");
            assertEquals(7, a.append(b("0123456789")), "past the reservation: the object grows");
            assertArrayEquals(b("abcdefg0123456789"), backend.read("wal/r"));
            backend.truncate("wal/r", a.size());
            a.sync();
        }
        assertEquals(17, backend.size("wal/r"));
        assertThrows(IllegalArgumentException.class, () -> backend.openReserved("wal/bad", -1));
    }

    @Test
    void truncate() throws Exception {
        backend.write("wal/t", b("abcdef"));
        backend.truncate("wal/t", 2);
        backend.sync("wal/t");
        assertArrayEquals(b("ab"), backend.read("wal/t"));
        assertThrows(IllegalArgumentException.class, () -> backend.truncate("wal/t", 9));
    }

    @Test
    void publishIsAtomicReplace() throws Exception {
        backend.publish(Layout.CURRENT, b("one"));
        assertArrayEquals(b("one"), backend.read(Layout.CURRENT));
        backend.publish(Layout.CURRENT, b("two!"));
        assertArrayEquals(b("two!"), backend.read(Layout.CURRENT));
        assertEquals(List.of(Layout.CURRENT), backend.list("manifest/"));
    }

    @Test
    void listIsSortedAndFiltered() throws Exception {
        backend.write(Layout.walSegment(2), b("x"));
        backend.write(Layout.walSegment(1), b("x"));
        backend.write(Layout.table(7), b("x"));
        assertEquals(List.of(Layout.walSegment(1), Layout.walSegment(2)), backend.list(Layout.WAL_DIR));
        assertEquals(3, backend.list("").size());
        assertEquals(List.of(), backend.list("snapshots/"));
    }

    @Test
    void delete() throws Exception {
        backend.write("tables/d", b("x"));
        assertTrue(backend.delete("tables/d"));
        assertFalse(backend.delete("tables/d"));
        assertFalse(backend.exists("tables/d"));
    }

    @Test
    void badNamesAreRejected() {
        for (String bad : new String[] {"", "/abs", "a//b", "../x", "a/./b", "a b", "x.tmp", "a\\b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.write(bad, b("x")),
                    "name '" + bad + "'");
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void lockIsExclusiveUntilReleased() throws Exception {
        ObjectLock first = backend.tryLock(Layout.writerLock());
        assertNotNull(first);
        assertNull(backend.tryLock(Layout.writerLock()));
        first.close();
        first.close(); // idempotent
        ObjectLock again = backend.tryLock(Layout.writerLock());
        assertNotNull(again);
        again.close();
    }

    @Test
    void largeObject() throws Exception {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        backend.write("tables/big", big);
        backend.sync("tables/big");
        assertArrayEquals(big, backend.read("tables/big"));
        assertArrayEquals(java.util.Arrays.copyOfRange(big, 1 << 20, (1 << 20) + 100),
                backend.readRange("tables/big", 1 << 20, 100));
    }
}
