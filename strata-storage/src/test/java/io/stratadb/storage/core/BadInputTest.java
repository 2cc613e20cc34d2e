package io.stratadb.storage.core;

import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets a clear typed error naming it, or the empty result DESIGN.md asks for. */
class BadInputTest {
    private static final Key K = Key.of("default", 1, "k");

    private static void assertMessage(Class<? extends Throwable> type, Executable call, String... fragments) {
        Throwable t = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(t.getMessage().contains(f), () -> "message '" + t.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void badKeys() {
        assertMessage(InvalidKeyException.class, () -> Key.of("default", 1, (byte[]) null), "null");
        assertMessage(InvalidKeyException.class, () -> Key.of("default", 1, (String) null), "null");
        assertMessage(InvalidKeyException.class, () -> Key.of("default", 1, new byte[0]), "empty");
        assertMessage(InvalidKeyException.class, () -> Key.of("default", 1, new byte[1025]), "1025", "1024");
        assertMessage(InvalidKeyException.class, () -> Key.of(null, 1, "k"), "space");
        assertMessage(InvalidKeyException.class, () -> Key.of("", 1, "k"), "space");
        assertMessage(InvalidKeyException.class, () -> Key.of("s", 256, "k"), "256");
        // the space name limit is 255 UTF-8 bytes, whatever the char count
        Key.of("s".repeat(255), 1, "k");
        Key.of("\u20ac".repeat(85), 1, "k"); // 255 bytes
        assertMessage(InvalidKeyException.class, () -> Key.of("s".repeat(256), 1, "k"), "255");
        assertMessage(InvalidKeyException.class, () -> Key.of("\u20ac".repeat(86), 1, "k"), "255"); // 258 bytes
        assertMessage(InvalidKeyException.class, () -> Key.of("s".repeat(84) + "\uD83D\uDE00".repeat(43), 1, "k"),
                "255"); // 84 + 43 * 4 = 256 bytes in 170 chars
        assertMessage(InvalidKeyException.class, () -> KeyRange.prefix("s", 1, new byte[1025]), "1025");
        Key.of("default", 1, new byte[1024]);
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            assertMessage(InvalidKeyException.class, () -> db.read("default", null), "key");
            assertMessage(InvalidKeyException.class, () -> db.snapshot("default").scan(null), "range");
            assertMessage(InvalidKeyException.class, () -> db.history("default", null), "key");
            assertMessage(InvalidKeyException.class, () -> db.commit("default", null), "batch");
            assertMessage(InvalidKeyException.class, () -> db.commit("default", new WriteBatch()), "empty");
            assertMessage(InvalidKeyException.class, () -> new WriteBatch().put(K, null), "value", "k");
            assertMessage(InvalidKeyException.class, () -> db.scan("default", KeyRange.interval("s", 1,
                    new byte[2000], null), 0), "2000");
            try (Transaction tx = db.begin("default")) {
                assertMessage(InvalidKeyException.class, () -> tx.put(null, new byte[1]), "key");
                assertMessage(InvalidKeyException.class, () -> tx.put(K, null), "value");
                assertMessage(InvalidKeyException.class, () -> tx.get(null), "key");
            }
        }
    }

    @Test
    void branchErrors() {
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            assertMessage(BranchNotFoundException.class, () -> db.snapshot("nope"), "nope");
            assertMessage(BranchNotFoundException.class, () -> db.read("nope", K), "nope");
            assertMessage(BranchNotFoundException.class, () -> db.commit("nope", new WriteBatch().put(K, new byte[1])),
                    "nope");
            assertMessage(BranchNotFoundException.class, () -> db.begin("nope"), "nope");
            assertMessage(BranchNotFoundException.class, () -> db.fork("nope", "x"), "nope");
            assertMessage(BranchNotFoundException.class, () -> db.deleteBranch("nope"), "nope");
            assertMessage(BranchNotFoundException.class, () -> db.asOf("nope", 0), "nope");
            assertTrue(db.branch("nope").isEmpty());
            assertMessage(BranchExistsException.class, () -> db.fork("default", "default"), "default");
            assertMessage(BranchExistsException.class, () -> db.createBranch("default"), "default");
            db.createBranch("b");
            assertMessage(BranchExistsException.class, () -> db.fork("default", "b"), "'b'");
            assertMessage(InvalidKeyException.class, () -> db.deleteBranch("default"), "default");
            assertMessage(InvalidKeyException.class, () -> db.createBranch(null), "null");
            assertMessage(InvalidKeyException.class, () -> db.createBranch(""), "branch");
            assertMessage(InvalidKeyException.class, () -> db.createBranch("x".repeat(256)), "255");
            assertMessage(InvalidKeyException.class, () -> db.fork("default", "y", 99), "99");
            assertMessage(InvalidKeyException.class, () -> db.fork("default", "y", -1), "-1");
            assertMessage(InvalidKeyException.class, () -> db.addCommitListener(null), "listener");
            // a transaction whose branch disappears cannot commit
            Transaction tx = db.begin("b");
            tx.put(K, new byte[1]);
            db.deleteBranch("b");
            assertThrows(BranchNotFoundException.class, tx::commit);
            Transaction tx2 = db.begin("default");
            tx2.put(K, new byte[1]);
            db.createBranch("gone");
            Transaction tx3 = db.begin("gone");
            tx3.put(K, new byte[1]);
            db.deleteBranch("gone");
            db.createBranch("gone");
            assertMessage(StorageStateException.class, tx3::commit, "re-created");
            tx2.commit();
            assertTrue(db.read("gone", K).isEmpty(), "re-created branch starts empty");
        }
    }

