package io.stratadb.storage.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.InjectedIOException;
import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.manifest.ManifestRecord;
import io.stratadb.storage.internal.manifest.ManifestStore;
import io.stratadb.storage.internal.manifest.RuntimeState;
import io.stratadb.storage.internal.manifest.TimelineCodec;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.FormatHeader;
import io.stratadb.storage.internal.record.ObjectKind;
import io.stratadb.storage.internal.record.UnsupportedFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifestStoreTest {
    static ManifestRecord sample(long id) {
        return new ManifestRecord(id, 10 * id, 1000 * id, id, 100,
                List.of(new ManifestRecord.TableEntry(0, 7, new byte[] {1, 2}),
                        new ManifestRecord.TableEntry(2, 9, new byte[0])),
                new byte[] {9, 9, 9});
    }

    @Test
    void roundTrip() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        ManifestStore s = new ManifestStore(b);
        assertTrue(s.load().isEmpty());
        s.publish(sample(1));
        ManifestRecord m = s.load().orElseThrow();
        assertEquals(10, m.flushedVersion());
        assertEquals(2, m.tables().size());
        assertArrayEquals(new byte[] {1, 2}, m.tables().get(0).meta());
        assertEquals(List.of(m.tables().get(1)), m.level(2));
        assertArrayEquals(new byte[] {9, 9, 9}, m.extra());
    }

    @Test
    void crashDuringPublishLeavesOldOrNew() throws Exception {
        for (int n = 1; n <= 6; n++) {
            for (int seed = 0; seed < 20; seed++) {
                FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend());
                ManifestStore s = new ManifestStore(f);
                s.publish(sample(1));
                f.failFrom(f.opCount() + n);
                try {
                    s.publish(sample(2));
                } catch (InjectedIOException expected) {
                    // crashed inside publish
                }
                InMemoryBackend img = f.crashImage(new Random(seed * 7919L + n));
                long id = new ManifestStore(img).load().orElseThrow().id();
                assertTrue(id == 1 || id == 2, "crash at step " + n + " seed " + seed + ": " + id);
            }
        }
    }

    @Test
    void garbageIsWhatTheManifestDoesNotReach() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        ManifestStore s = new ManifestStore(b);
        s.publish(sample(1));
        s.publish(sample(3));
        b.write(Layout.table(7), new byte[1]); // live
        b.write(Layout.table(8), new byte[1]); // dead (below nextTableId, not listed)
        b.write(Layout.table(150), new byte[1]); // a crashed flush's output: only recovery deletes tables
        b.write(Layout.walSegment(2), new byte[1]); // before walStart 3
        b.write(Layout.walSegment(3), new byte[1]);
        ManifestRecord live = s.load().orElseThrow();
        assertEquals(List.of(Layout.manifest(1), Layout.walSegment(2)), s.unreachable(live, false));
        assertEquals(List.of(Layout.manifest(1), Layout.table(8), Layout.table(150), Layout.walSegment(2)),
                s.unreachable(live, true));
        assertEquals(4, s.collectGarbage(live, true));
        assertTrue(b.exists(Layout.table(7)) && b.exists(Layout.walSegment(3)) && b.exists(Layout.manifest(3)));
    }

    @Test
    void damageIsTypedAndNamed() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        ManifestStore s = new ManifestStore(b);
        s.publish(sample(1));
        byte[] cur = b.read(Layout.CURRENT);
        cur[cur.length - 1] ^= 1;
        b.write(Layout.CURRENT, cur);
        CorruptionException e = assertThrows(CorruptionException.class, s::load);
        assertEquals(Layout.CURRENT, e.object());
        s.publish(sample(1));
        b.delete(Layout.manifest(1));
        assertTrue(assertThrows(CorruptionException.class, s::load).getMessage().contains(Layout.manifest(1)));
        b.write(Layout.manifest(1), new FormatHeader(ObjectKind.MANIFEST, 7).encode());
        assertThrows(UnsupportedFormatException.class, s::load);
        assertThrows(IllegalArgumentException.class, () -> new ManifestRecord(1, 0, 0, 1, 5,
                List.of(new ManifestRecord.TableEntry(0, 5, null)), null));
    }

    @Test
    void timelineRoundTrip() throws Exception {
        Timeline t = new Timeline();
        long ts = 1_700_000_000_000_000L;
        for (long v = 1; v <= 5000; v++) {
            ts += 1 + (v % 97) * 13;
            t.append(v, ts);
        }
        byte[] enc = TimelineCodec.encode(t, 4000);
        Timeline back = TimelineCodec.decode(enc, "m");
        assertEquals(4000, back.last());
        assertEquals(t.timestampOf(4000), back.timestampOf(4000));
        assertEquals(t.timestampOf(1), back.timestampOf(1));
        assertEquals(0, TimelineCodec.decode(new byte[0], "m").last());
        assertThrows(CorruptionException.class, () -> TimelineCodec.decode(java.util.Arrays.copyOf(enc, 50), "m"));
    }

    private static Timeline sampleTimeline(int n) {
        Timeline t = new Timeline();
        long ts = 1_700_000_000_000_000L;
        for (long v = 1; v <= n; v++) {
            ts += 1 + (v % 97) * 13;
            t.append(v, ts);
        }
        return t;
    }

    @Test
    void timelineChunksRoundTripAndRefuseWhatTheManifestDoesNotExpect() throws Exception {
        Timeline t = sampleTimeline(5000);
        byte[] head = TimelineCodec.encodeChunk(t, 1, 1200);
        byte[] tail = TimelineCodec.encodeChunk(t, 1201, 5000);
        Timeline back = new Timeline();
        TimelineCodec.decodeChunk(head, "a", 1, 1200, back);
        TimelineCodec.decodeChunk(tail, "b", 1201, 5000, back);
        assertEquals(5000, back.last());
        for (long v = 1; v <= 5000; v += 37) {
            assertEquals(t.timestampOf(v), back.timestampOf(v));
        }
        // the wrong range, a gap, a damaged byte, a truncated object
        assertThrows(CorruptionException.class, () -> TimelineCodec.decodeChunk(tail, "b", 1201, 4999, new Timeline()));
        assertThrows(CorruptionException.class, () -> TimelineCodec.decodeChunk(tail, "b", 1201, 5000, new Timeline()));
        byte[] bad = tail.clone();
        bad[40] ^= 1;
        Timeline fresh = new Timeline();
        TimelineCodec.decodeChunk(head, "a", 1, 1200, fresh);
        assertThrows(CorruptionException.class, () -> TimelineCodec.decodeChunk(bad, "b", 1201, 5000, fresh));
        assertThrows(CorruptionException.class,
                () -> TimelineCodec.decodeChunk(java.util.Arrays.copyOf(head, 30), "a", 1, 1200, new Timeline()));
    }

    @Test
    void runtimeStateListsChunksAndStillReadsAnInlineTimeline() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        Timeline t = sampleTimeline(3000);
        b.write(Layout.timelineChunk(11), TimelineCodec.encodeChunk(t, 1, 2000));
        b.write(Layout.timelineChunk(12), TimelineCodec.encodeChunk(t, 2001, 3000));
        RuntimeState s = RuntimeState.of(77, List.of(new RuntimeState.Chunk(11, 1, 2000),
                new RuntimeState.Chunk(12, 2001, 3000)), java.util.Map.of(1L, new long[] {3000, 5}));
        RuntimeState back = RuntimeState.decode(s.encode(), "m");
        assertEquals(77, back.createdMicros());
        assertEquals(s.chunks(), back.chunks());
        assertArrayEquals(new long[] {3000, 5}, back.marks().get(1L));
        assertEquals(t.timestampOf(2500), back.timeline(b).timestampOf(2500));
        assertEquals(java.util.Set.of(11L, 12L), RuntimeState.chunkIds(s.encode(), "m"));
        // chunks that do not continue each other are damage
        byte[] gap = RuntimeState.of(1, List.of(new RuntimeState.Chunk(11, 1, 2000), new RuntimeState.Chunk(12, 2002, 3000)),
                java.util.Map.of()).encode();
        assertThrows(CorruptionException.class, () -> RuntimeState.decode(gap, "m"));

        // format 2 (earlier builds): the whole timeline inline
        byte[] inline = TimelineCodec.encode(t, 3000);
        java.nio.ByteBuffer f2 = java.nio.ByteBuffer.allocate(1 + 8 + 4 + inline.length + 4);
        f2.put((byte) 2).putLong(55).putInt(inline.length).put(inline).putInt(0);
        RuntimeState old = RuntimeState.decode(f2.array(), "m");
        assertEquals(55, old.createdMicros());
        assertTrue(old.chunks().isEmpty());
        assertEquals(t.timestampOf(3000), old.timeline(b).timestampOf(3000));
        assertEquals(java.util.Set.of(), RuntimeState.chunkIds(f2.array(), "m"));
    }

    @Test
    void garbageCollectionDeletesTimelineChunksTheLiveManifestDoesNotList() throws Exception {
        InMemoryBackend b = new InMemoryBackend();
        ManifestStore s = new ManifestStore(b);
        Timeline t = sampleTimeline(100);
        s.writeTimelineChunk(40, TimelineCodec.encodeChunk(t, 1, 50));
        s.writeTimelineChunk(41, TimelineCodec.encodeChunk(t, 51, 100));
        s.writeTimelineChunk(42, TimelineCodec.encodeChunk(t, 1, 100));
        byte[] extra = RuntimeState.of(1, List.of(new RuntimeState.Chunk(42, 1, 100)), java.util.Map.of()).encode();
        ManifestRecord live = new ManifestRecord(1, 100, 5, 0, 100, List.of(), extra);
        s.publish(live);
        assertEquals(List.of(Layout.timelineChunk(40), Layout.timelineChunk(41)), s.unreachable(live, false));
        s.collectGarbage(live, false);
        assertTrue(b.exists(Layout.timelineChunk(42)));
        assertTrue(!b.exists(Layout.timelineChunk(40)) && !b.exists(Layout.timelineChunk(41)));
    }
}
