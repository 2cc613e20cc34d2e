package io.stratadb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transactions (closure and manual), read-only transactions, retries, db.at() snapshots, info/lifecycle. */
class TransactionSnapshotFacadeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void transactionCommitsEveryPrimitiveAtomically() {
        db.transaction(tx -> {
            tx.kv().put("a", 1);
            tx.state().set("s", "x");
            tx.events().append("e", Map.of("k", 1));
            tx.json().set("d", "$", Map.of("n", 1));
            assertEquals(Value.of(1L), tx.kv().get("a").orElseThrow(), "read-your-writes");
            assertEquals(Optional.empty(), db.kv().get("a"), "invisible outside before commit");
        });
        assertEquals(Value.of(1L), db.kv().get("a").orElseThrow());
        assertEquals(Value.of("x"), db.state().get("s").orElseThrow());
        assertEquals(1, db.events().count());
        assertEquals(Value.of(1L), db.json().get("d", "$.n").orElseThrow());
        long v = db.kv().getVersioned("a").orElseThrow().commitVersion();
        assertEquals(v, db.state().getVersioned("s").orElseThrow().commitVersion(), "one commit for all writes");
    }

    @Test
    void exceptionRollsBackEveryWrite() {
        db.kv().put("a", "before");
        RuntimeException boom = new RuntimeException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> db.transaction(tx -> {
            tx.kv().put("a", "during");
            tx.kv().put("b", 2);
            tx.events().append("e", Map.of());
            tx.json().set("d", "$", Map.of());
            tx.state().set("s", 1);
            throw boom;
        }));
        assertEquals(boom, thrown);
        assertEquals(Value.of("before"), db.kv().get("a").orElseThrow());
        assertEquals(Optional.empty(), db.kv().get("b"));
        assertEquals(0, db.events().count());
        assertEquals(Optional.empty(), db.json().get("d"));
        assertEquals(Optional.empty(), db.state().get("s"));
    }

    @Test
    void transactionResultReturnsTheBodyValue() {
        db.kv().put("n", 41);
        long n = db.transactionResult(tx -> {
            long next = tx.kv().get("n").orElseThrow().asLong() + 1;
            tx.kv().put("n", next);
            return next;
        });
        assertEquals(42, n);
    }

    @Test
    void readOnlyTransactionRefusesWrites() {
        db.kv().put("key1", "value1");
        db.transaction(TxOptions.READ_ONLY, tx -> {
            assertEquals(Value.of("value1"), tx.kv().get("key1").orElseThrow());
            assertThrows(AccessDeniedException.class, () -> tx.kv().put("x", 1));
        });
        db.begin(true);
        assertTrue(db.txnInfo().readOnly());
        assertThrows(AccessDeniedException.class, () -> db.kv().put("x", 1));
        db.rollback();
    }

    @Test
    void transactionHandleIsDeadAfterTheBody() {
        Transaction[] leaked = new Transaction[1];
        db.transaction(tx -> {
            tx.spaces().use("inner");
            tx.kv().put("a", 1);
            leaked[0] = tx;
        });
        assertThrows(StateException.class, () -> leaked[0].kv().put("b", 2));
        assertEquals(Optional.empty(), db.kv().get("a"), "the transaction wrote into space 'inner'");
        db.spaces().use("inner");
        assertEquals(Value.of(1L), db.kv().get("a").orElseThrow());
        assertEquals(Optional.empty(), db.kv().get("b"));
    }

    @Test
    void manualBeginCommitRollback() {
        assertFalse(db.inTransaction());
        db.begin();
        assertTrue(db.inTransaction());
        db.kv().put("a", 1);
        assertTrue(db.txnInfo().hasWrites());
        long v = db.commit();
        assertTrue(v > 0);
        assertFalse(db.inTransaction());
        assertEquals(Value.of(1L), db.kv().get("a").orElseThrow());

        db.begin();
        db.kv().put("a", 2);
        db.kv().put("b", 2);
        db.rollback();
        assertEquals(Value.of(1L), db.kv().get("a").orElseThrow());
        assertEquals(Optional.empty(), db.kv().get("b"));

        assertThrows(StateException.class, db::commit, "no active transaction");
        assertThrows(StateException.class, db::rollback);
        db.begin();
        assertThrows(StateException.class, db::begin, "one transaction per session");
        assertThrows(StateException.class, () -> db.branches().use("default"), "no branch switch inside");
        db.rollback();
    }

    @Test
    void conflictIsThrownAndRetryHelperReruns() {
        db.kv().put("counter", 0);
        Strata other = db.newSession();
        db.begin();
        long seen = db.kv().get("counter").orElseThrow().asLong();
        other.kv().put("counter", 100); // a concurrent commit to a key the transaction read
        db.kv().put("counter", seen + 1);
        assertThrows(ConflictException.class, db::commit);
        assertFalse(db.inTransaction(), "a conflicted transaction is over");
        assertEquals(Value.of(100L), db.kv().get("counter").orElseThrow(), "nothing applied");

        AtomicInteger attempts = new AtomicInteger();
        db.transaction(TxOptions.retrying(3), tx -> {
            long c = tx.kv().get("counter").orElseThrow().asLong();
            if (attempts.incrementAndGet() == 1) {
                other.kv().put("counter", c + 1000); // make the first attempt conflict
            }
            tx.kv().put("counter", c + 1);
        });
        assertEquals(2, attempts.get());
        assertEquals(Value.of(1101L), db.kv().get("counter").orElseThrow());
        other.close();
    }

    @Test
    void snapshotIsConsistentAndReadOnly() {
        db.kv().put("k", "v1");
        db.state().set("s", 1);
        db.events().append("e", Map.of("n", 1));
        db.json().set("d", "$", Map.of("n", 1));
        long v = db.kv().getVersioned("k").orElseThrow().commitVersion();
        long at = db.json().getVersioned("d").orElseThrow().commitVersion();
        db.kv().put("k", "v2");
        db.state().set("s", 2);
        db.events().append("e", Map.of("n", 2));
        db.json().set("d", "$.n", 2);
        db.kv().delete("k");

        Snapshot snap = db.at(at);
        assertEquals(Value.of("v1"), snap.kv().get("k").orElseThrow());
        assertEquals(Value.of(1L), snap.state().get("s").orElseThrow());
        assertEquals(1, snap.events().count());
        assertEquals(Value.of(1L), snap.json().get("d", "$.n").orElseThrow());
        assertThrows(AccessDeniedException.class, () -> snap.kv().put("x", 1));
        assertThrows(AccessDeniedException.class, () -> snap.events().append("e", Map.of()));

        Snapshot byTime = db.at(AsOf.timestamp(db.kv().history("k").get(2).timestampMicros()));
        assertEquals(Value.of("v1"), byTime.kv().get("k").orElseThrow());
        assertEquals(Optional.empty(), db.at(0).kv().get("k"));
        assertTrue(v <= at);
        assertNotNull(db.at(java.time.Instant.now()).kv().list());
        assertThrows(ValidationException.class, () -> db.at(1_000_000L), "a version above the latest fails at once");

        Snapshot future = db.at(java.time.Instant.now().plusSeconds(3600));
        long pinned = future.version();
        db.kv().put("later", 1);
        assertEquals(Optional.empty(), future.kv().get("later"), "a future timestamp is pinned when taken");
        assertEquals(pinned, future.version());
    }

    @Test
    void snapshotKeepsItsBranchAfterSwitching() {
        db.kv().put("k", "default");
        Snapshot snap = db.at(db.kv().getVersioned("k").orElseThrow().commitVersion());
        db.branches().create("b");
        db.branches().use("b");
        assertEquals("default", snap.branch());
        assertEquals(Value.of("default"), snap.kv().get("k").orElseThrow());
    }

    @Test
    void pingInfoFlushCompact() {
        assertEquals(io.stratadb.internal.executor.Database.VERSION, db.ping());
        db.kv().put("a", 1);
        DatabaseInfo info = db.info();
        assertFalse(info.persistent());
        assertEquals("in_memory", info.durability());
        assertTrue(info.recovery().healthy(), info.health());
        assertEquals("default", info.currentBranch());
        assertTrue(info.latestVersion() >= 1);
        assertEquals(1, info.branches());
        db.flush();
        db.compact();
    }


    @Test
    void optionsValidate() {
        assertThrows(ValidationException.class, () -> Options.defaults().withMemtableBytes(1));
        assertThrows(ValidationException.class, () -> Options.Durability.parse("sometimes"));
        assertEquals(Options.Durability.STRICT, Options.Durability.parse("Strict"));
        assertThrows(ValidationException.class, () -> new TxOptions(false, 0));
        assertThrows(ValidationException.class, () -> Strata.open(null));
    }
}