    @Test
    void asOfEdges() {
        long[] clock = {1000};
        try (Storage db = Storage.open(StorageOptions.inMemory().withClock(() -> clock[0]))) {
            ReadView empty = db.asOf("default", 0);
            assertEquals(0, empty.version());
            assertTrue(empty.get(K).isEmpty());
            assertTrue(db.asOfTimestamp("default", 5).get(K).isEmpty());
            assertEquals(0, db.versionAt(Long.MIN_VALUE));
            assertMessage(InvalidKeyException.class, () -> db.asOf("default", 1), "1", "latest");
            db.commit("default", new WriteBatch().put(K, new byte[] {7}));
            assertEquals(0, db.asOfTimestamp("default", 999).version());
            assertTrue(db.asOfTimestamp("default", 999).get(K).isEmpty());
            assertEquals(1, db.asOfTimestamp("default", 1000).version());
            assertEquals(1, db.asOfTimestamp("default", Long.MAX_VALUE).version());
            assertMessage(InvalidKeyException.class, () -> db.asOf("default", 2), "2");
            assertMessage(InvalidKeyException.class, () -> db.asOf("default", -1), "-1");
            assertMessage(InvalidKeyException.class, () -> db.timestampOf(5), "5");
            // a clock that stands still or goes back still yields strictly increasing timestamps
            clock[0] = 10;
            long t2 = db.commit("default", new WriteBatch().put(K, new byte[] {8})).timestampMicros();
            long t3 = db.commit("default", new WriteBatch().put(K, new byte[] {9})).timestampMicros();
            assertEquals(1001, t2);
            assertEquals(1002, t3);
        }
    }

    @Test
    void useAfterCloseAndFinishedTransactions() {
        Storage db = Storage.open(StorageOptions.inMemory());
        db.commit("default", new WriteBatch().put(K, new byte[1]));
        ReadView view = db.snapshot("default");
        Transaction open = db.begin("default");
        Transaction done = db.begin("default");
        done.put(K, new byte[2]);
        done.commit();
        assertTrue(done.isFinished());
        assertMessage(StorageStateException.class, done::commit, "finished");
        assertMessage(StorageStateException.class, () -> done.put(K, new byte[1]), "finished");
        assertMessage(StorageStateException.class, () -> done.get(K), "finished");
        Transaction rolled = db.begin("default");
        rolled.put(K, new byte[3]);
        rolled.rollback();
        rolled.rollback();
        rolled.close();
        assertMessage(StorageStateException.class, rolled::commit, "finished");
        assertEquals(2, db.read("default", K).orElseThrow().value().length);

        db.close();
        db.close();
        List<Executable> calls = new ArrayList<>(List.of(
                () -> db.read("default", K), () -> db.snapshot("default"), () -> db.latestVersion(),
                () -> db.commit("default", new WriteBatch().put(K, new byte[1])), () -> db.begin("default"),
                () -> db.fork("default", "x"), () -> db.createBranch("x"), () -> db.deleteBranch("x"),
                () -> db.listBranches(), () -> db.stats(), () -> db.flush(), () -> db.compact(),
                () -> db.asOfTimestamp("default", 1), () -> view.get(K), () -> view.scan(KeyRange.all()),
                () -> open.get(K), () -> db.versionAt(1), () -> db.recoveryHealth()));
        for (Executable call : calls) {
            assertMessage(StorageStateException.class, call, "closed");
        }
    }

    @Test
    void readOnlyRejectsWrites() {
        try (Storage db = Storage.open(StorageOptions.inMemory().withReadOnly(true))) {
            assertMessage(StorageStateException.class, () -> db.commit("default",
                    new WriteBatch().put(K, new byte[1])), "read-only");
            assertMessage(StorageStateException.class, () -> db.fork("default", "x"), "read-only");
            Transaction tx = db.begin("default");
            tx.put(K, new byte[1]);
            assertMessage(StorageStateException.class, tx::commit, "read-only");
            assertTrue(db.read("default", K).isEmpty());
        }
    }

    @Test
    void listenerMisbehaviour() {
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            List<Long> seen = new ArrayList<>();
            db.addCommitListener((branch, c, writes) -> {
                throw new IllegalStateException("listener bug");
            });
            db.addCommitListener((branch, c, writes) -> {
                seen.add(c.version());
                assertThrows(StorageStateException.class,
                        () -> db.commit("default", new WriteBatch().put(K, new byte[1])));
            });
            db.commit("default", new WriteBatch().put(K, new byte[5]));
            assertEquals(List.of(1L), seen);
            assertEquals(5, db.read("default", K).orElseThrow().value().length);
        }
    }
}
