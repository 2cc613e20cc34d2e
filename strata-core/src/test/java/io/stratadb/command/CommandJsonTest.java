package io.stratadb.command;

import io.stratadb.Seeds;
import io.stratadb.ValidationException;
import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command and every result round-trips through JSON, with seeded random values (Bytes, nesting). */
class CommandJsonTest {
    private static final int ROUNDS = 40;

    @Test
    void everyCommandRoundTrips() {
        long seed = Seeds.seed();
        RandomRecords gen = new RandomRecords(new Random(seed));
        assertTrue(CommandNames.commands().size() >= 45, "commands registered: " + CommandNames.commands().keySet());
        for (Map.Entry<String, Class<?>> e : CommandNames.commands().entrySet()) {
            for (int i = 0; i < ROUNDS; i++) {
                Command<?> c = (Command<?>) gen.record(e.getValue());
                assertNotNull(c, "could not build a valid " + e.getKey() + " [seed " + seed + "]");
                assertEquals(e.getKey(), c.op());
                String json = CommandJson.toJson(c);
                assertEquals(c, CommandJson.commandFromJson(json), e.getKey() + " via " + json + " [seed " + seed + "]");
            }
        }
    }

    @Test
    void everyResultRoundTrips() {
        long seed = Seeds.seed();
        RandomRecords gen = new RandomRecords(new Random(seed));
        assertTrue(CommandNames.results().size() >= 25, "results registered: " + CommandNames.results().keySet());
        for (Map.Entry<String, Class<?>> e : CommandNames.results().entrySet()) {
            for (int i = 0; i < ROUNDS; i++) {
                Result r = (Result) gen.record(e.getValue());
                assertNotNull(r, "could not build a valid " + e.getKey() + " [seed " + seed + "]");
                String json = CommandJson.toJson(r);
                assertEquals(r, CommandJson.resultFromJson(json), e.getKey() + " via " + json + " [seed " + seed + "]");
            }
        }
    }

    @Test
    void nullValueAndMissingValueStayDistinct() {
        Versioned tomb = Versioned.tombstone(3, 7, 99);
        Versioned nullValue = Versioned.of(Value.Null.INSTANCE, 3, 7, 99);
        assertEquals(tomb, roundTrip(new Result.VersionedOne(tomb)).versioned());
        assertEquals(nullValue, roundTrip(new Result.VersionedOne(nullValue)).versioned());
        assertNull(roundTrip(new Result.VersionedOne(null)).versioned());
        assertEquals(Result.Maybe.NONE, roundTrip(Result.Maybe.NONE));
        assertEquals(new Result.Maybe(true, Value.Null.INSTANCE), roundTrip(new Result.Maybe(true, Value.Null.INSTANCE)));
    }

    @Test
    void bytesAreTaggedInJson() {
        var put = new KvCommand.Put("k", Value.of(new byte[] {1, 2, 3}), null);
        String json = CommandJson.toJson(put);
        assertEquals("{\"op\":\"kv_put\",\"key\":\"k\",\"value\":{\"$bytes\":\"AQID\"}}", json);
        assertEquals(put, CommandJson.commandFromJson(json));
    }

    @Test
    void handWrittenJsonParses() {
        Command<?> c = CommandJson.commandFromJson(
                "{\"op\":\"state_cas\",\"cell\":\"counter\",\"value\":2,\"expectedVersion\":1}");
        assertEquals(new StateCommand.Cas("counter", Value.of(2L), 1L, null), c);
        Command<?> m = CommandJson.commandFromJson("{\"op\":\"branch_merge\",\"source\":\"exp\",\"dryRun\":true}");
        assertEquals(new BranchCommand.Merge("exp", null, null, true), m);
        assertEquals(new TxnCommand.Begin(false), CommandJson.commandFromJson("{\"op\":\"txn_begin\"}"),
                "absent flags are false");
    }

    @Test
    void badJsonGivesTypedErrorsNamingTheProblem() {
        assertMessage("unknown command \"kv_frobnicate\"", "{\"op\":\"kv_frobnicate\"}");
        assertMessage("needs a string field \"op\"", "{\"key\":\"a\"}");
        assertMessage("malformed JSON", "{\"op\":");
        assertMessage("key must be a non-empty string", "{\"op\":\"kv_get\"}");
        assertMessage("payload must be an Object", "{\"op\":\"event_append\",\"type\":\"t\",\"payload\":3}");
        assertMessage("kv_put", "{\"op\":\"kv_put\",\"key\":\"a\",\"value\":1,\"bogus\":2}");
        assertMessage("sequence must be >= 0", "{\"op\":\"event_get\",\"sequence\":-1}");
        assertMessage("must be an object", "[1,2]");
        assertMessage("event_get: sequence is required", "{\"op\":\"event_get\"}");
        assertMessage("event_get: sequence is required", "{\"op\":\"event_get\",\"sequence\":null}");
    }

    private static void assertMessage(String expected, String json) {
        ValidationException e = assertThrows(ValidationException.class, () -> CommandJson.commandFromJson(json));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected
                + "'");
    }

    @SuppressWarnings("unchecked")
    private static <R extends Result> R roundTrip(R r) {
        return (R) CommandJson.resultFromJson(CommandJson.toJson(r));
    }
}
