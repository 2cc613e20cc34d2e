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
}
