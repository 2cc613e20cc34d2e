package io.stratadb.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.InjectedIOException;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.UnsupportedFormatException;
import io.stratadb.storage.internal.wal.CommitCodec;
import io.stratadb.storage.internal.wal.WalEntry;
import io.stratadb.storage.internal.wal.WalOptions;
import io.stratadb.storage.internal.wal.WalReplay;
import io.stratadb.storage.internal.wal.WalWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
    static final WalOptions STRICT = new WalOptions(true, 100, 1 << 20);
    static final WalOptions BUFFERED_NO_TIMER = new WalOptions(false, Integer.MAX_VALUE / 2, 1 << 20);

    static byte[] body(long v) {
        List<WriteBatch.Write> w = List.of(
                new WriteBatch.Write(Key.of("default", 1, "k" + v), ("value-" + v).getBytes(StandardCharsets.UTF_8)),
                new WriteBatch.Write(Key.of("s", 2, "gone" + v), null));
        return CommitCodec.encode(1000 + v, 3, w);
    }

    static List<WalEntry> replayAll(io.stratadb.storage.internal.backend.Backend b) throws IOException {
        List<WalEntry> out = new ArrayList<>();
        WalReplay.replay(b, 1, 0, true, false, (e, o, at) -> out.add(e));
        return out;
    }

    @Test
    void roundTripAcrossSegmentsWithCodec(@TempDir Path dir) throws Exception {
        LocalFsBackend b = new LocalFsBackend(dir);
        try (WalWriter w = new WalWriter(b, new WalOptions(true, 100, 256), 1, 0, null)) {
            for (long v = 1; v <= 50; v++) {
                w.awaitDurable(w.append(v, body(v)));
            }
            assertTrue(w.currentSegment() > 3, "segments rolled: " + w.currentSegment());
        }
        List<WalEntry> all = new ArrayList<>();
        WalReplay.Result r = WalReplay.replay(b, 1, 20, true, true, (e, o, at) -> all.add(e));
        assertEquals(30, all.size());
        assertEquals(50, r.lastVersion());
        assertTrue(r.truncations().isEmpty(), r.problems().toString());
        CommitCodec.Commit c = CommitCodec.decode(all.get(0), "x", 0);
        assertEquals(21, c.version());
        assertEquals(1021, c.timestampMicros());
        assertEquals(3, c.branchId());
        assertEquals(Key.of("default", 1, "k21"), c.writes().get(0).key());
        assertArrayEquals("value-21".getBytes(StandardCharsets.UTF_8), c.writes().get(0).value());
        assertTrue(c.writes().get(1).isDelete());
    }

    @Test
    void versionsMustIncrease() throws Exception {
        try (WalWriter w = new WalWriter(new InMemoryBackend(), STRICT, 1, 5, null)) {
            assertThrows(IllegalArgumentException.class, () -> w.append(5, body(5)));
            w.append(6, body(6));
            assertThrows(IllegalArgumentException.class, () -> w.append(6, body(6)));
        }
    }

    /** Three records, synced; returns the segment bytes and the offset of the last record. */
    private static byte[] threeRecords(InMemoryBackend b) throws IOException {
        try (WalWriter w = new WalWriter(b, STRICT, 1, 0, null)) {
            for (long v = 1; v <= 3; v++) {
                w.awaitDurable(w.append(v, body(v)));
            }
        }
        return b.read(Layout.walSegment(1));
    }

    @Test
    void tornTailAtEveryByteOfTheLastRecordIsTruncatedAndReported() throws Exception {
        byte[] full = threeRecords(new InMemoryBackend());
        int lastStart = full.length - (8 + 8 + body(3).length);
        for (int cut = lastStart; cut < full.length; cut++) {
            InMemoryBackend b = new InMemoryBackend();
            b.write(Layout.walSegment(1), java.util.Arrays.copyOf(full, cut));
            List<WalEntry> got = new ArrayList<>();
            WalReplay.Result r = WalReplay.replay(b, 1, 0, true, true, (e, o, at) -> got.add(e));
            assertEquals(2, got.size(), "cut " + cut);
            assertEquals(2, r.lastVersion());
            boolean zeros = java.util.stream.IntStream.range(lastStart, cut).allMatch(i -> full[i] == 0);
            if (zeros) {
                // a clean end at a record boundary, or torn inside the length's leading zero bytes:
                // indistinguishable from the unwritten rest of a reserved segment, which is no damage
                assertTrue(r.truncations().isEmpty(), "cut " + cut);
                assertEquals(lastStart, b.size(Layout.walSegment(1)), "zeros trimmed");
                continue;
            }
            assertEquals(1, r.truncations().size(), "cut " + cut);
            WalReplay.Truncation t = r.truncations().get(0);
            assertEquals(Layout.walSegment(1), t.object());
            assertEquals(lastStart, t.offset());
            assertEquals(cut - lastStart, t.bytesDropped());
            assertTrue(t.describe().contains("offset " + lastStart), t.describe());
            assertEquals(lastStart, b.size(Layout.walSegment(1)), "repaired to the last good record");
            // replaying again is clean
            assertTrue(WalReplay.replay(b, 1, 0, true, true, (e, o, at) -> { }).truncations().isEmpty());
        }
    }

    @Test
    void checksumCorruptionIsDetectedWithObjectAndOffset() throws Exception {
        byte[] full = threeRecords(new InMemoryBackend());
        int recLen = 8 + 8 + body(1).length;
        int second = FormatHeader.LENGTH + recLen;
        for (int i = second; i < second + recLen; i++) {
            InMemoryBackend b = new InMemoryBackend();
            byte[] bad = full.clone();
            bad[i] ^= 0x40;
            b.write(Layout.walSegment(1), bad);
            List<WalEntry> got = new ArrayList<>();
            WalReplay.Result r = WalReplay.replay(b, 1, 0, true, false, (e, o, at) -> got.add(e));
            assertEquals(1, got.size(), "flip at " + i);
            WalReplay.Truncation t = r.truncations().get(0);
            assertEquals(second, t.offset(), "flip at " + i);
            assertEquals(full.length - second, t.bytesDropped());
            assertEquals(full.length, b.size(Layout.walSegment(1)), "read-only replay changes nothing");
        }
        // decoding a damaged body is a CorruptionException naming object and offset
        CorruptionException e = assertThrows(CorruptionException.class,
                () -> CommitCodec.decode(new WalEntry(9, new byte[] {1, 2, 3}), "wal/x", 77));
        assertTrue(e.getMessage().contains("'wal/x' at offset 77"), e.getMessage());
    }

    @Test
    void damageInAnEarlierSegmentQuarantinesLaterOnes() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        try (WalWriter w = new WalWriter(b, new WalOptions(true, 100, 128), 1, 0, null)) {
            for (long v = 1; v <= 12; v++) {
                w.awaitDurable(w.append(v, body(v)));
            }
        }
        List<Long> segs = WalReplay.segments(b);
        assertTrue(segs.size() >= 4, segs.toString());
        byte[] s2 = b.read(Layout.walSegment(2));
        s2[s2.length - 1] ^= 1;
        b.write(Layout.walSegment(2), s2);
        List<WalEntry> got = new ArrayList<>();
        WalReplay.Result r = WalReplay.replay(b, 1, 0, true, true, (e, o, at) -> got.add(e));
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i + 1, got.get(i).version());
        }
        assertEquals(segs.size() - 2, r.quarantined().size());
        assertTrue(b.list(Layout.QUARANTINE_DIR).size() == segs.size() - 2);
        assertEquals(List.of(1L, 2L), WalReplay.segments(b));
        assertEquals(segs.get(segs.size() - 1), r.lastSegment());
    }

    @Test
    void missingMiddleSegmentStopsReplay() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        try (WalWriter w = new WalWriter(b, new WalOptions(true, 100, 128), 1, 0, null)) {
            for (long v = 1; v <= 12; v++) {
                w.awaitDurable(w.append(v, body(v)));
            }
        }
        b.delete(Layout.walSegment(2));
        List<WalEntry> got = new ArrayList<>();
        WalReplay.Result r = WalReplay.replay(b, 1, 0, true, true, (e, o, at) -> got.add(e));
        assertTrue(r.problems().get(0).contains(Layout.walSegment(2)), r.problems().toString());
        assertTrue(got.size() < 12);
    }

    @Test
    void unknownSegmentVersionIsRejectedNotTruncated() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        b.write(Layout.walSegment(1), new FormatHeader(ObjectKind.WAL_SEGMENT, 9).encode());
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> WalReplay.replay(b, 1, 0, true, true, (x, o, at) -> { }));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
        assertEquals(FormatHeader.LENGTH, b.size(Layout.walSegment(1)));
    }

    /** A backend whose first segment sync blocks until released, to line committers up deterministically. */
    @Test
    void strictGroupCommitSharesOneFsync() throws Exception {
        java.util.concurrent.CountDownLatch inSync = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InMemoryBackend mem = new InMemoryBackend();
        GatedBackend b = new GatedBackend(mem, inSync, release);
        try (WalWriter w = new WalWriter(b, STRICT, 1, 0, null)) {
            long first = w.append(1, body(1));
            Thread t0 = new Thread(() -> await(w, first));
            t0.start();
            inSync.await(); // the writer is inside fsync #1
            int n = 16;
            List<Thread> waiters = new ArrayList<>();
            for (long v = 2; v < 2 + n; v++) {
                long ticket = w.append(v, body(v));
                Thread t = new Thread(() -> await(w, ticket));
                t.start();
                waiters.add(t);
            }
            release.countDown();
            t0.join();
            for (Thread t : waiters) {
                t.join();
            }
            assertEquals(2, mem.syncCount(), "fsync #1 plus one shared by the 16 queued committers");
            assertEquals(2, w.syncCount());
        }
        assertEquals(17, replayAll(mem).size());
    }

    private static void await(WalWriter w, long ticket) {
        try {
            w.awaitDurable(ticket);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void bufferedAcknowledgesWithoutFsyncAndSyncsOnDemand() throws Exception {
        InMemoryBackend mem = new InMemoryBackend();
        try (WalWriter w = new WalWriter(mem, BUFFERED_NO_TIMER, 1, 0, null)) {
            for (long v = 1; v <= 100; v++) {
                w.awaitDurable(w.append(v, body(v)));
            }
            assertEquals(0, mem.syncCount(), "no fsync before the interval");
            assertEquals(100, replayAll(mem).size(), "acknowledged records are written");
            w.sync();
            assertEquals(1, mem.syncCount());
            w.sync();
            assertEquals(1, mem.syncCount(), "nothing new to sync");
        }
    }

    @Test
    void bufferedTimerSyncsEventually() throws Exception {
        InMemoryBackend mem = new InMemoryBackend();
        try (WalWriter w = new WalWriter(mem, new WalOptions(false, 5, 1 << 20), 1, 0, null)) {
            w.awaitDurable(w.append(1, body(1)));
            while (w.syncCount() == 0) {
                Thread.sleep(1); // no timing assertion: just waits for the timer's fsync to happen at all
            }
        }
    }

    @Test
    void writeFailureIsStickyAndReported() throws Exception {
        FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend());
        AtomicReference<IOException> reported = new AtomicReference<>();
        WalWriter w = new WalWriter(f, STRICT, 1, 0, reported::set);
        w.awaitDurable(w.append(1, body(1)));
        f.failOnce(f.opCount() + 1);
        long t = w.append(2, body(2));
        IOException e = assertThrows(IOException.class, () -> w.awaitDurable(t));
        assertInstanceOf(InjectedIOException.class, e.getCause());
        while (reported.get() == null) {
            Thread.onSpinWait();
        }
        assertNotNull(w.failure());
        assertThrows(IOException.class, () -> w.append(3, body(3)));
        assertThrows(IOException.class, w::close);
        assertEquals(1, replayAll(f).size());
    }

    @Test
    void rollStartsANewSegment() throws Exception {
        InMemoryBackend mem = new InMemoryBackend();
        try (WalWriter w = new WalWriter(mem, BUFFERED_NO_TIMER, 7, 0, null)) {
            w.awaitDurable(w.append(1, body(1)));
            assertEquals(8, w.roll());
            w.awaitDurable(w.append(2, body(2)));
        }
        assertEquals(List.of(7L, 8L), WalReplay.segments(mem));
        List<WalEntry> got = new ArrayList<>();
        WalReplay.replay(mem, 8, 0, false, false, (e, o, at) -> got.add(e));
        assertEquals(1, got.size());
        assertEquals(2, got.get(0).version());
    }

    /** Committers write and sync the log themselves: an interrupted committer must not break it for others. */
    @Test
    void interruptedCommitterLeavesTheLogUsable(@TempDir Path dir) throws Exception {
        LocalFsBackend b = new LocalFsBackend(dir);
        try (WalWriter w = new WalWriter(b, STRICT, 1, 0, null)) {
            Thread.currentThread().interrupt();
            try {
                w.awaitDurable(w.append(1, body(1)));
                assertTrue(Thread.interrupted(), "the interrupt status is kept for the caller");
            } finally {
                Thread.interrupted();
            }
            w.awaitDurable(w.append(2, body(2)));
            assertEquals(null, w.failure());
        }
        assertEquals(2, replayAll(b).size());
    }

    /** Many committers, BUFFERED: every acknowledged record is written once, in order, and close syncs all. */
    @Test
    void concurrentCommittersShareWritesInOrder() throws Exception {
        InMemoryBackend mem = new InMemoryBackend();
        int threads = 8;
        int each = 200;
        java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
        try (WalWriter w = new WalWriter(mem, new WalOptions(false, 1, 4096), 1, 0, null)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        long ticket;
                        synchronized (version) { // the pipeline's commit lock: versions in append order
                            long v = version.incrementAndGet();
                            try {
                                ticket = w.append(v, body(v));
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        }
                        await(w, ticket);
                    }
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
        }
        List<WalEntry> all = replayAll(mem);
        assertEquals(threads * each, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).version());
        }
        assertTrue(WalReplay.segments(mem).size() > 10, "rolled while committers wrote");
    }

    /** The one-copy framed encoding is byte-identical to framing the body the general way. */
    @Test
    void framedEncodingMatchesTheGeneralPath() {
        long seed = io.stratadb.storage.TestSeeds.seed();
        java.util.Random rnd = new java.util.Random(seed);
        for (int c = 0; c < 200; c++) {
            List<WriteBatch.Write> writes = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                byte[] user = new byte[1 + rnd.nextInt(40)];
                rnd.nextBytes(user);
                byte[] value = rnd.nextInt(4) == 0 ? null : new byte[rnd.nextInt(3000)];
                if (value != null) {
                    rnd.nextBytes(value);
                }
                writes.add(new WriteBatch.Write(Key.of(rnd.nextBoolean() ? "default" : "sp\u00e4ce", rnd.nextInt(256), user), value));
            }
            long version = 1 + rnd.nextInt(1 << 30);
            long ts = rnd.nextLong();
            long branch = rnd.nextInt(1000);
            byte[] body = CommitCodec.encode(ts, branch, writes);
            byte[] payload = java.nio.ByteBuffer.allocate(8 + body.length).putLong(version).put(body).array();
            byte[] general = io.stratadb.storage.internal.record.RecordFraming.frame(payload);
            assertArrayEquals(general, CommitCodec.encodeFramed(version, ts, branch, writes), "seed=" + seed + " commit " + c);
        }
    }
}
