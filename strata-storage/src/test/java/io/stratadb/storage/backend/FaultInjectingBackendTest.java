package io.stratadb.storage.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.InjectedIOException;
import io.stratadb.storage.internal.layout.Layout;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract (with no faults planned) plus the fault and crash semantics. */
class FaultInjectingBackendTest extends BackendContractTest {
    @Override
    protected Backend newBackend() throws Exception {
        return new FaultInjectingBackend(new InMemoryBackend(), true);
    }

    private static FaultInjectingBackend fresh() throws Exception {
        return new FaultInjectingBackend(new InMemoryBackend());
    }

    @Test
    void failOnceHasNoEffectAndThenWorks() throws Exception {
        FaultInjectingBackend f = fresh();
        f.write("wal/a", b("1")); // op 1
        f.failOnce(2);
        InjectedIOException e = assertThrows(InjectedIOException.class, () -> f.append("wal/a", b("2")));
        assertEquals(2, e.opNumber());
        assertTrue(e.getMessage().contains("wal/a"), e.getMessage());
        f.append("wal/a", b("3"));
        assertArrayEquals(b("13"), f.read("wal/a"));
    }

    @Test
    void failFromKillsEverythingAfter() throws Exception {
        FaultInjectingBackend f = fresh();
        f.failFrom(1);
        assertThrows(InjectedIOException.class, () -> f.write("wal/a", b("1")));
        assertTrue(f.isDead());
        assertThrows(InjectedIOException.class, () -> f.read("wal/a"));
        assertThrows(InjectedIOException.class, () -> f.exists("wal/a"));
    }

    @Test
    void syncedDataSurvivesEveryCrash() throws Exception {
        for (int seed = 0; seed < 200; seed++) {
            FaultInjectingBackend f = fresh();
            try (Appender a = f.openAppender("wal/s")) {
                a.append(b("durable"));
                a.sync();
                a.append(b("-volatile"));
            }
            f.write("tables/t", b("unsynced"));
            f.publish(Layout.CURRENT, b("ptr"));
            InMemoryBackend img = f.crashImage(new Random(seed * 0x9E3779B97F4A7C15L + 7));
            byte[] s = img.read("wal/s");
            assertTrue(s.length >= 7, "seed " + seed);
            assertArrayEquals(b("durable"), java.util.Arrays.copyOf(s, 7), "seed " + seed);
            assertArrayEquals(b("ptr"), img.read(Layout.CURRENT), "seed " + seed);
        }
    }

    @Test
    void unsyncedChangesAreDroppedTornReorderedOrGarbled() throws Exception {
        Set<String> outcomes = new HashSet<>();
        for (int seed = 0; seed < 300; seed++) {
            FaultInjectingBackend f = fresh();
            f.write("wal/s", b("AA"));
            f.sync("wal/s");
            f.append("wal/s", b("BB"));
            f.append("wal/s", b("CC"));
            byte[] s = f.crashImage(new Random(seed * 0x9E3779B97F4A7C15L + 7)).read("wal/s");
            outcomes.add(new String(s, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertTrue(outcomes.contains("AA"), outcomes.toString());
        assertTrue(outcomes.contains("AABBCC"), outcomes.toString());
        assertTrue(outcomes.contains("AAB"), outcomes.toString()); // torn
        assertTrue(outcomes.contains("AA\0\0CC"), outcomes.toString()); // reordered: second append without the first
        assertTrue(outcomes.size() > 6, "garbage outcomes expected: " + outcomes.size());
    }

    @Test
    void unsyncedWritesOverReservedZerosAreLostAsZerosTornOrGarbled() throws Exception {
        Set<String> outcomes = new HashSet<>();
        for (int seed = 0; seed < 300; seed++) {
            FaultInjectingBackend f = fresh();
            try (Appender a = f.openReserved("wal/r", 8)) {
                a.append(b("AA"));
                a.sync();
                a.append(b("BB"));
                a.append(b("CC"));
            }
            byte[] s = f.crashImage(new Random(seed * 0x9E3779B97F4A7C15L + 7)).read("wal/r");
            assertEquals(8, s.length, "the reservation is durable: seed " + seed);
            outcomes.add(new String(s, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertTrue(outcomes.contains("AA\0\0\0\0\0\0"), outcomes.toString()); // both lost: zeros remain
        assertTrue(outcomes.contains("AABBCC\0\0"), outcomes.toString());
        assertTrue(outcomes.contains("AAB\0\0\0\0\0"), outcomes.toString()); // torn
        assertTrue(outcomes.contains("AA\0\0CC\0\0"), outcomes.toString()); // reordered
        assertTrue(outcomes.stream().allMatch(o -> o.startsWith("AA")), outcomes.toString());
        assertTrue(outcomes.size() > 6, "garbage outcomes expected: " + outcomes.size());
    }

    @Test
    void reservingIsAtomicAndCountsAsAWriteAndASync() throws Exception {
        for (long at = 1; at <= 2; at++) { // the temp file's write, then its sync: a crash at either leaves nothing
            FaultInjectingBackend f = fresh();
            f.failFrom(f.opCount() + at);
            assertThrows(InjectedIOException.class, () -> f.openReserved("wal/r", 4));
            for (int seed = 0; seed < 20; seed++) {
                assertFalse(f.crashImage(new Random(seed)).exists("wal/r"), "op " + at + " seed " + seed);
            }
        }
        FaultInjectingBackend h = fresh();
        long before = h.opCount();
        h.openReserved("wal/r", 4).close();
        assertEquals(before + 2, h.opCount());
        assertArrayEquals(new byte[4], h.crashImage(new Random(1)).read("wal/r"), "durable once returned");
    }

    @Test
    void unsyncedCreationMayVanishAndRenameMayBeLost() throws Exception {
        boolean vanished = false;
        boolean oldPointer = false;
        for (int seed = 0; seed < 100; seed++) {
            FaultInjectingBackend f = fresh();
            f.publish(Layout.CURRENT, b("old"));
            f.write("tables/t", b("x"));
            f.failFrom(f.opCount() + 4); // publish = temp, sync, rename, dir-sync: crash at the dir-sync
            assertThrows(InjectedIOException.class, () -> f.publish(Layout.CURRENT, b("new")));
            InMemoryBackend img = f.crashImage(new Random(seed * 0x9E3779B97F4A7C15L + 7));
            vanished |= !img.exists("tables/t");
            String cur = new String(img.read(Layout.CURRENT), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(cur.equals("old") || cur.equals("new"), cur);
            oldPointer |= cur.equals("old");
        }
        assertTrue(vanished);
        assertTrue(oldPointer);
    }

    @Test
    void publishFailureBeforeRenameKeepsOldContent() throws Exception {
        FaultInjectingBackend f = fresh();
        f.publish(Layout.CURRENT, b("old"));
        f.failOnce(f.opCount() + 2);
        assertThrows(InjectedIOException.class, () -> f.publish(Layout.CURRENT, b("new")));
        assertArrayEquals(b("old"), f.read(Layout.CURRENT));
        assertArrayEquals(b("old"), f.crashImage(new Random(1)).read(Layout.CURRENT));
    }

    @Test
    void deleteIsDurable() throws Exception {
        FaultInjectingBackend f = fresh();
        f.write("tables/t", b("x"));
        f.sync("tables/t");
        f.delete("tables/t");
        assertFalse(f.crashImage(new Random(3)).exists("tables/t"));
    }
}
