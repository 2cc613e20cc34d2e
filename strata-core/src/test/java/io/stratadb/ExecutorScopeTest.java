package io.stratadb;

import io.stratadb.command.CommandJson;
import io.stratadb.command.KvCommand;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;
import io.stratadb.command.TxnCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands run directly through {@link Strata#execute}: scopes, session rules, JSON in and out, threads. */
class ExecutorScopeTest {
    private final Strata db = TestDb.open();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void explicitScopeOverridesTheSession() {
        db.branches().create("other");
        db.execute(new KvCommand.Put("k", Value.of("in other/s1"), new Scope("other", "s1", null, null)));
        assertEquals(Result.Maybe.NONE, db.execute(new KvCommand.Get("k", null)));
        assertEquals(Value.of("in other/s1"), db.execute(new KvCommand.Get("k", new Scope("other", "s1", null, null)))
                .value());
        assertEquals("default", db.branches().current(), "a scope does not move the session");
    }

    @Test
    void writesAsOfThePastAreDenied() {
        long v = db.kv().put("k", 1);
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> db.execute(new KvCommand.Put("k", Value.of(2L), Scope.asOfVersion(v))));
        assertTrue(e.getMessage().startsWith("kv_put"), e.getMessage());
    }

    @Test
    void aTransactionStaysOnItsBranch() {
        db.branches().create("other");
        db.execute(new TxnCommand.Begin(false));
        StateException e = assertThrows(StateException.class,
                () -> db.execute(new KvCommand.Put("k", Value.of(1L), Scope.branch("other"))));
        assertTrue(e.getMessage().contains("'other'"), e.getMessage());
        db.execute(new TxnCommand.Rollback());
    }

    @Test
    void jsonInJsonOut() {
        Result put = db.execute(CommandJson.commandFromJson(
                "{\"op\":\"json_set\",\"key\":\"doc\",\"path\":\"$\",\"value\":{\"b\":{\"$bytes\":\"AAE=\"}}}"));
        assertEquals("{\"result\":\"version\",\"version\":1}", CommandJson.toJson(put));
        Result got = db.execute(CommandJson.commandFromJson("{\"op\":\"json_get\",\"key\":\"doc\",\"path\":\"$.b\"}"));
        assertEquals("{\"result\":\"maybe\",\"found\":true,\"value\":{\"$bytes\":\"AAE=\"}}", CommandJson.toJson(got));
    }

    @Test
    void concurrentTransactionsWithRetryLoseNoIncrement() throws Exception {
        long seed = Seeds.seed();
        Random rnd = new Random(seed);
        int threads = 4;
        int perThread = 25 + rnd.nextInt(25);
        db.kv().put("counter", 0);
        AtomicInteger attempts = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        db.transaction(TxOptions.retrying(10_000), tx -> {
                            attempts.incrementAndGet();
                            long c = tx.kv().get("counter").orElseThrow().asLong();
                            tx.kv().put("counter", c + 1);
                        });
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures, "[seed " + seed + "]");
        assertEquals(Value.of((long) threads * perThread), db.kv().get("counter").orElseThrow(),
                "lost increments after " + attempts.get() + " attempts [seed " + seed + "]");
    }
}
