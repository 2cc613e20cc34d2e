package io.stratadb.storage.wal;

import static io.stratadb.storage.wal.WalTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.wal.WalEntry;
import io.stratadb.storage.internal.wal.WalOptions;
import io.stratadb.storage.internal.wal.WalOptions.Reserve;
import io.stratadb.storage.internal.wal.WalReplay;
import io.stratadb.storage.internal.wal.WalWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAL segments pre-filled with zeros ({@link Reserve}): what the writer leaves and how replay reads it. */
class WalReserveTest {
    private static final int SEGMENT = 512;

    private static WalOptions strict(Reserve r) {
        return new WalOptions(true, 100, SEGMENT, r);
    }

    /** Writes versions 1..n durably without closing the writer (a process that stops here). */
    private static WalWriter writeOpen(Backend b, Reserve r, int n) throws Exception {
        WalWriter w = new WalWriter(b, strict(r), 1, 0, null);
        for (long v = 1; v <= n; v++) {
            w.awaitDurable(w.append(v, body(v)));
        }
        return w;
    }

    private static List<Long> versions(Backend b, boolean repair, WalReplay.Result[] result) throws Exception {
        List<Long> out = new ArrayList<>();
        result[0] = WalReplay.replay(b, 1, 0, true, repair, (e, o, at) -> out.add(e.version()));
        return out;
    }

    private static List<Long> oneTo(int n) {
        List<Long> l = new ArrayList<>();
        for (long v = 1; v <= n; v++) {
            l.add(v);
        }
        return l;
    }

    @Test
    void closedWriterLeavesTrimmedSegmentsAndNoReservation(@TempDir Path dir) throws Exception {
        for (Reserve r : Reserve.values()) {
            Backend b = new LocalFsBackend(dir.resolve(r.name()));
            writeOpen(b, r, 40).close();
            List<Long> segs = WalReplay.segments(b);
            assertTrue(segs.size() > 3, "rolled: " + segs);
            long total = 0;
            for (long s : segs) {
                byte[] data = b.read(Layout.walSegment(s));
                total += data.length;
                assertTrue(data[data.length - 1] != 0 || data.length < SEGMENT, "trimmed: segment " + s);
            }
            assertTrue(total < 40L * (body(40).length + 40), "no zeros kept: " + total);
            WalReplay.Result[] res = new WalReplay.Result[1];
            assertEquals(oneTo(40), versions(b, true, res));
            assertTrue(res[0].problems().isEmpty(), res[0].problems().toString());
            assertEquals(segs, WalReplay.segments(b), "nothing removed");
        }
    }

    @Test
    void stoppedWriterLeavesZerosThatReplayReadsAsTheEnd(@TempDir Path dir) throws Exception {
        for (Reserve r : Reserve.values()) {
            if (r == Reserve.NONE) {
                continue; // nothing reserved: covered by WalTest
            }
            Backend b = new LocalFsBackend(dir.resolve(r.name()));
            WalWriter w = writeOpen(b, r, 25);
            long current = w.currentSegment();
            long written = w.currentSegmentBytes();
            byte[] active = b.read(Layout.walSegment(current));
            assertEquals(SEGMENT, active.length, "the active segment is still its reservation");
            assertTrue(written < SEGMENT);

            WalReplay.Result[] res = new WalReplay.Result[1];
            assertEquals(oneTo(25), versions(b, false, res), "read-only: nothing changed");
            assertTrue(res[0].problems().isEmpty(), res[0].problems().toString());
            assertEquals(current + 1, res[0].nextSegment());

            w.close(); // the test's stand-in for the dead process: replay a copy of what it left
            Backend copy = new InMemoryBackend();
            for (long s : WalReplay.segments(b)) {
                copy.write(Layout.walSegment(s), b.read(Layout.walSegment(s)));
            }
            copy.write(Layout.walSegment(current), active);
            if (r == Reserve.AHEAD || r == Reserve.AHEAD_INLINE) {
                copy.write(Layout.walSegment(current + 1), new byte[SEGMENT]); // reserved ahead, never written
            }
            assertEquals(oneTo(25), versions(copy, true, res));
            assertTrue(res[0].problems().isEmpty(), res[0].problems().toString());
            assertEquals(current + 1, res[0].nextSegment(), "the reservation ahead is not a segment");
            assertEquals(written, copy.size(Layout.walSegment(current)), "repair trims the zeros");
            assertFalse(copy.exists(Layout.walSegment(current + 1)), "repair removes the reservation");
            // a new writer continues where replay says
            try (WalWriter next = new WalWriter(copy, strict(r), res[0].nextSegment(), 25, null)) {
                next.awaitDurable(next.append(26, body(26)));
            }
            assertEquals(oneTo(26), versions(copy, true, res));
            assertTrue(res[0].problems().isEmpty(), res[0].problems().toString());
        }
    }

    @Test
    void zerosBeforeALaterSegmentWithRecordsAreACut() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        writeOpen(b, Reserve.AT_OPEN, 30).close();
        List<Long> segs = WalReplay.segments(b);
        assertTrue(segs.size() >= 3, segs.toString());
        // segment 2 loses its end to zeros (it was trimmed and synced before 3 existed: this is damage)
        String s2 = Layout.walSegment(segs.get(1));
        byte[] data = b.read(s2);
        byte[] damaged = java.util.Arrays.copyOf(data, data.length + 64);
        java.util.Arrays.fill(damaged, data.length - 10, damaged.length, (byte) 0);
        b.write(s2, damaged);
        WalReplay.Result[] res = new WalReplay.Result[1];
        List<Long> got = versions(b, true, res);
        assertFalse(res[0].truncations().isEmpty(), "reported");
        assertEquals(segs.size() - 2, res[0].quarantined().size());
        assertEquals(oneTo(got.size()), got);
    }

    @Test
    void anAllZeroSegmentBeforeOneWithRecordsIsACut() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        writeOpen(b, Reserve.AT_OPEN, 30).close();
        List<Long> segs = WalReplay.segments(b);
        b.write(Layout.walSegment(segs.get(1)), new byte[SEGMENT]);
        WalReplay.Result[] res = new WalReplay.Result[1];
        List<Long> got = versions(b, false, res);
        assertFalse(res[0].problems().isEmpty());
        assertEquals(oneTo(got.size()), got);
        assertTrue(got.size() < 30);
    }

    @Test
    void anEmptyOrZeroNewestSegmentHeldNoRecords() throws Exception {
        for (int len : new int[] {0, 3, SEGMENT}) {
            InMemoryBackend b = new InMemoryBackend();
            writeOpen(b, Reserve.AT_OPEN, 10).close();
            long last = WalReplay.segments(b).get(WalReplay.segments(b).size() - 1);
            b.write(Layout.walSegment(last + 1), new byte[len]); // created, header never reached the disk
            WalReplay.Result[] res = new WalReplay.Result[1];
            assertEquals(oneTo(10), versions(b, true, res));
            assertTrue(res[0].problems().isEmpty(), "len " + len + ": " + res[0].problems());
            assertEquals(last + 1, res[0].nextSegment());
        }
    }

    @Test
    void aZeroSegmentAfterAGapDoesNotHideTheGap() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        writeOpen(b, Reserve.AT_OPEN, 10).close();
        long last = WalReplay.segments(b).get(WalReplay.segments(b).size() - 1);
        b.write(Layout.walSegment(last + 2), new byte[SEGMENT]); // last + 1 is missing
        WalReplay.Result[] res = new WalReplay.Result[1];
        assertEquals(oneTo(10), versions(b, false, res));
        assertTrue(res[0].problems().toString().contains("missing"), res[0].problems().toString());

        InMemoryBackend c = new InMemoryBackend();
        c.write(Layout.walSegment(6), new byte[SEGMENT]); // the manifest needs 5 on
        WalReplay.Result r = WalReplay.replay(c, 5, 0, true, false, (e, o, at) -> { });
        assertTrue(r.problems().toString().contains("missing"), r.problems().toString());
    }

    @Test
    void reservationsStartAtOneMebibyteAndDoubleUpToTheSegmentSize() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        byte[] body = new byte[64 << 10];
        try (WalWriter w = new WalWriter(b, new WalOptions(true, 100, 4 << 20, Reserve.AHEAD_INLINE), 1, 0, null)) {
            assertEquals(1 << 20, b.size(Layout.walSegment(1)), "a new writer fills 1 MiB, not a whole segment");
            assertEquals(2 << 20, b.size(Layout.walSegment(2)), "and reserves twice that ahead");
            for (long v = 1; v <= 100; v++) {
                w.awaitDurable(w.append(v, body));
            }
            long current = w.currentSegment();
            assertEquals(3, current, "1 + 2 MiB filled, 3.4 MiB into the third (4 MiB); rolled at each reservation's end: " + current);
            assertEquals(4 << 20, b.size(Layout.walSegment(current + 1)), "capped at segmentBytes");
        }
        long[] sizes = WalReplay.segments(b).stream().mapToLong(s -> {
            try {
                return b.size(Layout.walSegment(s));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toArray();
        assertTrue(sizes[0] <= (1 << 20) + body.length && sizes[1] <= (2 << 20) + body.length,
                java.util.Arrays.toString(sizes));
        assertEquals(100, WalTest.replayAll(b).size());
    }

    @Test
    void entriesReplayedPerSegmentMatchWhatWasWritten() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        WalWriter w = writeOpen(b, Reserve.AHEAD, 60);
        List<WalEntry> all = WalTest.replayAll(b);
        assertEquals(60, all.size());
        w.close();
        assertEquals(60, WalTest.replayAll(b).size());
        assertEquals(WalReplay.segments(b).size(), b.list(Layout.WAL_DIR).size(), "no reservation left after close");
    }
}
